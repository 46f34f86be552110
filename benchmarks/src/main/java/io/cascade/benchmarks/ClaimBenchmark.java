package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.WriteClaim;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Writing in place against writing a copy: {@code claim} + fill from a native source segment +
 * {@code commit}, against {@code write(float[])} and {@code write(MemorySegment)} of the same
 * samples, each followed by the advance that makes room for the next. Run with {@code -prof gc}:
 * the claim path should allocate nothing.
 */
public class ClaimBenchmark extends SingleThreadBenchmark {
    @Param({"ffm", "heap"})
    public String backend;

    @Param({"160", "4096"})
    public int samples;

    private AudioRingBuffer buffer;
    private Arena arena;
    private MemorySegment source;
    private float[] array;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySeconds(2)
                .overflowPolicy(OverflowPolicy.BLOCK).backend(backend).build();
        arena = Arena.ofConfined();
        source = arena.allocate((long) samples * Float.BYTES, 64);
        array = new float[samples];
        for (int i = 0; i < samples; i++) {
            array[i] = i;
            source.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
        }
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
        arena.close();
    }

    /** Baseline: the array write a producer with its own buffer would make. */
    @Benchmark
    public void writeArray() {
        buffer.write(array, false, null);
        buffer.advanceReadPosition(samples);
    }

    /** The segment write of the same samples. */
    @Benchmark
    public void writeSegment() {
        buffer.write(source, false, null);
        buffer.advanceReadPosition(samples);
    }

    /** Claim, fill the claim as a decoder would (one copy from its output), commit. */
    @Benchmark
    public void claimFillCommit() {
        WriteClaim claim = buffer.claim(samples, false, null);
        MemorySegment.copy(source, 0, claim.segment(), 0, (long) samples * Float.BYTES);
        claim.commit();
        buffer.advanceReadPosition(samples);
    }
}
