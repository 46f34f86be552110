package io.cascade.buffer.engine;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one side (the writer, or one reader) writes on every call, on cache lines of its own:
 * the owner taken by compare-and-set on entry, and the side's cached view of the other side's
 * position. Without the padding these would share a line with fields the other side reads on
 * every call (the buffer's ring and closed flag, say), and each entry would take that line away
 * from the other thread. Padded by inheritance, as JCTools does: a superclass's fields are laid
 * out before a subclass's, and the {@code int} fills the gap after a compressed object header
 * that the owner reference would otherwise be packed into.
 */
public final class SideState extends SideFields {
    /** The {@code owner} field: taken by compare-and-set, left by a release store of null. */
    public static final VarHandle OWNER;

    static {
        try {
            OWNER = MethodHandles.lookup().findVarHandle(SideFields.class, "owner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** A side with no owner and a cached position of zero. */
    public SideState() {
    }

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** Two cache lines (and the header gap) before the fields of {@link SideState}. */
abstract class SidePadBefore {
    @SuppressWarnings("unused")
    private int gap;
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}

/** The fields of {@link SideState}. */
abstract class SideFields extends SidePadBefore {
    /** The thread inside the side, a management sentinel, or null; through {@link SideState#OWNER}. */
    @SuppressWarnings("unused")
    public volatile Object owner;
    /** The side's cached position of the other side (writer: the gate; reader: the tail). Side-owned. */
    public long cachedPosition;
}
