package io.cascade.examples.vad;

import java.lang.foreign.MemorySegment;

/**
 * A voice-activity detector fed overlapped chunks where they lie in the ring (memory, offset,
 * length: no copy), in stream order. It reports each {@link Segment} as it closes.
 */
public interface VoiceDetector {
    /**
     * Scans one chunk: {@code chunkSize} samples the reader advances by, then {@code overlapSize}
     * samples after them that the next chunk starts with.
     *
     * @param memory      the memory the samples lie in
     * @param byteOffset  byte offset of the chunk's first sample
     * @param startSample stream position of that sample
     * @param chunkSize   samples the reader advances by
     * @param overlapSize samples after them
     */
    void accept(MemorySegment memory, long byteOffset, long startSample, int chunkSize, int overlapSize);

    /**
     * Continues at a later stream position after a gap (samples overwritten before they were read).
     *
     * @param position the stream position of the next chunk
     */
    void skipTo(long position);

    /** Ends the stream: an open segment closes. */
    void finish();

    /** {@return segments reported so far} */
    int segments();
}
