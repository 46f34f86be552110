package io.cascade.buffer;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.VarHandle;

/**
 * Access to one control block (see {@link ControlBlockLayout}) with explicit memory ordering:
 * positions are published with release stores and read with acquire loads; counters have one
 * writing thread each and are stored and read opaquely, so a snapshot never sees a torn value.
 */
final class ControlBlock {
    private static final VarHandle LONG = ValueLayout.JAVA_LONG.varHandle();

    private final MemorySegment segment;

    ControlBlock(MemorySegment segment) {
        if (segment.byteSize() < ControlBlockLayout.SIZE) {
            throw new IllegalArgumentException("control block needs " + ControlBlockLayout.SIZE
                    + " bytes, got " + segment.byteSize());
        }
        this.segment = segment;
    }

    /** Writes the header of a fresh block. */
    void initialise() {
        segment.fill((byte) 0);
        LONG.setRelease(segment, ControlBlockLayout.VERSION, ControlBlockLayout.VERSION_VALUE);
        LONG.setRelease(segment, ControlBlockLayout.MAGIC, ControlBlockLayout.MAGIC_VALUE);
    }

    /** Copies every field of another block into this one (resize moves counters to new storage). */
    void copyFrom(ControlBlock other) {
        MemorySegment.copy(other.segment, 0, segment, 0, ControlBlockLayout.SIZE);
    }

    MemorySegment segment() {
        return segment;
    }

    long get(long offset) {
        return (long) LONG.getOpaque(segment, offset);
    }

    void set(long offset, long value) {
        LONG.setOpaque(segment, offset, value);
    }

    /** Adds to a counter; only the counter's owning side may call this. */
    void add(long offset, long delta) {
        LONG.setOpaque(segment, offset, (long) LONG.getOpaque(segment, offset) + delta);
    }

    /** Raises a counter to {@code value} if it is lower; only the owning side may call this. */
    void max(long offset, long value) {
        if (value > (long) LONG.getOpaque(segment, offset)) {
            LONG.setOpaque(segment, offset, value);
        }
    }

    long acquire(long offset) {
        return (long) LONG.getAcquire(segment, offset);
    }

    void release(long offset, long value) {
        LONG.setRelease(segment, offset, value);
    }
}
