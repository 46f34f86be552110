package io.cascade.buffer;

import static io.cascade.buffer.ControlBlockLayout.*;

/**
 * Every raw figure of a buffer at one moment: positions and counters read from the control
 * block. {@link BufferStatus}, {@link BufferMetrics} and {@link IntegrityReport} are all built
 * from one of these, so that they agree with each other.
 */
record Snapshot(int capacity, int slots, long tail, long head, long floor, long generation, long cleared,
                long writeOps, long samplesWritten, long writeNanos, long writesTimed, long overflows,
                long fullErrors, long peakFill, long fillSum, long fillSamples, long writerWaits,
                long writerWaitNanos, long readOps, long samplesRead, long zeroCopy, long copied,
                long readNanos, long readsTimed, long insufficientErrors, long droppedObserved,
                long cacheHits, long cacheMisses, long cacheEvictions, long readerWaits, long readerWaitNanos,
                long recoveries, long magic, long version) {

    static Snapshot capture(Ring ring) {
        ControlBlock c = ring.control;
        return new Snapshot(ring.capacity, ring.slots, c.acquire(TAIL), c.acquire(HEAD), c.acquire(FLOOR),
                c.get(GENERATION), c.get(CLEARED), c.get(WRITE_OPS), c.get(SAMPLES_WRITTEN), c.get(WRITE_NANOS),
                c.get(WRITES_TIMED), c.get(OVERFLOWS), c.get(FULL_ERRORS), c.get(PEAK_FILL), c.get(FILL_SUM),
                c.get(FILL_SAMPLES), c.get(WRITER_WAITS), c.get(WRITER_WAIT_NANOS), c.get(READ_OPS),
                c.get(SAMPLES_READ), c.get(ZERO_COPY), c.get(COPIED), c.get(READ_NANOS), c.get(READS_TIMED),
                c.get(INSUFFICIENT_ERRORS), c.get(DROPPED), c.get(CACHE_HITS), c.get(CACHE_MISSES),
                c.get(CACHE_EVICTIONS), c.get(READER_WAITS), c.get(READER_WAIT_NANOS), c.get(RECOVERIES), c.get(MAGIC),
                c.get(VERSION));
    }

    /** {@return stream position of the oldest sample still readable} */
    long oldest() {
        return Math.max(head, floor);
    }

    long available() {
        return tail - oldest();
    }

    /** {@return dropped samples, including those overwritten but not yet noticed by the reader} */
    long dropped() {
        return droppedObserved + Math.max(0, floor - head);
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
