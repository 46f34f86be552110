package io.cascade.examples;

import java.io.Console;
import java.io.PrintStream;

/** A progress bar on stderr, shown only on a terminal and for inputs longer than a few seconds. */
final class Progress {
    private static final double MIN_SECONDS = 5;
    private static final long INTERVAL_NANOS = 100_000_000L;

    private final PrintStream err;
    private final long total;
    private long lastDraw;

    private Progress(PrintStream err, long total) {
        this.err = err;
        this.total = total;
    }

    static Progress forStream(long totalFrames, int sampleRate) {
        Console console = System.console();
        boolean terminal = console != null && console.isTerminal();
        boolean show = terminal && totalFrames > 0 && totalFrames > MIN_SECONDS * sampleRate;
        return new Progress(show ? System.err : null, totalFrames);
    }

    void update(long frames) {
        if (err == null) {
            return;
        }
        long now = System.nanoTime();
        if (now - lastDraw < INTERVAL_NANOS) {
            return;
        }
        lastDraw = now;
        int width = 40;
        int filled = (int) Math.min(width, frames * width / total);
        err.print("\r[" + "#".repeat(filled) + " ".repeat(width - filled) + "] "
                + Math.min(100, frames * 100 / total) + " %");
        err.flush();
    }

    void done() {
        if (err != null) {
            err.print("\r" + " ".repeat(48) + "\r");
            err.flush();
        }
    }
}
