package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.WaitStrategy;

/**
 * Small buffers for the tests. They use the heap backend: the orderings under test are the
 * engine's (one engine for every backend), and heap buffers are cheap to make millions of.
 */
final class Buffers {
    private Buffers() {
    }

    static AudioRingBuffer of(int capacity, OverflowPolicy policy, ProducerMode producers) {
        return AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(capacity).overflowPolicy(policy)
                .producers(producers).waitStrategy(WaitStrategy.PARK).backend("heap").build();
    }

    /** {@code count} samples whose values are {@code first, first + 1, ...}. */
    static float[] block(int first, int count) {
        float[] b = new float[count];
        for (int i = 0; i < count; i++) {
            b[i] = first + i;
        }
        return b;
    }
}
