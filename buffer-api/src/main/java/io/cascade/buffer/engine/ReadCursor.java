package io.cascade.buffer.engine;

import io.cascade.buffer.BufferClosedException;
import io.cascade.buffer.BufferEmptyException;
import io.cascade.buffer.InsufficientDataException;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ReaderStatus;
import io.cascade.buffer.WaitStrategy;

import java.lang.invoke.VarHandle;
import java.util.function.Supplier;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * One reader's cursor: its position and counters, its cached view of the write position, the
 * ring generation its chunks carry and its copies of wrapped chunks, with the calls that move
 * them (take a window, advance, catch up after a lap, check a held chunk). Its
 * {@code AudioReader} checks the arguments and waits; this does the work, inside the reader.
 * Only the thread inside the reader touches this state, except management calls, which hold
 * the reader ({@link #enterManagement()}) and {@link #reload} it before they let it go.
 */
public final class ReadCursor {
    private static final String ONE_THREAD = "a reader is for one consumer at a time; give each consumer its own "
            + "with newReader";

    /** The buffer's ring and closed flag, read first by every call. */
    private final CurrentRing current;
    private final String name;
    /** The buffer's name, for messages. */
    private final String bufferName;
    private final int channels;
    private final OverflowPolicy policy;
    private final WaitStrategy waitStrategy;
    /** Whether one take in {@link SideState#TIMING_SAMPLE_INTERVAL} is timed. */
    private final boolean timing;
    /** Where writers wait for room, signalled by an advance. */
    private final Signal space;
    /**
     * The write position as this process's writer publishes it, or {@code null} for a buffer in
     * a shared file, whose writer may be another process: then the block's {@code TAIL}.
     */
    private final PublishedPosition published;
    /**
     * This reader's position as it publishes it to this process's writer, or {@code null} for a
     * buffer in a shared file: then the block's {@code HEAD}.
     */
    private final PublishedPosition head;
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
     * The thread inside the reader (or the management sentinel, or null) and, reader-owned, the
     * last write position this reader read, never ahead of the real one, so that a take or an
     * advance that the cached value already covers reads nothing of the writer's cache line (the
     * writer does the same with the readers' positions). Padded: the writer reads the reader's
     * other fields. Package-private for the engine's tests, which hold it as a reader thread would.
     */
    final SideState side = new SideState();
    /**
     * Reader-owned: the ring's generation, which chunks carry for their validity check. Only
     * management calls change it (clear, resize, recover, close; none on a shared file), and
     * they {@link #reload} this cursor before they let the reader go.
     */
    private long generation;
    /** Reader-owned: copies of wrapped chunks, for the ring they were copied from. */
    private WrapCache wrapCache;
    private volatile boolean closed;
    /** The reader's figures at its close, set with {@link #markClosed}. */
    private volatile ReaderStatus statusAtClose;
    /**
     * Whether the counts go to the block on every call too: the default reader of a shared
     * file, whose block the other process reads.
     */
    private final boolean storesCounts;

    /**
     * The cursor of a new reader, at the position its block holds.
     *
     * @param current  the buffer's ring and closed flag
     * @param settings the buffer's fixed settings
     * @param name     the reader's name, for messages
     * @param ownBlock an added reader's block, or {@code null} for the default reader (whose
     *                 figures live in the ring's control block)
     * @param refusal  why this process may not read through this reader, or {@code null}
     * @param shared   whether the buffer lives in a shared file, whose other process reads the
     *                 default reader's counts from the block
     */
    public ReadCursor(CurrentRing current, BufferSettings settings, String name, ControlBlock ownBlock,
                      String refusal, boolean shared) {
        this.current = current;
        this.name = name;
        this.bufferName = settings.name();
        this.channels = settings.config().channels();
        this.policy = settings.policy();
        this.waitStrategy = settings.waitStrategy();
        this.timing = settings.timing();
        this.space = settings.space();
        this.published = shared ? null : settings.published();
        this.head = shared ? null : new PublishedPosition();
        this.sideName = ownBlock == null ? "read side" : "reader '" + name + "'";
        this.ownBlock = ownBlock;
        this.refusal = refusal;
        this.storesCounts = shared && ownBlock == null && refusal == null;
        reload(current.get());
    }

    /**
     * A counter of this reader's: the per-call counts from the reader's own fields while it is
     * this process's, everything else (and, for a reader of another process, everything) from
     * its block in {@code r}.
     *
     * @param r      the ring now
     * @param offset the counter's offset in {@link ControlBlockDescriptor}
     * @return the counter's value
     */
    public long counter(Ring r, long offset) {
        if (refusal == null) {
            if (offset == READ_OPS) {
                return side.opsNow();
            }
            if (offset == SAMPLES_READ) {
                return side.samplesNow();
            }
            if (offset == ZERO_COPY) {
                return side.zeroCopyNow();
            }
        }
        return block(r).get(offset);
    }

    /**
     * Stores this reader's counts into its block in {@code r} (held for management, which then
     * finds every figure there); a reader of another process keeps the counts it stored.
     *
     * @param r the ring now
     */
    public void storeCounts(Ring r) {
        if (refusal == null) {
            side.storeReaderCounts(block(r));
            if (head != null) {
                side.storePosition(block(r), HEAD);
            }
        }
    }

    /**
     * This reader's position for the writer's gate: the one this process's reader publishes in
     * {@link #head}, or, in a shared file, its block's {@code HEAD}.
     *
     * @param r the ring now
     * @return the position
     */
    public long position(Ring r) {
        return head != null ? head.acquire() : block(r).acquire(HEAD);
    }

    /**
     * This reader's position as the figures report it ({@link SideState#figure}).
     *
     * @param r the ring now
     * @return the position
     */
    public long positionFigure(Ring r) {
        return side.figure(block(r), HEAD, position(r));
    }

    /**
     * The block that holds this reader's position and counters.
     *
     * @param r the ring now
     * @return an added reader's own block, or the ring's control block for the default reader
     */
    public ControlBlock block(Ring r) {
        return ownBlock != null ? ownBlock : r.control;
    }

    /** {@return the reader's name} */
    public String name() {
        return name;
    }

    /** {@return whether this is the default reader's cursor, whose figures live in the ring's control block} */
    public boolean isDefault() {
        return ownBlock == null;
    }

    /** {@return whether the reader was closed (its buffer may be open)} */
    public boolean isClosed() {
        return closed;
    }

    /**
     * Marks the reader closed, keeping its figures of that moment; management calls it, holding
     * the reader.
     *
     * @param atClose the reader's status at its close
     */
    public void markClosed(ReaderStatus atClose) {
        statusAtClose = atClose;
        closed = true;
    }

    /** {@return the reader's figures at its close, or {@code null} while it is open} */
    public ReaderStatus statusAtClose() {
        return statusAtClose;
    }

    /**
     * Takes the window at this reader's position into {@code view}: the whole overlap or
     * nothing, or ({@code shrink}) as much of the overlap as is there beyond the chunk. The
     * caller checked the sizes (positive chunk, whole frames); this checks them against the capacity.
     *
     * @param call        the call, for messages
     * @param chunkSize   samples in the chunk
     * @param overlapSize samples of overlap wanted after it
     * @param shrink      whether the overlap may shrink to what is there
     * @param strict      whether to throw instead of returning {@code false}
     * @param view        the window to fill
     * @return whether the window was taken
     * @throws IllegalArgumentException  if the window is longer than the ring
     * @throws BufferEmptyException      strict, with no unread sample
     * @throws InsufficientDataException strict, with fewer samples than the window
     */
    public boolean tryTake(String call, int chunkSize, int overlapSize, boolean shrink, boolean strict,
                           ChunkWindow view) {
        long window = (long) chunkSize + overlapSize;
        if (!strict && surelyShort(shrink ? chunkSize : window, window)) {
            return false;
        }
        Ring r = enter(call);
        try {
            requireFits(r, window);
            long oldest = catchUp(r);
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
                overlap -= overlap % channels;
            }
            take(r, oldest, oldest, chunkSize, overlap, available, view);
            return true;
        } finally {
            exit();
        }
    }

    /**
     * Whether fewer than {@code need} samples are there for certain, so that a take may return
     * {@code false} without entering this reader: a consumer that polls an empty ring then pays
     * two field loads a poll, not the compare-and-set of entering. Only where the answer is
     * exact: this process's writer, an open buffer and reader, a window that fits the ring.
     * The reader's position is its own field, which only this reader's thread and management
     * calls change; a management call meanwhile either keeps the positions (resize) or leaves
     * nothing unread (clear, recover), so a stale position cannot hide samples the take would
     * have had, and the writer's lapping only lowers what is there. The one-thread rule is
     * checked on entering, so another thread's take that finds nothing here is not refused.
     */
    private boolean surelyShort(long need, long window) {
        // The shortfall first: a take that finds its samples then pays one load for this.
        return published != null && published.acquire() - side.position < need && refusal == null && !closed
                && !current.isClosed() && window <= current.get().capacity;
    }

    /**
     * Refuses a window that can never be there, before anything changes. Checked here, against
     * the ring the call holds, rather than by the facade against the buffer's capacity, which
     * costs a call on every take.
     */
    private static void requireFits(Ring r, long window) {
        if (window > r.capacity) {
            throw new IllegalArgumentException("chunkSize + overlapSize = " + window + " exceeds the capacity of "
                    + r.capacity + " samples: such a chunk can never be available");
        }
    }

    /** Throws what a strict take found: no sample at all, or fewer than the window. */
    private void refuse(Ring r, String call, long available, long window) {
        if (available == 0) {
            throw new BufferEmptyException(call + " of " + window + " samples from the " + sideName + " of "
                    + bufferName + ": no unread sample");
        }
        block(r).add(INSUFFICIENT_ERRORS, 1);
        throw new InsufficientDataException((int) available, (int) window);
    }

    /**
     * Consumes {@code samples} (checked by the caller: not negative, whole frames): moves this
     * reader's position with one release store, or up to the floor when the writer lapped it,
     * then wakes a writer waiting for room.
     *
     * @param samples samples to consume
     * @throws InsufficientDataException if fewer samples are there
     */
    public void advance(int samples) {
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
            long floor = policy == OverflowPolicy.OVERWRITE ? c.acquire(FLOOR) : 0;
            if (floor > head) {
                lapped(mine, head, floor);
                newHead = floor;
            } else {
                newHead = head + samples;
                moveTo(mine, newHead);
                side.countSamples(samples);
                if (storesCounts) {
                    side.storeReaderCounts(mine);
                }
            }
        } finally {
            exit();
        }
        if (policy == OverflowPolicy.BLOCK) {
            space.signal(waitStrategy, newHead);
        }
    }

    /**
     * Consecutive windows from this reader's position (window {@code i} starts {@code i * chunkSize}
     * later), at most {@code maxChunks}; the position stays.
     *
     * @param chunkSize   samples in each chunk (checked by the caller)
     * @param overlapSize samples of overlap after each
     * @param maxChunks   windows at most
     * @param windows     gives the window to fill next, called once for each window taken
     * @return the windows taken
     */
    public int takeBatch(int chunkSize, int overlapSize, int maxChunks, Supplier<ChunkWindow> windows) {
        Ring r = enter("readBatch");
        try {
            long window = (long) chunkSize + overlapSize;
            requireFits(r, window);
            long oldest = catchUp(r);
            long available = tailFor(r, oldest, Long.MAX_VALUE) - oldest;
            long fit = available < window ? 0 : 1 + (available - window) / chunkSize;
            int n = (int) Math.min(maxChunks, fit);
            for (int i = 0; i < n; i++) {
                take(r, oldest, oldest + (long) i * chunkSize, chunkSize, overlapSize, available, windows.get());
            }
            return n;
        } finally {
            exit();
        }
    }

    /**
     * Whether {@code need} samples are there for this reader; throws once it or the buffer is
     * closed. Reads inside this reader, as resize frees storage only with every reader held
     * (freeing memory under a reading thread sets that thread's interrupt flag).
     *
     * @param need samples wanted
     * @return whether they are there
     */
    public boolean dataFor(long need) {
        if (surelyShort(need, 0)) {
            return false;
        }
        Ring r = enter("awaitChunk");
        try {
            return writePosition(r) - firstUnread(r) >= need;
        } finally {
            exit();
        }
    }

    /**
     * The write position at which {@code need} samples will be there for this reader, as things stand.
     *
     * @param need samples wanted
     * @return that write position
     */
    public long tailNeeded(long need) {
        Ring r = enter("awaitChunk");
        try {
            return firstUnread(r) + need;
        } finally {
            exit();
        }
    }

    /** This reader's first unread position that is still in the ring. */
    private long firstUnread(Ring r) {
        return Math.max(position(r), r.control.acquire(FLOOR));
    }

    /**
     * Counts a wait; statistics only, skipped when another thread is inside this reader.
     *
     * @param nanos how long the wait took
     */
    public void recordWait(long nanos) {
        if (!side.tryEnter()) {
            return;
        }
        try {
            if (!closed && !current.isClosed()) {
                ControlBlock c = block(current.get());
                c.add(READER_WAITS, 1);
                c.add(READER_WAIT_NANOS, nanos);
            }
        } finally {
            exit();
        }
    }

    /**
     * The write position, enough for {@code need} samples after {@code from} if they are there:
     * the cached one when it shows them, else read afresh (and cached). A stale value only
     * understates what is there, and the samples below it were published before it was read.
     */
    private long tailFor(Ring r, long from, long need) {
        long tail = side.cachedPosition;
        if (tail - from < need) {
            tail = writePosition(r);
            side.cachedPosition = tail;
        }
        return tail;
    }

    /** {@return the write position now (an acquire load): this process's writer's, else the block's} */
    private long writePosition(Ring r) {
        return published != null ? published.acquire() : r.control.acquire(TAIL);
    }

    /**
     * Loads this reader's copies of its control-block fields from its block in {@code r}, which
     * a management call may have changed or replaced, and reads the write position afresh, as
     * the call may have moved it back ({@code recover}). The caller holds this reader (or made it).
     *
     * @param r the ring now
     */
    public void reload(Ring r) {
        side.loadReader(block(r));
        if (head != null) {
            head.release(side.position);
        }
        side.cachedPosition = writePosition(r);
        generation = r.control.get(GENERATION);
    }

    /**
     * {@link #catchUp} for a management call, which holds this reader and finds every position
     * in the blocks: the moved position is stored into this reader's block too.
     *
     * @param r the ring now
     * @return the stream position of the oldest sample this reader can read
     */
    public long catchUpHeld(Ring r) {
        long oldest = catchUp(r);
        storeCounts(r);
        return oldest;
    }

    /**
     * Moves this reader's position up to the floor when the writer lapped it, counting the lost
     * samples and the lap. Caller is inside this reader.
     */
    private long catchUp(Ring r) {
        ControlBlock mine = block(r);
        long head = side.position;
        if (policy != OverflowPolicy.OVERWRITE) {
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
        moveTo(mine, floor);
    }

    /**
     * Publishes the reader's new position: to this process's writer in {@link #head}, which the
     * writer reads when its cached gate says full (management stores it into the block); in a
     * shared file, whose writer may be another process, to the block's {@code HEAD}.
     */
    private void moveTo(ControlBlock mine, long newHead) {
        if (head != null) {
            head.release(newHead);
        } else {
            mine.release(HEAD, newHead);
        }
        side.position = newHead;
    }

    /**
     * Fills {@code view} with the window at {@code start}. The copy of a wrapped window and the
     * timing are methods of their own so that this one stays under the JIT's size limit for
     * inlining a hot method (325 bytes of bytecode, {@code -XX:FreqInlineSize}); at 326 it was
     * called, not inlined, on every take. {@code HotPathSizeTest} keeps it there.
     */
    private void take(Ring r, long oldest, long start, int chunkSize, int overlapSize, long available,
                      ChunkWindow view) {
        long ops = side.ops;
        boolean timed = timing && (ops & (SideState.TIMING_SAMPLE_INTERVAL - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0;
        int index = r.index(start);
        if (r.mirrored || index + chunkSize + overlapSize <= r.slots) {
            view.fill(r, r.samples, (long) index * Float.BYTES, chunkSize, overlapSize, ops, start, generation,
                    available, index, true, null);
            side.countZeroCopy();
        } else {
            takeCopy(r, oldest, start, chunkSize, overlapSize, ops, available, index, view);
        }
        side.countOp();
        if (storesCounts) {
            side.storeReaderCounts(block(r));
        }
        if (timed) {
            recordTimedTake(block(r), System.nanoTime() - t0);
        }
    }

    /** Fills {@code view} with a copy of a window that crosses the end of plain storage, from the wrap cache. */
    private void takeCopy(Ring r, long oldest, long start, int chunkSize, int overlapSize, long ops, long available,
                          int index, ChunkWindow view) {
        ControlBlock mine = block(r);
        WrapCache cache = wrapCache;
        if (cache == null || cache.ring() != r) {
            cache = new WrapCache(r);
            wrapCache = cache;
        }
        WrapCache.Entry e = cache.acquire(start, chunkSize + overlapSize, oldest, generation, mine);
        view.fill(r, e.scratch, (start - e.start) * Float.BYTES, chunkSize, overlapSize, ops, start, generation,
                available, index, false, e);
        mine.add(COPIED, 1);
    }

    private static void recordTimedTake(ControlBlock mine, long nanos) {
        mine.add(READ_NANOS, nanos);
        mine.add(READS_TIMED, 1);
        mine.add(READ_HISTOGRAM + (long) ControlBlockDescriptor.bucketOf(nanos) * Long.BYTES, 1);
    }

    /**
     * Whether a chunk's samples are still those of its stream position. The acquire fence first
     * orders the caller's reads of the samples before these checks, as in a sequence lock: the
     * writer raises the floor before it overwrites, so a chunk that saw an overwritten sample
     * sees the raised floor here.
     *
     * @param view a window this cursor filled
     * @return whether its samples are still those of its stream position
     */
    public boolean isChunkValid(ChunkWindow view) {
        VarHandle.acquireFence();
        Ring r = current.get();
        if (closed || current.isClosed() || view.ring != r || !r.pin()) {
            return false;
        }
        try {
            ControlBlock c = r.control;
            if (c.get(GENERATION) != view.generation || view.startPosition < position(r)
                    || view.startPosition < c.acquire(FLOOR)) {
                return false;
            }
        } finally {
            r.unpin();
        }
        return view.entryHolds();
    }

    /** Enters the reader for {@code call}: refuses a second thread, waits out a management call. */
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
        Ring r = current.open(call);
        if (closed) {
            throw new BufferClosedException(call + " on closed reader '" + name + "' of buffer '" + bufferName + "'");
        }
        return r;
    }

    private void exit() {
        side.exit();
    }

    /** Holds this reader for a management call (spins while a reader call finishes). */
    public void enterManagement() {
        side.holdForManagement();
    }

    /** Lets the reader go after a management call. */
    public void exitManagement() {
        exit();
    }
}
