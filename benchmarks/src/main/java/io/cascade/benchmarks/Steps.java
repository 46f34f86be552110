package io.cascade.benchmarks;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import org.openjdk.jmh.infra.Blackhole;

/** Steady-path steps shared by the benchmarks, so that each measures the very same code. */
final class Steps {
    private Steps() {
    }

    /** The VAD step: write a block, take the block + 256 window in place, advance by the block. */
    static void writeTakeAdvance(AudioRingBuffer buffer, float[] block, ChunkView view, Blackhole bh) {
        buffer.write(block, false, null);
        if (!buffer.tryGetChunkWithOverlap(block.length, 256, view)) {
            throw new IllegalStateException("no chunk");
        }
        bh.consume(view.byteOffset());
        buffer.advanceReadPosition(block.length);
    }
}
