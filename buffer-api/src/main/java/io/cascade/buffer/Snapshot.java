package io.cascade.buffer;

import io.cascade.buffer.engine.Readers;
import io.cascade.buffer.engine.ControlBlock;
import io.cascade.buffer.engine.ReadCursor;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.Writer;
import java.util.ArrayList;
import java.util.List;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * Every raw figure of a buffer at one moment: positions and counters read from the control
 * block and the readers' blocks, and each side's per-call counts from the side itself. {@link BufferStatus}, {@link BufferMetrics} and
 * {@link IntegrityReport} are all built from one of these, so that they agree with each other.
 *
 * <p>{@code head} is the gate: the position of the slowest open reader (the write position when
 * no reader is open), which is what bounds the writer. Read-side counters are summed over every
 * reader the buffer has had, closed ones included; {@code readers} has each open reader's own.
 */
record Snapshot(int capacity, int slots, long tail, long head, long floor, long generation, long cleared,
                long writeOps, long samplesWritten, long writeNanos, long writesTimed, long overflows,
                long fullErrors, long peakFill, long fillSum, long fillSamples, long writerWaits,
                long writerWaitNanos, long readOps, long samplesRead, long zeroCopy, long copied,
                long readNanos, long readsTimed, long insufficientErrors, long droppedObserved,
                long cacheHits, long cacheMisses, long cacheEvictions, long readerWaits, long readerWaitNanos,
                long recoveries, long magic, long version, List<Reader> readers) {

    /** One open reader's position and its own totals. */
    record Reader(AudioReader reader, long head, long readOps, long samplesRead, long dropped, long laps,
                  long skipped) {
        /** {@return the samples this reader got past: read, dropped or skipped; its position when healthy} */
        long consumed() {
            return samplesRead + dropped + skipped;
        }
    }

    /**
     * @param open     the open readers
     * @param retired  a block whose reader region holds the sums of closed readers' counters
     * @param peakSeen the highest fill earlier snapshots saw; the peak is the highest of it, the
     *                 writer's recorded peak and the fill seen now
     */
    static Snapshot capture(Ring ring, Writer writer, AudioReader[] open, ControlBlock retired, long peakSeen) {
        ControlBlock c = ring.control;
        long tail = c.acquire(TAIL);
        long gate = tail;
        long[] sums = new long[Readers.SUMMED_COUNTERS.length];
        for (int i = 0; i < sums.length; i++) {
            sums[i] = retired.get(Readers.SUMMED_COUNTERS[i]);
        }
        List<Reader> readers = new ArrayList<>(open.length);
        for (AudioReader reader : open) {
            ReadCursor cursor = reader.cursor();
            ControlBlock b = cursor.block(ring);
            long head = b.acquire(HEAD);
            gate = Math.min(gate, head);
            for (int i = 0; i < sums.length; i++) {
                sums[i] += cursor.counter(ring, Readers.SUMMED_COUNTERS[i]);
            }
            readers.add(new Reader(reader, head, cursor.counter(ring, READ_OPS), cursor.counter(ring, SAMPLES_READ),
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
                c.get(MAGIC), c.get(VERSION), List.copyOf(readers));
    }

    /**
     * {@return whether the totals agree with the positions: samples written with the write
     * position, and each reader's {@link Reader#consumed()} with its read position} A side
     * stores its position before its totals, so a snapshot read during a call may catch one
     * without the other; only corruption makes them disagree while no side is inside a call.
     */
    boolean totalsAgree() {
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
    long oldest() {
        return Math.max(head, floor);
    }

    long available() {
        return tail - oldest();
    }

    /** {@return dropped samples, including those overwritten but not yet noticed by their readers} */
    long dropped() {
        long unnoticed = 0;
        for (Reader r : readers) {
            unnoticed += Math.max(0, floor - r.head());
        }
        return droppedObserved + unnoticed;
    }

    /** {@return whether every open reader's position here is still its position in {@code r}} */
    boolean samePositions(Ring r) {
        for (Reader reader : readers) {
            if (reader.head() != reader.reader().cursor().block(r).acquire(HEAD)) {
                return false;
            }
        }
        return true;
    }

    /** {@return samples {@code reader} can still read: a negative or oversized figure only when positions are corrupt} */
    long available(Reader reader) {
        return tail - Math.max(reader.head(), floor);
    }

    double usage() {
        return capacity == 0 ? 0 : (double) available() / capacity;
    }

    int writeIndex() {
        return (int) (tail % slots);
    }

    int readIndex() {
        return (int) (oldest() % slots);
    }
}
