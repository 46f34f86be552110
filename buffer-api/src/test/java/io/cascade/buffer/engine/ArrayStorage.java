package io.cascade.buffer.engine;

import io.cascade.buffer.spi.SampleStorage;

import java.lang.foreign.MemorySegment;

/**
 * Plain storage over a {@code float[]}, so that the engine's tests build a ring without a
 * backend module. Auxiliary memory comes from {@code long[]}s, aligned for the control block's
 * longs (8 bytes, whatever the engine asks for, as the SPI allows heap storage). Not mirrored:
 * a window across the end of storage is a copy.
 */
final class ArrayStorage implements SampleStorage {
    private final float[] samples;
    private final MemorySegment segment;
    private long auxiliaryBytes;
    private boolean alive = true;

    ArrayStorage(int slots) {
        this.samples = new float[slots];
        this.segment = MemorySegment.ofArray(samples);
    }

    /** {@return the array behind the ring, for tests that look at the samples where they lie} */
    float[] array() {
        return samples;
    }

    @Override
    public MemorySegment samples() {
        return segment;
    }

    @Override
    public int slots() {
        return samples.length;
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
        return (long) samples.length * Float.BYTES + auxiliaryBytes;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        auxiliaryBytes += byteSize;
        return MemorySegment.ofArray(new long[(int) ((byteSize + Long.BYTES - 1) / Long.BYTES)]).asSlice(0, byteSize);
    }

    @Override
    public String description() {
        return "float[] for the engine's tests";
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
