package io.cascade.buffer.engine;

/**
 * Holds a reader's side as a thread inside one of its calls would, for the test kit: this class
 * shares the engine's package on the test class path, so it reads the cursor's package-private
 * side directly.
 */
public final class CursorAccess {
    private CursorAccess() {
    }

    /** Runs {@code body} owning the cursor's side, as the reader's thread does inside a call. */
    public static void occupy(ReadCursor cursor, Runnable body) {
        SideState side = cursor.side;
        if (!side.tryEnter()) {
            throw new AssertionError("side already held");
        }
        try {
            body.run();
        } finally {
            side.exit();
        }
    }
}
