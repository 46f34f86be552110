package io.cascade.buffer;

import io.cascade.buffer.engine.ControlBlock;
import io.cascade.buffer.engine.ControlBlockDescriptor;
import io.cascade.buffer.engine.Deadline;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.SideState;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * One consumer's cursor into an {@link AudioRingBuffer}: the read side of the buffer's contract
 * ({@link #getChunkWithOverlap(int, int)}, {@link #getChunkWithSmartOverlap(int, int)},
 * {@link #awaitChunk(int, int, Duration)}, {@link #readBatch(int, int, int)},
 * {@link #advanceReadPosition(int)}, {@link #availableSamples()}) at this reader's own pace.
 * Every sample written is seen by every open reader, in order.
 *
 * <pre>{@code
 * try (AudioRingBuffer mic = AudioRingBuffer.create(AudioConfig.mono(16_000), 2);
 *      AudioReader asr = mic.newReader("asr");
 *      AudioReader recorder = mic.newReader("recorder")) {
 *     // producer: mic.write(block) ...
 *     // VAD reads through the buffer's own calls (its default reader):
 *     mic.getChunkWithOverlap(512, 256).ifPresent(c -> { vad(c.data()); mic.advanceReadPosition(512); });
 *     // ASR and the recorder read the same samples at their own pace:
 *     asr.awaitChunk(8_000, 1_600, Duration.ofSeconds(1)).ifPresent(c -> { asr(c.data()); asr.advanceReadPosition(8_000); });
 *     recorder.getChunkWithOverlap(1_600, 0).ifPresent(c -> { save(c.toArray()); recorder.advanceReadPosition(1_600); });
 * }
 * }</pre>
 *
 * <p>The overflow policy acts on the slowest open reader: {@link OverflowPolicy#BLOCK} writes
 * wait for it, {@link OverflowPolicy#REJECT} refuses, {@link OverflowPolicy#OVERWRITE} laps it
 * (its held chunks report {@code isValid() == false}, its cursor jumps to the oldest sample still
 * there, and its {@link ReaderStatus#laps()} and dropped samples count it). A reader that is
 * closed no longer holds the writer back.
 *
 * <p>Like the buffer's read side, a reader is for one thread at a time: it takes no lock, and a
 * second thread entering it while one is inside gets {@link ThreadSafetyViolationException}.
 * Different readers may be used from different threads at once. Its position and counters lie on
 * cache lines of their own; the writer reads the positions of all open readers without a lock.
 */
public final class AudioReader implements ChunkReader, AutoCloseable {

    /** Where a new reader's cursor starts. */
    public enum Start {
        /** At the oldest sample that an open reader has not consumed yet (or the newest, with none open). */
        OLDEST_UNREAD,
        /** At the write position: the reader sees only samples written after it was made. */
        NEWEST
    }

    private static final String ONE_THREAD = "a reader is for one consumer at a time; give each consumer its own "
            + "with newReader";

    private final AudioRingBuffer buffer;
    private final String name;
    /** For messages; made once, so that entering the reader allocates nothing. */
    private final String sideName;
    /**
     * Position and counters of an added reader, laid out as a control block's reader region and
     * read histogram (the rest is unused padding). Null for the default reader, whose figures live
     * in the ring's own control block and move with it on resize.
     */
    private final ControlBlock ownBlock;
    /** Why this process may not read through this reader (another process holds it), or {@code null}. */
    private final String refusal;
    /**
     * The thread inside this reader (or the buffer's management sentinel, or null) and,
     * reader-owned, the last write position this reader read, never ahead of the real one, so
     * that a take or an advance that the cached value already covers reads nothing of the
     * writer's cache line (the writer does the same with the readers' positions). Padded: the
     * writer reads this object's other fields.
     */
    private final SideState side = new SideState();
    /**
     * Reader-owned: the ring's generation, which chunks carry for their validity check. Only
     * management calls change it (clear, resize, recover, close; none on a shared file), and
     * they {@link #reload} this reader before they let it go.
     */
    private long generation;
    /** Reader-owned: copies of wrapped chunks, for the ring they were copied from. */
    private WrapCache wrapCache;
    private volatile boolean closed;
    /** This reader's figures at its close, set (before {@code closed}) under management. */
    private volatile ReaderStatus frozenStatus;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    AudioReader(AudioRingBuffer buffer, String name, ControlBlock ownBlock, String refusal) {
        this.buffer = buffer;
        this.refusal = refusal;
        this.name = name;
        this.sideName = ownBlock == null ? "read side" : "reader '" + name + "'";
        this.ownBlock = ownBlock;
        reload(buffer.currentRing());
    }

    /** {@return this reader's name, as given to {@link AudioRingBuffer#newReader(String)}} */
    public String name() {
        return name;
    }

    /** {@return the buffer this reader reads} */
    public AudioRingBuffer buffer() {
        return buffer;
    }

    /** {@return whether this reader, or its buffer, is closed} */
    public boolean isClosed() {
        return closed || buffer.isClosed();
    }

    /** The block that holds this reader's position and counters in ring {@code r}. */
    ControlBlock block(Ring r) {
        return ownBlock != null ? ownBlock : r.control;
    }

    boolean isDefault() {
        return ownBlock == null;
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    @Override
    public ChunkView newChunkView() {
        return new ChunkView(this);
    }

    @Override
    public Optional<AudioChunk> getChunkWithOverlap(int chunkSize, int overlapSize) {
        ChunkView view = new ChunkView(this);
        return tryGetChunkWithOverlap(chunkSize, overlapSize, view) ? Optional.of(view) : Optional.empty();
    }

    @Override
    public boolean tryGetChunkWithOverlap(int chunkSize, int overlapSize, ChunkView view) {
        return tryTake("getChunkWithOverlap", chunkSize, overlapSize, false, false, view);
    }

    @Override
    public AudioChunk takeChunk(int chunkSize, int overlapSize) {
        ChunkView view = new ChunkView(this);
        tryTake("takeChunk", chunkSize, overlapSize, false, true, view);
        return view;
    }

    @Override
    public Optional<AudioChunk> getChunkWithSmartOverlap(int chunkSize, int requestedOverlap) {
        ChunkView view = new ChunkView(this);
        return tryGetChunkWithSmartOverlap(chunkSize, requestedOverlap, view) ? Optional.of(view) : Optional.empty();
    }

    @Override
    public boolean tryGetChunkWithSmartOverlap(int chunkSize, int requestedOverlap, ChunkView view) {
        return tryTake("getChunkWithSmartOverlap", chunkSize, requestedOverlap, true, false, view);
    }

    /**
     * Takes the window at this reader's position into {@code view}: the whole overlap or
     * nothing, or ({@code shrink}) as much of the overlap as is there beyond the chunk. With
     * {@code strict}, throws instead of returning {@code false}.
     */
    private boolean tryTake(String call, int chunkSize, int overlapSize, boolean shrink, boolean strict,
                            ChunkView view) {
        checkWindow(chunkSize, overlapSize);
        checkView(view);
        Ring r = enter(call);
        try {
            long oldest = catchUp(r);
            long window = (long) chunkSize + overlapSize;
            long available = tailFor(r, oldest, window) - oldest;
            if (available < (shrink ? chunkSize : window)) {
                if (strict) {
                    refuse(r, call, available, window);
                }
                return false;
            }
            int overlap = overlapSize;
            if (available < window) {
                overlap = (int) (available - chunkSize);
                overlap -= overlap % buffer.config().channels();
            }
            take(r, oldest, oldest, chunkSize, overlap, available, view);
            return true;
        } finally {
            exit();
        }
    }

    /** Throws what a strict take found: no sample at all, or fewer than the window. */
    private void refuse(Ring r, String call, long available, long window) {
        if (available == 0) {
            throw new BufferEmptyException(call + " of " + window + " samples from the " + sideName + " of "
                    + buffer.name() + ": no unread sample");
        }
        block(r).add(INSUFFICIENT_ERRORS, 1);
        throw new InsufficientDataException((int) available, (int) window);
    }

    @Override
    public Optional<AudioChunk> awaitChunk(int chunkSize, int overlapSize, Duration timeout) {
        ChunkView view = new ChunkView(this);
        return awaitChunk(chunkSize, overlapSize, timeout, view) ? Optional.of(view) : Optional.empty();
    }

    @Override
    public boolean awaitChunk(int chunkSize, int overlapSize, Duration timeout, ChunkView view) {
        long timeoutNanos = Deadline.timeoutNanos(timeout);
        if (tryGetChunkWithOverlap(chunkSize, overlapSize, view)) {
            return true;
        }
        long deadline = Deadline.of(timeoutNanos);
        long need = (long) chunkSize + overlapSize;
        long waitStart = 0;
        try {
            for (;;) {
                if (Deadline.expired(timeoutNanos, deadline)) {
                    if (waitStart != 0) {
                        BufferEvents.starved(buffer.name(), need, isClosed() ? 0 : availableSamples());
                    }
                    return false;
                }
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                try {
                    buffer.dataSignal().await(buffer.waitStrategy(), () -> dataFor(need), deadline, tailNeeded(need));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BufferInterruptedException("awaitChunk interrupted while waiting for " + need
                            + " samples; nothing was consumed", e);
                }
                if (tryGetChunkWithOverlap(chunkSize, overlapSize, view)) {
                    return true;
                }
            }
        } finally {
            if (waitStart != 0) {
                recordWait(System.nanoTime() - waitStart);
            }
        }
    }

    /**
     * Whether {@code need} samples are there for this reader; throws once it or the buffer is
     * closed. Reads inside this reader, as resize frees storage only with every reader held
     * (freeing memory under a reading thread sets that thread's interrupt flag).
     */
    private boolean dataFor(long need) {
        Ring r = enter("awaitChunk");
        try {
            return r.control.acquire(TAIL) - firstUnread(r) >= need;
        } finally {
            exit();
        }
    }

    /** The write position at which {@code need} samples will be there for this reader, as things stand. */
    private long tailNeeded(long need) {
        Ring r = enter("awaitChunk");
        try {
            return firstUnread(r) + need;
        } finally {
            exit();
        }
    }

    /** This reader's first unread position that is still in the ring. */
    private long firstUnread(Ring r) {
        return Math.max(block(r).acquire(HEAD), r.control.acquire(FLOOR));
    }

    /** Counts a wait; statistics only, skipped when another thread is inside this reader. */
    private void recordWait(long nanos) {
        if (!side.tryEnter()) {
            return;
        }
        try {
            if (!isClosed()) {
                ControlBlock c = block(buffer.currentRing());
                c.add(READER_WAITS, 1);
                c.add(READER_WAIT_NANOS, nanos);
            }
        } finally {
            exit();
        }
    }

    @Override
    public List<AudioChunk> readBatch(int chunkSize, int overlapSize, int maxChunks) {
        checkWindow(chunkSize, overlapSize);
        if (maxChunks < 0) {
            throw new IllegalArgumentException("maxChunks must be >= 0, was " + maxChunks);
        }
        Ring r = enter("readBatch");
        try {
            long oldest = catchUp(r);
            long available = tailFor(r, oldest, Long.MAX_VALUE) - oldest;
            long window = (long) chunkSize + overlapSize;
            long fit = available < window ? 0 : 1 + (available - window) / chunkSize;
            int n = (int) Math.min(maxChunks, fit);
            List<AudioChunk> chunks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ChunkView view = new ChunkView(this);
                take(r, oldest, oldest + (long) i * chunkSize, chunkSize, overlapSize, available, view);
                chunks.add(view);
            }
            return chunks;
        } finally {
            exit();
        }
    }

    @Override
    public void advanceReadPosition(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("advance must be >= 0, was " + samples);
        }
        buffer.config().requireFrames("advance", samples);
        Ring r = enter("advanceReadPosition");
        long newHead;
        try {
            ControlBlock c = r.control;
            ControlBlock mine = block(r);
            long head = side.position;
            long tail = tailFor(r, head, samples);
            if (samples > tail - head) {
                mine.add(INSUFFICIENT_ERRORS, 1);
                throw new InsufficientDataException((int) (tail - Math.max(head, c.acquire(FLOOR))), samples);
            }
            long floor = buffer.policy() == OverflowPolicy.OVERWRITE ? c.acquire(FLOOR) : 0;
            if (floor > head) {
                lapped(mine, head, floor);
                newHead = floor;
            } else {
                newHead = head + samples;
                mine.release(HEAD, newHead);
                side.position = newHead;
                mine.set(SAMPLES_READ, side.samples += samples);
            }
        } finally {
            exit();
        }
        if (buffer.policy() == OverflowPolicy.BLOCK) {
            buffer.spaceSignal().signal(buffer.waitStrategy(), newHead);
        }
    }

    @Override
    public int availableSamples() {
        return status().lagSamples();
    }

    /** {@return this reader's position, lag, laps and counters; after close, the figures at close} */
    public ReaderStatus status() {
        return buffer.readerStatus(this);
    }

    /**
     * The write position, enough for {@code need} samples after {@code from} if they are there:
     * the cached one when it shows them, else read afresh (and cached). A stale value only
     * understates what is there, and the samples below it were published before it was read.
     */
    private long tailFor(Ring r, long from, long need) {
        long tail = side.cachedPosition;
        if (tail - from < need) {
            tail = r.control.acquire(TAIL);
            side.cachedPosition = tail;
        }
        return tail;
    }

    /**
     * Loads this reader's copies of its control-block fields from its block in {@code r}, which
     * a management call may have changed or replaced, and reads the write position afresh, as
     * the call may have moved it back ({@code recover}). The caller holds this reader (or made it).
     */
    void reload(Ring r) {
        side.loadReader(block(r));
        side.cachedPosition = r.control.acquire(TAIL);
        generation = r.control.get(GENERATION);
    }

    /**
     * Moves this reader's position up to the floor when the writer lapped it, counting the lost
     * samples and the lap. Caller is inside this reader.
     *
     * @return the stream position of the oldest sample this reader can read
     */
    long catchUp(Ring r) {
        ControlBlock mine = block(r);
        long head = side.position;
        if (buffer.policy() != OverflowPolicy.OVERWRITE) {
            return head;
        }
        long floor = r.control.acquire(FLOOR);
        if (floor > head) {
            lapped(mine, head, floor);
            return floor;
        }
        return head;
    }

    private void lapped(ControlBlock mine, long head, long floor) {
        mine.add(DROPPED, floor - head);
        mine.add(LAPS, 1);
        mine.release(HEAD, floor);
        side.position = floor;
    }

    private void take(Ring r, long oldest, long start, int chunkSize, int overlapSize, long available, ChunkView view) {
        ControlBlock mine = block(r);
        long ops = side.ops;
        boolean timed = buffer.timing() && (ops & (AudioRingBuffer.TIMING_SAMPLE_INTERVAL - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0;

        int length = chunkSize + overlapSize;
        int index = r.index(start);
        double level = (double) available / r.capacity;
        if (r.mirrored || index + length <= r.slots) {
            view.fill(r, r.samples, (long) index * Float.BYTES, chunkSize, overlapSize, ops, start, generation,
                    level, index, true, null);
            mine.set(ZERO_COPY, ++side.zeroCopy);
        } else {
            WrapCache cache = wrapCache;
            if (cache == null || cache.ring() != r) {
                cache = new WrapCache(r);
                wrapCache = cache;
            }
            WrapCache.Entry e = cache.acquire(start, length, oldest, generation, mine);
            view.fill(r, e.scratch, (start - e.start) * Float.BYTES, chunkSize, overlapSize, ops, start, generation,
                    level, index, false, e);
            mine.add(COPIED, 1);
        }
        mine.set(READ_OPS, ++side.ops);
        if (timed) {
            long nanos = System.nanoTime() - t0;
            mine.add(READ_NANOS, nanos);
            mine.add(READS_TIMED, 1);
            mine.add(READ_HISTOGRAM + (long) ControlBlockDescriptor.bucketOf(nanos) * Long.BYTES, 1);
        }
    }

    /**
     * Whether a chunk's samples are still those of its stream position. The acquire fence first
     * orders the caller's reads of the samples before these checks, as in a sequence lock: the
     * writer raises the floor before it overwrites, so a chunk that saw an overwritten sample
     * sees the raised floor here.
     */
    boolean isChunkValid(ChunkView view) {
        VarHandle.acquireFence();
        Ring r = buffer.currentRing();
        if (isClosed() || view.ring != r || !r.pin()) {
            return false;
        }
        try {
            ControlBlock c = r.control;
            if (c.get(GENERATION) != view.generation || view.startPosition < block(r).acquire(HEAD)
                    || view.startPosition < c.acquire(FLOOR)) {
                return false;
            }
        } finally {
            r.unpin();
        }
        return view.entry == null || view.entry.stamp == view.entryStamp;
    }

    /**
     * Stops this reader: it no longer holds the writer back, and every later read call on it
     * throws {@link BufferClosedException}. Idempotent; waits for a call inside this reader to
     * return. Closing the default reader ({@link AudioRingBuffer#defaultReader()}) makes the
     * buffer's own read calls throw, for pipelines that read only through added readers.
     */
    @Override
    public void close() {
        buffer.closeReader(this);
    }

    /** Keeps this reader's figures at its close; the buffer calls it under management. */
    void freeze(ReaderStatus status) {
        frozenStatus = status;
    }

    ReaderStatus frozenStatus() {
        return frozenStatus;
    }

    /** Runs {@code listener} once this reader is closed by {@link #close()} (not when its buffer closes). */
    void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (closed && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    void runCloseListeners() {
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
    }

    /** Marks this reader closed; the buffer calls it under management, holding this reader. */
    void markClosed() {
        closed = true;
    }

    // ------------------------------------------------------------------------------------------
    // Ownership

    /** Enters this reader for {@code call}: refuses a second thread, waits out a management call. */
    private Ring enter(String call) {
        if (refusal != null) {
            throw new IllegalStateException(call + refusal);
        }
        side.enterAlone(call, sideName, ONE_THREAD);
        try {
            return openRing(call);
        } catch (RuntimeException e) {
            exit();
            throw e;
        }
    }

    private Ring openRing(String call) {
        Ring r = buffer.openRing(call);
        if (closed) {
            throw new BufferClosedException(call + " on closed reader '" + name + "' of " + buffer);
        }
        return r;
    }

    private void exit() {
        side.exit();
    }

    /** Holds this reader for a management call (spins while a reader call finishes). */
    void enterManagement() {
        side.holdForManagement();
    }

    void exitManagement() {
        exit();
    }

    private void checkWindow(int chunkSize, int overlapSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
        }
        if (overlapSize < 0) {
            throw new IllegalArgumentException("overlapSize must be >= 0, was " + overlapSize);
        }
        AudioConfig config = buffer.config();
        config.requireFrames("chunkSize", chunkSize);
        config.requireFrames("overlapSize", overlapSize);
        int capacity = buffer.capacity();
        if ((long) chunkSize + overlapSize > capacity) {
            throw new IllegalArgumentException("chunkSize + overlapSize = " + ((long) chunkSize + overlapSize)
                    + " exceeds the capacity of " + capacity + " samples: such a chunk can never be available");
        }
    }

    private void checkView(ChunkView view) {
        Objects.requireNonNull(view, "view");
        if (view.owner() != this) {
            throw new IllegalArgumentException("the ChunkView belongs to another buffer or reader; make one with "
                    + "newChunkView() of the reader that takes the chunk");
        }
    }

    @Override
    public String toString() {
        return "AudioReader[" + name + " of " + buffer.name() + (isClosed() ? ", closed" : "") + "]";
    }
}
