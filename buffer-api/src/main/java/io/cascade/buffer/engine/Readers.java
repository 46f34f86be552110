package io.cascade.buffer.engine;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import java.util.function.Function;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * A buffer's open readers, the gate they set for the writer, and the counters of the readers
 * closed so far. The set is replaced (copy on write) only while management holds every side, so
 * the writer and status reads walk it without a lock. It holds the readers as the API hands them
 * out ({@code R}, the facade) and reaches each one's {@link ReadCursor} through the function it
 * was given, so the engine knows no facade type.
 *
 * @param <R> the reader facade
 */
public final class Readers<R> implements Gate {
    /** Read-side counters summed over readers (and kept from closed ones) for the buffer's figures. */
    public static final long[] SUMMED_COUNTERS = {READ_OPS, SAMPLES_READ, ZERO_COPY, COPIED, READ_NANOS, READS_TIMED,
            INSUFFICIENT_ERRORS, DROPPED, CACHE_HITS, CACHE_MISSES, CACHE_EVICTIONS, READER_WAITS, READER_WAIT_NANOS};

    /**
     * Longs of the heap array behind a reader's block (an added reader's, the retired sums): a
     * region of padding, so that the position written on every advance shares no line pair
     * with whatever the heap put before the array, then the reader's fields.
     */
    private static final int BLOCK_LONGS = (int) ((REGION + READER_BLOCK_SIZE) / Long.BYTES);

    private final Function<R, ReadCursor> cursorOf;
    private volatile R[] open;
    /** Sums of closed readers' counters (a block of the reader layout on the heap), changed under management. */
    private final ControlBlock retired = newBlock();
    private final List<Consumer<R>> addListeners = new CopyOnWriteArrayList<>();

    /**
     * The set of the buffer's first readers.
     *
     * @param first    the first set (the buffer's default reader); its array type is kept for every later set
     * @param cursorOf each reader's cursor
     */
    public Readers(R[] first, Function<R, ReadCursor> cursorOf) {
        this.open = first.clone();
        this.cursorOf = cursorOf;
    }

    /** {@return a block of one reader's fields on the heap, for a reader added to a buffer} */
    public static ControlBlock newBlock() {
        return ControlBlock.ofReader(MemorySegment.ofArray(new long[BLOCK_LONGS]).asSlice(REGION));
    }

    /** {@return the open readers now; the array is never changed, a new set is a new array} */
    public R[] open() {
        return open;
    }

    /**
     * {@return the cursor of a reader}
     *
     * @param reader an open or closed reader of this set
     */
    public ReadCursor cursor(R reader) {
        return cursorOf.apply(reader);
    }

    /** {@return the counters of the readers closed so far} */
    public ControlBlock retired() {
        return retired;
    }

    /**
     * The position of the slowest open reader, or {@code tail} when none is open: the writer may
     * not go more than a capacity past it. Reads each open reader's position without a lock.
     */
    @Override
    public long gate(Ring r, long tail) {
        long gate = tail;
        for (R reader : open) {
            gate = Math.min(gate, cursorOf.apply(reader).position(r));
        }
        return gate;
    }

    /**
     * Holds every open reader for a management call: none is inside a call afterwards, and
     * (the caller holding the write side, so no other call changes the set) the set stays.
     *
     * @return the readers held, for {@link #releaseAll}
     */
    public R[] holdAll() {
        R[] held = open;
        for (R reader : held) {
            cursorOf.apply(reader).enterManagement();
        }
        return held;
    }

    /**
     * Releases the readers {@link #holdAll()} held.
     *
     * @param held what it returned
     */
    public void releaseAll(R[] held) {
        for (R reader : held) {
            cursorOf.apply(reader).exitManagement();
        }
    }

    /**
     * Adds a reader to the held set (under management); the add listeners run later, outside it.
     *
     * @param held   the set {@link #holdAll()} returned
     * @param reader the new reader
     */
    public void add(R[] held, R reader) {
        R[] next = Arrays.copyOf(held, held.length + 1);
        next[held.length] = reader;
        open = next;
    }

    /**
     * Runs the add listeners for a reader just added, outside management.
     *
     * @param reader the reader added
     */
    public void announce(R reader) {
        for (Consumer<R> listener : addListeners) {
            listener.accept(reader);
        }
    }

    /**
     * Runs {@code listener} for every reader added from now on.
     *
     * @param listener what to run
     */
    public void onAdded(Consumer<R> listener) {
        addListeners.add(listener);
    }

    /**
     * Removes a held reader from the set, keeping its counters in the retired sums (under management).
     *
     * @param held   the set {@link #holdAll()} returned
     * @param reader the reader to remove
     * @param r      the ring now
     */
    public void retire(R[] held, R reader, Ring r) {
        int at = 0;
        while (at < held.length && held[at] != reader) {
            at++;
        }
        if (at == held.length) {
            throw new IllegalStateException(reader + " is not in the held set");
        }
        ControlBlock block = cursorOf.apply(reader).block(r);
        for (long offset : SUMMED_COUNTERS) {
            retired.add(offset, block.get(offset));
        }
        for (int i = 0; i < HISTOGRAM_BUCKETS; i++) {
            long bucket = READ_HISTOGRAM + (long) i * Long.BYTES;
            retired.add(bucket, block.get(bucket));
        }
        R[] next = Arrays.copyOf(held, held.length - 1);
        System.arraycopy(held, at + 1, next, at, held.length - at - 1);
        open = next;
    }

    /**
     * {@return the take-latency histogram of every reader, closed ones included}
     *
     * @param r the ring now, pinned or held
     */
    public long[] readHistogram(Ring r) {
        long[] buckets = new long[HISTOGRAM_BUCKETS];
        for (int i = 0; i < buckets.length; i++) {
            long offset = READ_HISTOGRAM + (long) i * Long.BYTES;
            buckets[i] = retired.get(offset);
            for (R reader : open) {
                buckets[i] += cursorOf.apply(reader).block(r).get(offset);
            }
        }
        return buckets;
    }
}
