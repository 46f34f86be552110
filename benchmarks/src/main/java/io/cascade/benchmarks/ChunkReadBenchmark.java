package io.cascade.benchmarks;

import io.cascade.buffer.AudioChunk;
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
 * Overlapped chunk reads, single thread. {@code take}, {@code takeAdvance} and {@code takeOptional} take the same
 * window again and again (a peek, as several analyses of one chunk do), at a position where it
 * lies in one piece ({@code continuous}) or crosses the end of storage ({@code wrapping}: a copy
 * on plain storage, reused from the wrapped-chunk cache; still a view on mirrored storage).
 * {@link ChunkStepBenchmark} measures the take within the streaming step.
 */
public class ChunkReadBenchmark extends SingleThreadBenchmark {
    /** {@code ffm} is mirrored; {@code ffm-plain} sets {@code cascade.buffer.ffm.mirror=false}. */
    @Param({"ffm", "ffm-plain", "heap"})
    public String storage;

    /** Hop + overlap. */
    @Param({"512+256", "4096+1024"})
    public String window;

    @Param({"continuous", "wrapping"})
    public String position;

    /** Capacity: 64 KiB, whole pages, so that no backend rounds storage up and the end of storage is known. */
    static final int SLOTS = 16_384;

    private AudioRingBuffer buffer;
    private ChunkView view;
    private int hop;
    private int overlap;

    @Setup(Level.Trial)
    public void setUp() {
        int[] shape = Streams.window(window);
        hop = shape[0];
        overlap = shape[1];
        buffer = Backends.open(storage, AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(SLOTS)
                .overflowPolicy(OverflowPolicy.BLOCK).producers(ProducerMode.SINGLE));
        view = buffer.newChunkView();
        long start = position.equals("wrapping") ? SLOTS - (hop + overlap) / 2 : 0;
        Streams.skipTo(buffer, start);
        buffer.write(new float[hop + overlap], false, null);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
    }

    /** The allocation-free take of the window (no advance: the next call takes it again). */
    @Benchmark
    public void take(Blackhole bh) {
        if (!buffer.tryGetChunkWithOverlap(hop, overlap, view)) {
            throw new IllegalStateException("no chunk");
        }
        bh.consume(view.byteOffset());
    }

    /**
     * The steady path's take + advance, without the write that would feed it: the take, then an
     * advance of 0, which runs every step of an advance (enter the reader, check, publish the
     * position) except moving it, so that the same window is there for the next call.
     */
    @Benchmark
    public void takeAdvance(Blackhole bh) {
        if (!buffer.tryGetChunkWithOverlap(hop, overlap, view)) {
            throw new IllegalStateException("no chunk");
        }
        bh.consume(view.byteOffset());
        buffer.advanceReadPosition(0);
    }

    /** The {@code Optional} form of the same take. */
    @Benchmark
    public AudioChunk takeOptional() {
        return buffer.getChunkWithOverlap(hop, overlap).orElseThrow();
    }
}
