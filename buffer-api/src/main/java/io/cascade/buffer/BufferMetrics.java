package io.cascade.buffer;

/**
 * Counters and rates of one buffer, summed from per-side counters into one snapshot on request:
 * operations and samples, sampled latencies, waits, fill, and the copies of wrapped chunks.
 *
 * <p>Operations: a write operation is one call that appended a block; a read operation is one
 * chunk handed out. Latencies are sampled: one operation in
 * {@value AudioRingBuffer#TIMING_SAMPLE_INTERVAL} is timed with {@link System#nanoTime()}, so
 * that timing costs almost nothing on the audio path. Rates are per second of the buffer's
 * lifetime.
 *
 * @param writeOperations               writes that appended samples
 * @param readOperations                chunks handed out
 * @param samplesWritten                samples appended by writes
 * @param samplesRead                   samples consumed by advances
 * @param bytesWritten                  {@code samplesWritten * 4}
 * @param bytesRead                     {@code samplesRead * 4}
 * @param averageWriteLatencyNanos      mean time of a sampled write
 * @param averageReadLatencyNanos       mean time of a sampled chunk take
 * @param zeroCopyReads                 chunks handed out as views of storage
 * @param copiedReads                   chunks handed out from a copy (wrapped on plain storage)
 * @param zeroCopyRate                  {@code zeroCopyReads / (zeroCopyReads + copiedReads)}, 1 when none
 * @param bufferFullErrors              {@link BufferFullException}s thrown
 * @param insufficientDataErrors        {@link InsufficientDataException}s thrown
 * @param contentionCount               times a caller had to wait (for another writer, for room, for data)
 * @param averageWaitNanos              mean duration of those waits
 * @param peakUtilization               highest fill ratio seen, as {@link BufferStatus#peakUsage()}
 * @param averageUtilization            mean fill ratio over sampled writes
 * @param cacheHits                     wrapped chunks served from an existing copy
 * @param cacheMisses                   wrapped chunks that had to be copied
 * @param cacheEvictions                copies replaced by the copy of another chunk
 * @param cacheHitRate                  {@code cacheHits / (cacheHits + cacheMisses)}, 0 when none
 * @param writeThroughputBytesPerSecond {@code bytesWritten} per second of lifetime
 * @param readThroughputBytesPerSecond  {@code bytesRead} per second of lifetime
 * @param operationsPerSecond           read and write operations per second of lifetime
 * @param errorRate                     errors per operation ({@code bufferFullErrors + insufficientDataErrors})
 * @param uptimeNanos                   the lifetime the rates are computed over
 */
public record BufferMetrics(long writeOperations, long readOperations, long samplesWritten, long samplesRead,
                            long bytesWritten, long bytesRead, double averageWriteLatencyNanos,
                            double averageReadLatencyNanos, long zeroCopyReads, long copiedReads,
                            double zeroCopyRate, long bufferFullErrors, long insufficientDataErrors,
                            long contentionCount, double averageWaitNanos, double peakUtilization,
                            double averageUtilization, long cacheHits, long cacheMisses, long cacheEvictions,
                            double cacheHitRate, double writeThroughputBytesPerSecond,
                            double readThroughputBytesPerSecond, double operationsPerSecond, double errorRate,
                            long uptimeNanos) {

    /**
     * A performance summary for logs: throughput in MB/s (10^6 bytes), latencies in ms, rates
     * and ratios as they are.
     *
     * @return one line, for logs
     */
    public String summary() {
        return String.format(java.util.Locale.ROOT,
                "duration %.3f s, write %.3f MB/s, read %.3f MB/s, write latency %.6f ms, read latency %.6f ms, "
                        + "zero-copy rate %.3f, %.1f ops/s, error rate %.4f, peak utilization %.3f",
                uptimeNanos / 1e9, writeThroughputBytesPerSecond / 1e6, readThroughputBytesPerSecond / 1e6,
                averageWriteLatencyNanos / 1e6, averageReadLatencyNanos / 1e6, zeroCopyRate, operationsPerSecond,
                errorRate, peakUtilization);
    }
}
