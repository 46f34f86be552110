package io.cascade.buffer.engine;

/**
 * Two cache lines (and the gap after a compressed object header) laid out before a subclass's
 * fields: a superclass's fields come first, so the hot fields of {@link SideState} and
 * {@link ChunkWindow}, declared in the class between, share no line pair with whatever the heap
 * put before the object. Each of those pads after its fields in its own final class.
 */
abstract class PadBefore {
    @SuppressWarnings("unused")
    private int gap;
    @SuppressWarnings("unused")
    private long p00, p01, p02, p03, p04, p05, p06, p07, p08, p09, p10, p11, p12, p13, p14, p15;
}
