package io.cascade.buffer;

import io.cascade.buffer.engine.BufferSettings;
import io.cascade.buffer.engine.ReadCursor;
import io.cascade.buffer.engine.Ring;

/**
 * The package-private accessors of the facades, for the test kit: tests run on the class path,
 * where this class shares the facades' package, so it reaches them by name checked at compile
 * time rather than by reflection.
 */
public final class BufferAccess {
    private BufferAccess() {
    }

    /** {@return the ring a buffer uses now} */
    public static Ring ring(AudioRingBuffer buffer) {
        return buffer.current().get();
    }

    /** {@return what a buffer fixed at build, its two signals among them} */
    public static BufferSettings settings(AudioRingBuffer buffer) {
        return buffer.settings();
    }

    /** {@return the cursor behind a reader} */
    public static ReadCursor cursor(AudioReader reader) {
        return reader.cursor();
    }
}
