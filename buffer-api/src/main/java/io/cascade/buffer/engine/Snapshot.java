package io.cascade.buffer.engine;

import java.util.ArrayList;
import java.util.List;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * Every raw figure of a buffer at one moment: counters read from the control block and the
 * readers' blocks, and each side's position and per-call counts from the side itself (a block
 * position that is not what its side stored there wins: {@link SideState#figure}). The
 * buffer's status, metrics and integrity report are all built from one of these, so that they
 * agree with each other. Each component is the control-block field of its name
 * ({@link ControlBlockDescriptor}); these need more than that:
 *
 * @param capacity         samples the buffer holds at most
 * @param slots            samples in storage (the ring modulus)
 * @param tail             the write position
 * @param head             the gate: the position of the slowest open reader (the write position
 *                         when no reader is open), which is what bounds the writer
 * @param floor            the oldest position still in the ring (raised by overwrites)
 * @param generation       the ring's generation
 * @param cleared          samples dropped by clear
 * @param writeOps         writes
 * @param samplesWritten   samples written
 * @param writeNanos       time spent in sampled writes
 * @param writesTimed      writes sampled
 * @param overflows        writes that found no room
 * @param fullErrors       writes refused with a full-buffer error
 * @param peakFill         the highest fill seen
 * @param fillSum          the sum of sampled fills
 * @param fillSamples      fills sampled
 * @param writerWaits      waits for room
 * @param writerWaitNanos  time spent waiting for room
 * @param readOps          chunks taken, summed over every reader the buffer has had
 * @param samplesRead      samples consumed, summed likewise (so are the read-side figures below)
 * @param zeroCopy         chunks handed out as views of storage
 * @param copied           chunks handed out as copies
 * @param readNanos        time spent in sampled takes
 * @param readsTimed       takes sampled
 * @param insufficientErrors reads refused for lack of data
 * @param droppedObserved  samples readers lost to overwrites and noticed
 * @param cacheHits        wrapped chunks served from the wrap cache
 * @param cacheMisses      wrapped chunks copied afresh
 * @param cacheEvictions   wrap-cache entries evicted while live
 * @param readerWaits      waits for data
 * @param readerWaitNanos  time spent waiting for data
 * @param recoveries       integrity recoveries
 * @param magic            the control block's magic number
 * @param version          its layout version
 * @param readers          each open reader's own position and totals
 */
public record Snapshot(int capacity, int slots, long tail, long head, long floor, long generation, long cleared,
                long writeOps, long samplesWritten, long writeNanos, long writesTimed, long overflows,
                long fullErrors, long peakFill, long fillSum, long fillSamples, long writerWaits,
                long writerWaitNanos, long readOps, long samplesRead, long zeroCopy, long copied,
                long readNanos, long readsTimed, long insufficientErrors, long droppedObserved,
                long cacheHits, long cacheMisses, long cacheEvictions, long readerWaits, long readerWaitNanos,
                long recoveries, long magic, long version, List<Reader> readers) {

    /**
     * One open reader's position and its own totals.
     *
     * @param cursor      the reader's cursor
     * @param head        its position
     * @param readOps     chunks it took
     * @param samplesRead samples it consumed
     * @param dropped     samples it lost to overwrites and noticed
     * @param laps        times the writer lapped it
     * @param skipped     samples it skipped (a reader added at the newest position, a recovery)
     */
    public record Reader(ReadCursor cursor, long head, long readOps, long samplesRead, long dropped, long laps,
                         long skipped) {
        /** {@return the samples this reader got past: read, dropped or skipped; its position when healthy} */
        public long consumed() {
            return samplesRead + dropped + skipped;
        }
    }

    /**
     * Reads every figure of {@code ring} now.
     *
     * @param <R>      the reader facade
     * @param ring     the ring
     * @param writer   the write side, whose per-call counts it holds
     * @param open     the open readers
     * @param readers  the registry, for each reader's cursor and the sums of closed readers' counters
     * @param peakSeen the highest fill earlier snapshots saw; the peak is the highest of it, the
     *                 writer's recorded peak and the fill seen now
     * @return the snapshot
     */
    public static <R> Snapshot capture(Ring ring, Writer writer, R[] open, Readers<R> readers, long peakSeen) {
        ControlBlock retired = readers.retired();
        ControlBlock c = ring.control;
        long tail = writer.positionFigure(c);
        long gate = tail;
        long[] sums = new long[Readers.SUMMED_COUNTERS.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = retired.get(Readers.SUMMED_COUNTERS[i]);
        }
        List<Reader> each = new ArrayList<>(open.length);
        for (R reader : open) {
            ReadCursor cursor = readers.cursor(reader);
            ControlBlock b = cursor.block(ring);
            long head = cursor.positionFigure(ring);
            gate = Math.min(gate, head);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += cursor.counter(ring, Readers.SUMMED_COUNTERS[i]);
            }
            each.add(new Reader(cursor, head, cursor.counter(ring, READ_OPS), cursor.counter(ring, SAMPLES_READ),
                    b.get(DROPPED), b.get(LAPS), b.get(SKIPPED)));
        }
        long floor = c.acquire(FLOOR);
        long fill = tail - Math.max(gate, floor);
        // Corrupt positions make no peak.
        long peak = Math.max(Math.max(c.get(PEAK_FILL), peakSeen), fill >= 0 && fill <= ring.capacity ? fill : 0);
        return new Snapshot(ring.capacity, ring.slots, tail, gate, floor,
                c.get(GENERATION), c.get(CLEARED), writer.writeOps(c), writer.samplesWritten(c), c.get(WRITE_NANOS),
                c.get(WRITES_TIMED), c.get(OVERFLOWS), c.get(FULL_ERRORS), peak, c.get(FILL_SUM),
                c.get(FILL_SAMPLES), c.get(WRITER_WAITS), c.get(WRITER_WAIT_NANOS), sums[0], sums[1], sums[2], sums[3],
                sums[4], sums[5], sums[6], sums[7], sums[8], sums[9], sums[10], sums[11], sums[12], c.get(RECOVERIES),
                c.get(MAGIC), c.get(VERSION), List.copyOf(each));
    }

    /**
     * {@return whether the totals agree with the positions: samples written with the write
     * position, and each reader's {@link Reader#consumed()} with its read position} A side
     * stores its position before its totals, so a snapshot read during a call may catch one
     * without the other; only corruption makes them disagree while no side is inside a call.
     */
    public boolean totalsAgree() {
        if (samplesWritten != tail) {
            return false;
        }
        for (Reader r : readers) {
            if (r.consumed() != r.head()) {
                return false;
            }
        }
        return true;
    }

    /** {@return stream position of the oldest sample still readable by some reader} */
    public long oldest() {
        return Math.max(head, floor);
    }

    /** {@return unread samples of the slowest open reader} */
    public long available() {
        return tail - oldest();
    }

    /** {@return dropped samples, including those overwritten but not yet noticed by their readers} */
    public long dropped() {
        long unnoticed = 0;
        for (Reader r : readers) {
            unnoticed += Math.max(0, floor - r.head());
        }
        return droppedObserved + unnoticed;
    }

    /**
     * {@return whether every open reader's position here is still its position in {@code r}}
     *
     * @param r the ring now
     */
    public boolean samePositions(Ring r) {
        for (Reader reader : readers) {
            if (reader.head() != reader.cursor().positionFigure(r)) {
                return false;
            }
        }
        return true;
    }

    /**
     * {@return samples {@code reader} can still read: a negative or oversized figure only when positions are corrupt}
     *
     * @param reader one of {@link #readers()}
     */
    public long available(Reader reader) {
        return tail - Math.max(reader.head(), floor);
    }

    /** {@return how full the buffer is for its slowest reader, from 0 to 1} */
    public double usage() {
        return capacity == 0 ? 0 : (double) available() / capacity;
    }

    /** {@return the write position's index in storage} */
    public int writeIndex() {
        return (int) (tail % slots);
    }

    /** {@return the oldest readable position's index in storage} */
    public int readIndex() {
        return (int) (oldest() % slots);
    }
}
