package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;

import java.lang.foreign.MemorySegment;
import java.util.Objects;

/**
 * The checks that sizes and segments passed in must pass before anything changes: a whole number
 * of frames of the stream, whole float32 samples, a segment this thread can read now.
 */
public final class Frames {
    private Frames() {
    }

    /**
     * Checks that a size is a whole number of frames.
     *
     * @param config  the stream
     * @param what    the size's name, for the message
     * @param samples the size
     * @throws IllegalArgumentException if it is not
     */
    public static void require(AudioConfig config, String what, long samples) {
        // Mono needs no division: the steady path checks several sizes per chunk.
        int channels = config.channels();
        if (channels != 1 && samples % channels != 0) {
            throw new IllegalArgumentException(what + " = " + samples + " is not a whole number of frames (channels="
                    + channels + ")");
        }
    }

    /**
     * The float32 samples a segment holds, for a write of all of it.
     *
     * @param segment the segment
     * @return its byte size in samples
     * @throws IllegalArgumentException if that is not whole samples, or more than an {@code int}
     */
    public static int samplesIn(MemorySegment segment) {
        long bytes = segment.byteSize();
        if (bytes % Float.BYTES != 0) {
            throw new IllegalArgumentException("segment byte size " + bytes + " is not a multiple of "
                    + Float.BYTES + " (float32 samples)");
        }
        if (bytes / Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment of " + bytes / Float.BYTES + " samples exceeds an int");
        }
        return (int) (bytes / Float.BYTES);
    }

    /**
     * Checks that {@code count} samples from {@code byteOffset} lie inside {@code source} and that
     * this thread may read them now, so that a copy after the ring has made room cannot fail.
     *
     * @param source     the segment
     * @param byteOffset where the samples begin in it
     * @param count      samples to read
     * @throws IllegalArgumentException  if {@code count} is negative
     * @throws IndexOutOfBoundsException if they do not lie inside it
     * @throws IllegalStateException     if it is closed, or confined to another thread
     */
    public static void requireReadable(MemorySegment source, long byteOffset, int count) {
        if (count < 0) {
            throw new IllegalArgumentException("write length must be >= 0, was " + count);
        }
        Objects.checkFromIndexSize(byteOffset, (long) count * Float.BYTES, source.byteSize());
        if (!source.scope().isAlive()) {
            throw new IllegalStateException("source segment is already closed");
        }
        if (!source.isAccessibleBy(Thread.currentThread())) {
            throw new IllegalStateException("source segment is confined to another thread");
        }
    }
}
