package io.cascade.buffer;

import java.lang.foreign.MemorySegment;
import java.nio.FloatBuffer;

/**
 * A window of {@code chunkSize() + overlapSize()} samples taken from a buffer's read position,
 * with the metadata a voice-activity detector or feature extractor needs.
 *
 * <pre>{@code
 * Optional<AudioChunk> c = buf.getChunkWithOverlap(512, 256);
 * if (c.isPresent()) {
 *     vad(c.get().data());             // 768 samples, a view of storage when isContinuous()
 *     buf.advanceReadPosition(512);    // the 256 overlap samples open the next chunk
 * }
 * }</pre>
 *
 * <p>Lifetime: the samples stay valid until the read position passes the chunk's start, or the
 * buffer is cleared, resized or closed; {@link #isValid()} says whether they still are. Under
 * {@link OverflowPolicy#OVERWRITE} the writer may overwrite a held chunk; {@code isValid()} then
 * says {@code false}. Check it after using the samples, not only before: it orders the earlier
 * reads before its own checks, like a sequence lock's validation. After the buffer is resized
 * or closed, access to native samples throws {@link IllegalStateException}; a read that meets
 * the close itself may, on JDK 25, also find the reading thread's interrupt flag set by the
 * JVM. So resize or close a buffer only once its readers are done with their chunks.
 */
public interface AudioChunk {

    /** {@return the samples as native-order floats, {@code 4 * length()} bytes; a view of storage when {@link #isContinuous()}} */
    MemorySegment data();

    /** {@return {@code chunkSize() + overlapSize()}} */
    int length();

    /**
     * One sample.
     *
     * @param index from 0 to {@code length() - 1}
     * @return the sample
     * @throws IndexOutOfBoundsException if the index is outside the chunk
     */
    float get(int index);

    /** {@return a new array holding the chunk's samples} */
    float[] toArray();

    /**
     * Copies the chunk's samples into an array.
     *
     * @param destination the array
     * @param offset      where the first sample goes
     * @throws IndexOutOfBoundsException if the samples do not fit from {@code offset}
     */
    void copyTo(float[] destination, int offset);

    /** {@return a read-only {@link FloatBuffer} over the samples; a view when the memory allows it} */
    FloatBuffer asFloatBuffer();

    /** {@return the number of this chunk among all chunks the buffer handed out, from 0} */
    long sequenceNumber();

    /** {@return the stream position of the first sample, in samples since the buffer was created} */
    long startPosition();

    /** {@return the stream position of the first sample, in frames} */
    long startFrame();

    /** {@return samples in the main part, the amount a reader normally advances by} */
    int chunkSize();

    /** {@return samples of overlap after the main part (the actual overlap, maybe less than asked)} */
    int overlapSize();

    /** {@return start time of the first sample, in milliseconds, from the configured sample rate} */
    double timestampMs();

    /** {@return whether {@link #data()} is a view of the ring's storage rather than a copy} */
    boolean isContinuous();

    /** {@return the buffer's fill ratio when the chunk was taken} */
    double bufferLevel();

    /** {@return the storage index of the first sample} */
    int readPosition();

    /** {@return whether the samples are still those of the stream at this chunk's position} */
    boolean isValid();
}
