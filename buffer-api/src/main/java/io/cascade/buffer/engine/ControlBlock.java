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
    /** The descriptor offset of the segment's first byte: 0 for a whole block, else a reader's block. */
    private final long origin;

    /**
     * Access to the whole block in {@code segment}.
     *
     * @param segment at least {@link ControlBlockDescriptor#SIZE} bytes
     * @throws IllegalArgumentException if it is smaller
     */
    public ControlBlock(MemorySegment segment) {
        this(segment, 0, ControlBlockDescriptor.SIZE);
    }

    private ControlBlock(MemorySegment segment, long origin, long size) {
        if (segment.byteSize() < size) {
            throw new IllegalArgumentException("control block needs " + size + " bytes, got " + segment.byteSize());
        }
        this.segment = segment;
        this.origin = origin;
    }

    /**
     * Access to a block of one reader's fields alone (an added reader's, or the sums of closed
     * readers'), by the descriptor's offsets; an offset outside the reader's fields fails the
     * segment's bounds check.
     *
     * @param segment at least {@link ControlBlockDescriptor#READER_BLOCK_SIZE} bytes
     * @return the block
     * @throws IllegalArgumentException if it is smaller
     */
    public static ControlBlock ofReader(MemorySegment segment) {
        return new ControlBlock(segment, ControlBlockDescriptor.READER_BLOCK, ControlBlockDescriptor.READER_BLOCK_SIZE);
    }

    /** Writes the header of a fresh block. */
    public void initialise() {
        if (origin != 0) {
            throw new IllegalStateException("a reader's block has no header");
        }
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
        if (origin != 0 || other.origin != 0) {
            throw new IllegalArgumentException("only whole blocks are copied");
        }
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
        return (long) LONG.getOpaque(segment, offset - origin);
    }

    /**
     * An opaque store; only the field's owning side may call this.
     *
     * @param offset a field of {@link ControlBlockDescriptor}
     * @param value  its new value
     */
    public void set(long offset, long value) {
        LONG.setOpaque(segment, offset - origin, value);
    }

    /**
     * Adds to a counter, opaquely; only the counter's owning side may call this.
     *
     * @param offset a counter of {@link ControlBlockDescriptor}
     * @param delta  what to add
     */
    public void add(long offset, long delta) {
        LONG.setOpaque(segment, offset - origin, (long) LONG.getOpaque(segment, offset - origin) + delta);
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
        LONG.setOpaque(segment, offset - origin, Math.max(value, (long) LONG.getOpaque(segment, offset - origin)));
    }

    /**
     * An acquire load: later loads (of the samples a position covers) stay after it.
     *
     * @param offset a position of {@link ControlBlockDescriptor}
     * @return its value
     */
    public long acquire(long offset) {
        return (long) LONG.getAcquire(segment, offset - origin);
    }

    /**
     * A release store: earlier stores (of the samples a position covers) stay before it.
     *
     * @param offset a position of {@link ControlBlockDescriptor}
     * @param value  its new value
     */
    public void release(long offset, long value) {
        LONG.setRelease(segment, offset - origin, value);
    }
}
