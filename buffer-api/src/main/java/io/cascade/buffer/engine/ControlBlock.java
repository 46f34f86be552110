package io.cascade.buffer.engine;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Access to one control block (see {@link ControlBlockDescriptor}) with explicit memory ordering:
 * positions are published with release stores and read with acquire loads; counters have one
 * writing thread each and are stored and read opaquely, so a snapshot never sees a torn value.
 */
public final class ControlBlock {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;

    /**
     * Access to the block in {@code segment}.
     *
     * @param segment at least {@link ControlBlockDescriptor#SIZE} bytes
     * @throws IllegalArgumentException if it is smaller
     */
    public ControlBlock(MemorySegment segment) {
        if (segment.byteSize() < ControlBlockDescriptor.SIZE) {
            throw new IllegalArgumentException("control block needs " + ControlBlockDescriptor.SIZE
                    + " bytes, got " + segment.byteSize());
        }
        this.segment = segment;
    }

    /** Writes the header of a fresh block. */
    public void initialise() {
        segment.fill((byte) 0);
        LONG.setRelease(segment, ControlBlockDescriptor.VERSION, ControlBlockDescriptor.VERSION_VALUE);
        LONG.setRelease(segment, ControlBlockDescriptor.MAGIC, ControlBlockDescriptor.MAGIC_VALUE);
    }

    /**
     * Copies every field of another block into this one (resize moves counters to new storage).
     *
     * @param other the block to copy
     */
    public void copyFrom(ControlBlock other) {
        MemorySegment.copy(other.segment, 0, segment, 0, ControlBlockDescriptor.SIZE);
    }

    /** {@return the memory of this block} */
    public MemorySegment segment() {
        return segment;
    }

    /**
     * An opaque load.
     *
     * @param offset a field of {@link ControlBlockDescriptor}
     * @return its value
     */
    public long get(long offset) {
        return (long) LONG.getOpaque(segment, offset);
    }

    /**
     * An opaque store; only the field's owning side may call this.
     *
     * @param offset a field of {@link ControlBlockDescriptor}
     * @param value  its new value
     */
    public void set(long offset, long value) {
        LONG.setOpaque(segment, offset, value);
    }

    /**
     * Adds to a counter, opaquely; only the counter's owning side may call this.
     *
     * @param offset a counter of {@link ControlBlockDescriptor}
     * @param delta  what to add
     */
    public void add(long offset, long delta) {
        LONG.setOpaque(segment, offset, (long) LONG.getOpaque(segment, offset) + delta);
    }

    /**
     * Raises a counter to {@code value} if it is lower; only the owning side may call this.
     *
     * @param offset a counter of {@link ControlBlockDescriptor}
     * @param value  the candidate maximum
     */
    public void max(long offset, long value) {
        // Stored unconditionally: a branch taken only at a new maximum is one the JIT stops
        // expecting once the peak settles, and the next peak would deoptimise the caller (a
        // real-time callback, say) back to the interpreter.
        LONG.setOpaque(segment, offset, Math.max(value, (long) LONG.getOpaque(segment, offset)));
    }

    /**
     * An acquire load: later loads (of the samples a position covers) stay after it.
     *
     * @param offset a position of {@link ControlBlockDescriptor}
     * @return its value
     */
    public long acquire(long offset) {
        return (long) LONG.getAcquire(segment, offset);
    }

    /**
     * A release store: earlier stores (of the samples a position covers) stay before it.
     *
     * @param offset a position of {@link ControlBlockDescriptor}
     * @param value  its new value
     */
    public void release(long offset, long value) {
        LONG.setRelease(segment, offset, value);
    }
}
