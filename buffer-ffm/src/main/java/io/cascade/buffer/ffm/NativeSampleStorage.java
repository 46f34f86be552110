package io.cascade.buffer.ffm;

import io.cascade.buffer.spi.SampleStorage;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Samples in native memory from one shared {@link Arena} per buffer: aligned to the page size
 * and rounded up to whole pages, all of which the ring uses (a longer ring wraps less often, so
 * fewer chunks need a copy). Closing the arena frees the memory; any later access through a
 * view throws {@link IllegalStateException} instead of touching freed memory.
 */
final class NativeSampleStorage implements SampleStorage {
    /** The page size assumed until it is read from the OS. */
    static final long DEFAULT_PAGE_SIZE = 4096;

    private final Arena arena = Arena.ofShared();
    private final MemorySegment samples;
    private final int slots;
    private final long pageSize;
    private long allocatedBytes;

    NativeSampleStorage(int minSlots, long pageSize) {
        this.pageSize = pageSize;
        long bytes = roundUp((long) minSlots * Float.BYTES, pageSize);
        this.slots = (int) Math.min(bytes / Float.BYTES, Integer.MAX_VALUE);
        try {
            this.samples = arena.allocate(bytes, pageSize).asSlice(0, (long) slots * Float.BYTES);
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
        this.allocatedBytes = bytes;
    }

    static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    @Override
    public MemorySegment samples() {
        return samples;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public boolean mirrored() {
        return false;
    }

    @Override
    public long alignment() {
        return pageSize;
    }

    @Override
    public long allocatedBytes() {
        return allocatedBytes;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        MemorySegment segment = arena.allocate(byteSize, byteAlignment);
        allocatedBytes += byteSize;
        return segment;
    }

    @Override
    public String description() {
        return "ffm plain: " + slots + " samples in " + allocatedBytes + " bytes, page aligned (" + pageSize + ")";
    }

    @Override
    public boolean isAlive() {
        return arena.scope().isAlive();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
