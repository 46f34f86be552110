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
 * One reader's cursor: the calls that take a window, advance and check a held chunk, over the
 * reader's position and counters ({@link ReaderPosition}), with the ring generation its chunks
 * carry and its copies of wrapped chunks. Its {@code AudioReader} checks the arguments and
 * waits; this does the work, inside the reader. Only the thread inside the reader touches this
 * state, except management calls, which hold the reader ({@link #enterManagement()}) and
 * {@link #reload} it before they let it go.
 */
public final class ReadCursor extends ReaderPosition {
    private static final String ONE_THREAD = "a reader is for one consumer at a time; give each consumer its own "
            + "with newReader";

    /** The buffer's ring and closed flag, read first by every call. */
    private final CurrentRing current;
    private final String name;
    /** The buffer's name, for messages. */
    private final String bufferName;
    private final int channels;
    private final WaitStrategy waitStrategy;
    /** Whether one take in {@link SideState#TIMING_SAMPLE_INTERVAL} is timed. */
    private final boolean timing;
    /** Where writers wait for room, signalled by an advance. */
    private final Signal space;
    /** For messages; made once, so that entering the reader allocates nothing. */
    private final String sideName;
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
        super(settings, ownBlock, refusal, shared);
        this.current = current;
        this.name = name;
        this.bufferName = settings.name();
        this.channels = settings.config().channels();
        this.waitStrategy = settings.waitStrategy();
        this.timing = settings.timing();
        this.space = settings.space();
        this.sideName = ownBlock == null ? "read side" : "reader '" + name + "'";
        reload(current.get());
    }

    /** {@return the reader's name} */
    public String name() {
        return name;
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
        return surelyFewer(need) && !closed && !current.isClosed() && window <= current.get().capacity;
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
            newHead = consume(r, samples);
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
     * Loads this reader's copies of its control-block fields from its block in {@code r}, which
     * a management call may have changed or replaced, and reads the write position afresh, as
     * the call may have moved it back ({@code recover}). The caller holds this reader (or made it).
     *
     * @param r the ring now
     */
    public void reload(Ring r) {
        reloadPosition(r);
        generation = r.control.get(GENERATION);
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
