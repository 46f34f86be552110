package io.cascade.benchmarks;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/** A consumer that reads one float of every 64-byte line of a window, as an analysis would touch it. */
final class Touch {
    /** Floats in a 64-byte cache line. */
    static final int LINE = 16;

    private Touch() {
    }

    static long everyLine(float[] samples, int offset, int length) {
        long bits = 0;
        for (int i = 0; i < length; i += LINE) {
            bits += Float.floatToRawIntBits(samples[offset + i]);
        }
        return bits;
    }

    static long everyLine(MemorySegment segment, long byteOffset, int length) {
        long bits = 0;
        for (int i = 0; i < length; i += LINE) {
            bits += Float.floatToRawIntBits(segment.get(ValueLayout.JAVA_FLOAT, byteOffset + (long) i * Float.BYTES));
        }
        return bits;
    }
}
