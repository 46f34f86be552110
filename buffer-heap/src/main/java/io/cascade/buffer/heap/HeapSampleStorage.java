package io.cascade.buffer.heap;

import io.cascade.buffer.spi.SampleStorage;

import java.lang.foreign.MemorySegment;

/**
 * Samples in one {@code float[]} of exactly the requested length; auxiliary memory in
 * {@code long[]}s, whose heap segments allow the 8-byte aligned long access the control block
 * needs (a {@code float[]} segment is only 4-byte aligned). Closing drops nothing the garbage
 * collector would not: heap memory cannot be used after free, so views stay readable and the
 * buffer's {@code isValid()} is what tells a reader that a chunk is stale.
 */
final class HeapSampleStorage implements SampleStorage {
    private final float[] array;
    private final MemorySegment samples;
    private long auxiliaryBytes;
    private boolean alive = true;

    HeapSampleStorage(int slots) {
        this.array = new float[slots];
        this.samples = MemorySegment.ofArray(array);
    }

    @Override
    public MemorySegment samples() {
        return samples;
    }

    @Override
    public int slots() {
        return array.length;
    }

    @Override
    public boolean mirrored() {
        return false;
    }

    @Override
    public long alignment() {
        return Float.BYTES;
    }

    @Override
    public long allocatedBytes() {
        return (long) array.length * Float.BYTES + auxiliaryBytes;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        if (byteSize <= 0 || Long.bitCount(byteAlignment) != 1) {
            throw new IllegalArgumentException("byteSize must be > 0 and byteAlignment a power of two: byteSize="
                    + byteSize + ", byteAlignment=" + byteAlignment);
        }
        long words = (byteSize + Long.BYTES - 1) / Long.BYTES;
        if (words > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("byteSize " + byteSize + " exceeds a heap array");
        }
        auxiliaryBytes += words * Long.BYTES;
        return MemorySegment.ofArray(new long[(int) words]).asSlice(0, byteSize);
    }

    @Override
    public String description() {
        return "heap float[" + array.length + "]";
    }

    @Override
    public boolean isAlive() {
        return alive;
    }

    @Override
    public void close() {
        alive = false;
    }
}
