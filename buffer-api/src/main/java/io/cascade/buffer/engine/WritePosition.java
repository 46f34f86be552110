package io.cascade.buffer.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * The write position as the writer publishes it to the readers of its own process: a release
 * store right after the control block's {@code TAIL}, on cache lines of its own. Those readers
 * read it here rather than from the block, so each read of the writer's position is a field
 * load instead of a segment access (which checks the segment's session, bounds and alignment),
 * and a reader polling an empty ring never touches the block's line that the writer stores
 * {@code TAIL} to. The block's {@code TAIL} is the one for snapshots, integrity checks, C code
 * and other processes: a buffer in a shared file, whose writer or readers may be in another
 * process, has its readers read the block alone. Management calls that move {@code TAIL}
 * (recover) hold the write side and store the new value here before they let the readers go.
 */
public final class WritePosition extends WritePositionField {
    private static final VarHandle VALUE;

    static {
        try {
            VALUE = MethodHandles.lookup().findVarHandle(WritePositionField.class, "value", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A write position of zero, as a fresh control block's {@code TAIL}. */
    public WritePosition() {
    }

    /** {@return the last position published (an acquire load): the samples below it are there to read} */
    public long acquire() {
        return (long) VALUE.getAcquire(this);
    }

    /**
     * Publishes a position (a release store): the samples below it were stored before.
     *
     * @param position the new write position
     */
    public void release(long position) {
        VALUE.setRelease(this, position);
    }

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** The field of {@link WritePosition}, after the padding of {@link PadBefore}. */
abstract class WritePositionField extends PadBefore {
    /** The published write position; through {@code WritePosition.VALUE}. */
    long value;
}
