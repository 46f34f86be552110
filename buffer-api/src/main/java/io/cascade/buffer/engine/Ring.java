package io.cascade.buffer.engine;

import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * One storage generation of a buffer: the memory, its control block and the ring geometry.
 * {@code resize()} replaces the whole object, so that a thread that
 * read the buffer's {@code ring} field once sees a consistent set of these.
 */
public final class Ring {
    private static final VarHandle PINS;

    static {
        try {
            PINS = MethodHandles.lookup().findVarHandle(Ring.class, "pins", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** The backend's memory behind this generation. */
    public final SampleStorage storage;
    /** The sample region of {@link #storage}, twice the slots long when mirrored. */
    public final MemorySegment samples;
    /** The positions and counters, in memory of the same storage. */
    public final ControlBlock control;
    /** Most unread samples the ring holds (what the user asked for). */
    public final int capacity;
    /** Samples in storage: the modulus of positions, {@code >= capacity}. */
    public final int slots;
    /** Whether every window of up to {@link #slots} samples is one contiguous slice. */
    public final boolean mirrored;
    /** {@code slots - 1} when slots are a power of two, else -1. */
    private final long indexMask;
    /** Threads reading this generation without holding a side ({@link #pin()}). */
    @SuppressWarnings("unused") // accessed through PINS
    private volatile int pins;
    /** Set by {@link #free()}: no pin succeeds after it. */
    private volatile boolean retired;

    /**
     * A generation over new storage of {@code provider}, freed again if the ring cannot be made.
     *
     * @param provider the backend
     * @param capacity most unread samples
     * @return the ring, with a fresh control block
     */
    public static Ring allocate(AudioBufferProvider provider, int capacity) {
        SampleStorage storage = provider.allocate(capacity);
        try {
            return new Ring(storage, capacity);
        } catch (RuntimeException | Error e) {
            storage.close();
            throw e;
        }
    }

    /**
     * A generation over storage from a backend, with a fresh control block allocated in it.
     *
     * @param storage  at least {@code capacity} slots
     * @param capacity most unread samples
     * @throws IllegalStateException if the backend returned fewer slots
     */
    public Ring(SampleStorage storage, int capacity) {
        this(storage, capacity, null);
    }

    /**
     * A generation over storage whose control block lies elsewhere (in a shared file's header).
     *
     * @param storage  at least {@code capacity} slots
     * @param capacity most unread samples
     * @param control  the control block, or {@code null} to allocate one in {@code storage}
     * @throws IllegalStateException if the backend returned fewer slots
     */
    public Ring(SampleStorage storage, int capacity, MemorySegment control) {
        if (storage.slots() < capacity) {
            throw new IllegalStateException("backend returned " + storage.slots()
                    + " slots for a capacity of " + capacity);
        }
        this.storage = storage;
        this.samples = storage.samples();
        this.capacity = capacity;
        this.slots = storage.slots();
        this.mirrored = storage.mirrored();
        this.indexMask = Integer.bitCount(slots) == 1 ? slots - 1 : -1;
        this.control = new ControlBlock(control != null ? control
                : storage.allocate(ControlBlockDescriptor.SIZE, ControlBlockDescriptor.ALIGNMENT));
    }

    /**
     * Pins this generation for a read made without holding a side (a status snapshot, a chunk's
     * validity check), so that {@link #free()} waits for it. Closing native memory under a
     * reading thread fails its read and, on JDK 25, may set that thread's interrupt flag: a
     * status call must not do that to its caller.
     *
     * @return {@code false} when the generation is freed or being freed (read the next one)
     */
    public boolean pin() {
        PINS.getAndAdd(this, 1);
        if (retired) {
            unpin();
            return false;
        }
        return true;
    }

    /** Ends a read begun with a successful {@link #pin()}. */
    public void unpin() {
        PINS.getAndAdd(this, -1);
    }

    /**
     * Frees the storage once no pinned read is left; later pins fail. The caller holds every
     * side and has published the next generation (or the closed state) first.
     */
    public void free() {
        retired = true;
        // Pinned reads are a handful of loads each: spin them out.
        while ((int) PINS.getVolatile(this) != 0) {
            Thread.onSpinWait();
        }
        storage.close();
    }

    /**
     * Scratch for copies of wrapped chunks; readers on different threads may ask at once.
     *
     * @param byteSize bytes wanted
     * @return zeroed memory that lives as long as the storage
     */
    public synchronized MemorySegment allocateScratch(long byteSize) {
        return storage.allocate(byteSize, 64);
    }

    /**
     * The storage index of a stream position.
     *
     * @param position a stream position, zero or more
     * @return {@code position % slots}
     */
    public int index(long position) {
        // Mirrored storage is whole pages, so slots are often a power of two: a mask, not a division.
        return indexMask >= 0 ? (int) (position & indexMask) : (int) (position % slots);
    }

    /**
     * Copies {@code count} samples from a source into the ring at stream position {@code position}.
     *
     * @param array        the source, or null when it is {@code segment}
     * @param segment      the source when {@code array} is null
     * @param segmentBase  where the source's samples begin in {@code segment}, in bytes (0 for an array)
     * @param sourceOffset first source sample to copy, counted from there
     * @param position     stream position of the first sample written
     * @param count        samples to copy, at most {@link #slots}
     */
    public void copyIn(float[] array, MemorySegment segment, long segmentBase, int sourceOffset, long position,
                       int count) {
        int index = index(position);
        // On mirrored storage the second half aliases the first, so one copy never wraps.
        int first = mirrored ? count : Math.min(count, slots - index);
        copyFromSource(array, segment, segmentBase, sourceOffset, (long) index * Float.BYTES, first);
        if (first < count) {
            copyFromSource(array, segment, segmentBase, sourceOffset + first, 0, count - first);
        }
    }

    private void copyFromSource(float[] array, MemorySegment segment, long segmentBase, int sourceOffset,
                                long byteOffset, int count) {
        if (array != null) {
            MemorySegment.copy(array, sourceOffset, samples, ValueLayout.JAVA_FLOAT, byteOffset, count);
        } else {
            MemorySegment.copy(segment, segmentBase + (long) sourceOffset * Float.BYTES, samples, byteOffset,
                    (long) count * Float.BYTES);
        }
    }

    /**
     * Copies {@code count} samples starting at stream position {@code position} out of the ring.
     *
     * @param position         stream position of the first sample
     * @param target           where to copy them
     * @param targetByteOffset where in {@code target}
     * @param count            samples, at most {@link #slots}
     */
    public void copyOut(long position, MemorySegment target, long targetByteOffset, int count) {
        int index = index(position);
        int first = Math.min(count, slots - index);
        MemorySegment.copy(samples, (long) index * Float.BYTES, target, targetByteOffset, (long) first * Float.BYTES);
        if (first < count) {
            MemorySegment.copy(samples, 0, target, targetByteOffset + (long) first * Float.BYTES,
                    (long) (count - first) * Float.BYTES);
        }
    }

    /**
     * Copies the samples of {@code [from, to)} into another ring at the same stream positions.
     *
     * @param target the new generation
     * @param from   first stream position to copy
     * @param to     one past the last
     */
    public void transferTo(Ring target, long from, long to) {
        long position = from;
        while (position < to) {
            int sourceIndex = index(position);
            int targetIndex = target.index(position);
            int count = (int) Math.min(to - position, Math.min(slots - sourceIndex, target.slots - targetIndex));
            MemorySegment.copy(samples, (long) sourceIndex * Float.BYTES, target.samples,
                    (long) targetIndex * Float.BYTES, (long) count * Float.BYTES);
            position += count;
        }
    }
}
