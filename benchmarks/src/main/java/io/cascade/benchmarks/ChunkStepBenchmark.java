package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;


/**
 * The take inside the streaming step, single thread: {@code step} writes one hop, takes the
 * hop + overlap window in place and advances the hop (every chunk of the stream, wrapping ones
 * included); {@code writeAdvance} is the same without the take. Their difference is what taking
 * the chunk adds; {@code step} minus the raw copy in {@link BulkWriteBenchmark} is the rest.
 */
public class ChunkStepBenchmark extends SingleThreadBenchmark {
    /** {@code ffm} is mirrored; {@code ffm-plain} sets {@code cascade.buffer.ffm.mirror=false}. */
    @Param({"ffm", "ffm-plain", "heap"})
    public String storage;

    /** Hop + overlap. */
    @Param({"512+256", "4096+1024"})
    public String window;

    private AudioRingBuffer buffer;
    private ChunkView view;
    private int hop;
    private int overlap;
    private float[] block;

    @Setup(Level.Trial)
    public void setUp() {
        int[] shape = Streams.window(window);
        hop = shape[0];
        overlap = shape[1];
        buffer = Backends.open(storage, AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(16_384)
                .overflowPolicy(OverflowPolicy.BLOCK).producers(ProducerMode.SINGLE));
        view = buffer.newChunkView();
        block = new float[hop];
        buffer.write(new float[overlap], false, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
    }

    @Benchmark
    public void step(Blackhole bh) {
        buffer.write(block, false, null);
        if (!buffer.tryGetChunkWithOverlap(hop, overlap, view)) {
            throw new IllegalStateException("no chunk");
        }
        bh.consume(view.byteOffset());
        buffer.advanceReadPosition(hop);
    }

    @Benchmark
    public void writeAdvance() {
        buffer.write(block, false, null);
        buffer.advanceReadPosition(hop);
    }
}
