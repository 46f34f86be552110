package io.cascade.buffer;

import java.util.List;

/**
 * One consistent snapshot of a buffer's fill state and counters: every figure belongs to the
 * same moment. All sizes are in samples.
 *
 * @param capacity         samples the buffer holds at most
 * @param availableSamples unread samples
 * @param freeSamples      {@code capacity - availableSamples}
 * @param usageRatio       {@code availableSamples / capacity}
 * @param level            {@link Level} of {@code usageRatio}
 * @param overflowCount    writes that found no room and were refused, timed out or overwrote
 * @param droppedSamples   unread samples lost to {@link OverflowPolicy#OVERWRITE}
 * @param peakUsage        highest {@code usageRatio} seen: exact when the ring nears full, else sampled
 *                         (one write in {@link AudioRingBuffer#TIMING_SAMPLE_INTERVAL}, and each status read)
 * @param totalWritten     samples accepted by writes since creation
 * @param totalRead        samples consumed by advances since creation
 * @param writePosition    index in storage where the next sample goes
 * @param readPosition     index in storage of the oldest unread sample
 * @param policy           the overflow policy
 * @param backend          the backend's name ({@code "ffm"}, {@code "heap"})
 * @param mirrored         whether storage is mapped twice so that no chunk wraps
 * @param allocatedBytes   bytes of memory the storage holds (samples, control block, scratch)
 * @param alignment        alignment in bytes of the sample storage's address
 * @param closed           whether the buffer is closed
 * @param readers          each open reader's position, lag and counters, the default reader first
 *                         (fill figures above are those of the slowest open reader, which bounds writes;
 *                         {@code totalRead} sums all readers)
 */
public record BufferStatus(int capacity, int availableSamples, int freeSamples, double usageRatio,
                           Level level, long overflowCount, long droppedSamples, double peakUsage,
                           long totalWritten, long totalRead, int writePosition, int readPosition,
                           OverflowPolicy policy, String backend, boolean mirrored, long allocatedBytes,
                           long alignment, boolean closed, List<ReaderStatus> readers) {

    /** Copies the reader list, so that a status stays as it was taken. */
    public BufferStatus {
        readers = List.copyOf(readers);
    }

    /** Usage at or above which the level is {@link Level#WARNING}. */
    public static final double WARNING_THRESHOLD = 0.8;
    /** Usage at or above which the level is {@link Level#CRITICAL}. */
    public static final double CRITICAL_THRESHOLD = 0.95;

    /** Fill level bands of a buffer. */
    public enum Level {
        /** Usage below 0.8. */
        NORMAL,
        /** Usage at or above 0.8 and below 0.95. */
        WARNING,
        /** Usage at or above 0.95. */
        CRITICAL;

        /**
         * The band a usage ratio falls in.
         *
         * @param usageRatio fill ratio between 0 and 1
         * @return the level
         */
        public static Level of(double usageRatio) {
            if (usageRatio >= CRITICAL_THRESHOLD) {
                return CRITICAL;
            }
            return usageRatio >= WARNING_THRESHOLD ? WARNING : NORMAL;
        }
    }
}
