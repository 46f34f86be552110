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
 * Single-thread cost of the steady path, for both producer modes (each takes the write side with
 * one compare-and-set; {@code SINGLE} refuses a second writer, {@code MULTI} makes it wait), with
 * the raw copy of the same bytes in the same run as baseline. Run with {@code -prof gc} for B/op.
 */
public class SteadyPathBenchmark extends SingleThreadBenchmark {
    @Param({"ffm", "heap"})
    public String backend;

    @Param({"MULTI", "SINGLE"})
    public ProducerMode producers;

    private AudioRingBuffer buffer;
    private ChunkView view;
    private final float[] block160 = new float[160];
    private final float[] block512 = new float[512];
    private final float[] ring = new float[32_768];
    private int ringIndex;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySeconds(2)
                .overflowPolicy(OverflowPolicy.BLOCK).producers(producers).backend(backend).build();
        view = buffer.newChunkView();
        buffer.write(new float[256]);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
    }

    /** Baseline: copying 160 floats into a float[] ring. */
    @Benchmark
    public void copy160() {
        System.arraycopy(block160, 0, ring, ringIndex, 160);
        ringIndex = ringIndex + 1024 > ring.length ? 0 : ringIndex + 160;
    }

    /** One 10 ms write at 16 kHz, then the advance that makes room for the next. */
    @Benchmark
    public void write160Advance() {
        buffer.write(block160, false, null);
        buffer.advanceReadPosition(160);
    }

    /** The VAD step: write 512, take the 512 + 256 window in place, advance 512. */
    @Benchmark
    public void write512TakeAdvance(Blackhole bh) {
        Steps.writeTakeAdvance(buffer, block512, view, bh);
    }

    /** Baseline for the VAD step: copy of the 512 floats written. */
    @Benchmark
    public void copy512() {
        System.arraycopy(block512, 0, ring, ringIndex, 512);
        ringIndex = ringIndex + 1024 > ring.length ? 0 : ringIndex + 512;
    }
}
