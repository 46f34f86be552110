package io.cascade.benchmarks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * What a consumer of a block queue must do to get overlapped windows: append each block to a
 * local array and, for every {@code hop} samples, hand out the {@code hop + overlap} window and
 * shift the rest down. This is the straightforward code a user of a queue would write; Cascade's
 * reader gets the same windows as views of its ring instead.
 */
final class WindowAssembler {
    private final int hop;
    private final int window;
    private final float[] samples;
    private int count;
    private long touched;

    WindowAssembler(int hop, int overlap, int maxBlock) {
        this.hop = hop;
        this.window = hop + overlap;
        this.samples = new float[window + maxBlock];
    }

    /** Appends a block and consumes every whole window; returns the windows consumed. */
    int accept(float[] block, int offset, int length) {
        System.arraycopy(block, offset, samples, count, length);
        count += length;
        return drain();
    }

    /** The same for a block of native-order floats in a segment. */
    int accept(MemorySegment block, long byteOffset, int length) {
        MemorySegment.copy(block, ValueLayout.JAVA_FLOAT_UNALIGNED, byteOffset, samples, count, length);
        count += length;
        return drain();
    }

    private int drain() {
        int windows = 0;
        while (count >= window) {
            touched += Touch.everyLine(samples, 0, window);
            System.arraycopy(samples, hop, samples, 0, count - hop);
            count -= hop;
            windows++;
        }
        return windows;
    }

    /** {@return a sum over what was touched, for a blackhole} */
    long touched() {
        return touched;
    }
}
