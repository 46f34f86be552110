package io.cascade.buffer.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * A position one side publishes to the other side of its own process, with a release store, on
 * cache lines of its own: the writer's tail, which readers read, and each reader's head, which
 * the writer's gate reads. The other side reads it here rather than from the control block, so
 * each read is a field load instead of a segment access (which checks the segment's session,
 * bounds and alignment), and it never touches a line that its owner writes on every call (a
 * reader's head beside its entry word would be taken from the reader by a writer that polls a
 * full ring). The block gets the position when a management call holds the side; a buffer in a
 * shared file, whose other side may be in another process, publishes in the block alone.
 * Management calls that move a position (clear, recover) publish the new value here before
 * they let the sides go.
 */
public final class PublishedPosition extends PublishedPositionField {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(PublishedPositionField.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A position of zero, as in a fresh control block. */
    public PublishedPosition() {
    }

    /** {@return the last position published (an acquire load): what it covers was done before} */
    public long acquire() {
        return (long) VALUE.getAcquire(this);
    }

    /**
     * Publishes a position (a release store): the stores (or reads) it covers come first.
     *
     * @param position the new position
     */
    public void release(long position) {
        VALUE.setRelease(this, position);
    }

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** The field of {@link PublishedPosition}, after the padding of {@link PadBefore}. */
abstract class PublishedPositionField extends PadBefore {
    /** The published position; through {@code PublishedPosition.VALUE}. */
    long value;
}
