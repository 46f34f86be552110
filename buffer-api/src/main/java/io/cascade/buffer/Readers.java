package io.cascade.buffer;

import io.cascade.buffer.engine.ControlBlock;
import io.cascade.buffer.engine.Gate;
import io.cascade.buffer.engine.Ring;

import java.lang.foreign.MemorySegment;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * A buffer's open readers, the gate they set for the writer, and the counters of the readers
 * closed so far. The set is replaced (copy on write) only while management holds every side, so
 * the writer and status reads walk it without a lock.
 */
final class Readers implements Gate {
    /**
     * Longs of the heap array behind a reader's block (an added reader's, the retired sums): a
     * region of padding, so that the position written on every advance shares no line pair
     * with whatever the heap put before the array, then the reader's fields.
     */
    private static final int BLOCK_LONGS = (int) ((REGION + READER_BLOCK_SIZE) / Long.BYTES);

    private volatile AudioReader[] open;
    /** Sums of closed readers' counters (a block of the reader layout on the heap), changed under management. */
    private final ControlBlock retired = newBlock();
    private final List<Consumer<AudioReader>> addListeners = new CopyOnWriteArrayList<>();

    /** The set of one reader, the buffer's default one. */
    Readers(AudioReader first) {
        this.open = new AudioReader[] {first};
    }

    /** {@return a block of one reader's fields on the heap, for a reader added to a buffer} */
    static ControlBlock newBlock() {
        return ControlBlock.ofReader(MemorySegment.ofArray(new long[BLOCK_LONGS]).asSlice(REGION));
    }

    /** {@return the open readers now; the array is never changed, a new set is a new array} */
    AudioReader[] open() {
        return open;
    }

    /** {@return the counters of the readers closed so far} */
    ControlBlock retired() {
        return retired;
    }

    /**
     * The position of the slowest open reader, or {@code tail} when none is open: the writer may
     * not go more than a capacity past it. Reads each open reader's position without a lock.
     */
    @Override
    public long gate(Ring r, long tail) {
        long gate = tail;
        for (AudioReader reader : open) {
            gate = Math.min(gate, reader.cursor().block(r).acquire(HEAD));
        }
        return gate;
    }

    /**
     * Holds every open reader for a management call: none is inside a call afterwards, and
     * (the caller holding the write side, so no other call changes the set) the set stays.
     *
     * @return the readers held, for {@link #releaseAll(AudioReader[])}
     */
    AudioReader[] holdAll() {
        AudioReader[] held = open;
        for (AudioReader reader : held) {
            reader.cursor().enterManagement();
        }
        return held;
    }

    /** Releases the readers {@link #holdAll()} held. */
    static void releaseAll(AudioReader[] held) {
        for (AudioReader reader : held) {
            reader.cursor().exitManagement();
        }
    }

    /** Adds a reader to the held set (under management); the add listeners run later, outside it. */
    void add(AudioReader[] held, AudioReader reader) {
        AudioReader[] next = Arrays.copyOf(held, held.length + 1);
        next[held.length] = reader;
        open = next;
    }

    /** Runs the add listeners for a reader just added, outside management. */
    void announce(AudioReader reader) {
        for (Consumer<AudioReader> listener : addListeners) {
            listener.accept(reader);
        }
    }

    /** Runs {@code listener} for every reader added from now on. */
    void onAdded(Consumer<AudioReader> listener) {
        addListeners.add(listener);
    }

    /** Removes a held reader from the set, keeping its counters in the retired sums (under management). */
    void retire(AudioReader[] held, AudioReader reader, Ring r) {
        ControlBlock block = reader.cursor().block(r);
        for (long offset : Snapshot.READ_COUNTERS) {
            retired.add(offset, block.get(offset));
        }
        for (int i = 0; i < HISTOGRAM_BUCKETS; i++) {
            long bucket = READ_HISTOGRAM + (long) i * Long.BYTES;
            retired.add(bucket, block.get(bucket));
        }
        open = Arrays.stream(held).filter(x -> x != reader).toArray(AudioReader[]::new);
    }

    /** {@return the take-latency histogram of every reader, closed ones included; {@code r} pinned or held} */
    long[] readHistogram(Ring r) {
        long[] buckets = new long[HISTOGRAM_BUCKETS];
        for (int i = 0; i < buckets.length; i++) {
            long offset = READ_HISTOGRAM + (long) i * Long.BYTES;
            buckets[i] = retired.get(offset);
            for (AudioReader reader : open) {
                buckets[i] += reader.cursor().block(r).get(offset);
            }
        }
        return buckets;
    }

    /** {@return whether every reader's position in {@code s} is still its position in {@code r}} */
    static boolean samePositions(Snapshot s, Ring r) {
        for (Snapshot.Reader reader : s.readers()) {
            if (reader.head() != reader.reader().cursor().block(r).acquire(HEAD)) {
                return false;
            }
        }
        return true;
    }
}
