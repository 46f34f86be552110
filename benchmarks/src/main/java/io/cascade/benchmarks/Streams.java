package io.cascade.benchmarks;

import io.cascade.buffer.AudioRingBuffer;

/** Positioning helpers for benchmark set-up. */
final class Streams {
    private Streams() {
    }

    /** {@return hop and overlap of a window parameter such as {@code "512+256"}} */
    static int[] window(String hopPlusOverlap) {
        String[] parts = hopPlusOverlap.split("\\+");
        return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
    }

    /** Writes and consumes samples until the stream position is {@code position}. */
    static void skipTo(AudioRingBuffer buffer, long position) {
        float[] fill = new float[Math.max(1, buffer.capacity() / 2)];
        long p = 0;
        while (p < position) {
            int n = (int) Math.min(fill.length, position - p);
            buffer.write(n == fill.length ? fill : new float[n], false, null);
            buffer.advanceReadPosition(n);
            p += n;
        }
    }
}
