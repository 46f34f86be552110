package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.infra.Blackhole;

import java.util.concurrent.TimeUnit;

/**
 * What sampled latency timing costs on the steady path: the same write + take + advance step
 * with timing on (the default) and off, in one run. Target: throughput on / off >= 0.95.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.MICROSECONDS)
public class MetricsCostBenchmark extends SingleThreadBenchmark {
    @Param({"true", "false"})
    public boolean timing;

    private AudioRingBuffer buffer;
    private ChunkView view;
    private final float[] block = new float[512];

    @Setup(Level.Trial)
    public void setUp() {
        buffer = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySeconds(2).producers(ProducerMode.SINGLE)
                .latencyTiming(timing).backend("ffm").build();
        view = buffer.newChunkView();
        buffer.write(new float[256]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
    }

    /** Write 512, take the 512 + 256 window, advance 512. */
    @Benchmark
    public void step(Blackhole bh) {
        Steps.writeTakeAdvance(buffer, block, view, bh);
    }
}
