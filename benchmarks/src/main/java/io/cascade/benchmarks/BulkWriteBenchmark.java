package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.TearDown;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * Bulk writes against the copy limit: {@code write} of {@code samples} floats (then the advance
 * that makes room again) beside a raw copy of the same bytes into a region as large as the ring
 * (512 KiB, half this machine's L2), from a {@code float[]} ({@code System.arraycopy}) or a native
 * segment ({@code MemorySegment.copy}), into storage of the backend's kind (native for ffm,
 * {@code float[]} for heap). The ratio copy / write is the fraction of bandwidth the buffer keeps.
 */
public class BulkWriteBenchmark extends SingleThreadBenchmark {
    /** Ring and copy region: 131,072 samples, 512 KiB. */
    static final int REGION = 131_072;

    @Param({"ffm", "heap"})
    public String backend;

    @Param({"160", "512", "4096", "65536"})
    public int samples;

    @Param({"array", "segment"})
    public String source;

    private AudioRingBuffer buffer;
    private Arena arena;
    private float[] array;
    private MemorySegment segment;
    private MemorySegment region;
    private int regionIndex;

    @Setup(Level.Trial)
    public void setUp() {
        buffer = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(REGION)
                .overflowPolicy(OverflowPolicy.BLOCK).producers(ProducerMode.SINGLE).backend(backend).build();
        arena = Arena.ofShared();
        array = new float[samples];
        segment = arena.allocate((long) samples * Float.BYTES, 64);
        for (int i = 0; i < samples; i++) {
            array[i] = i;
            segment.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
        }
        region = backend.equals("heap") ? MemorySegment.ofArray(new float[REGION])
                : arena.allocate((long) REGION * Float.BYTES, 4096);
    }

    @TearDown(Level.Trial)
    public void tearDown() {
        buffer.close();
        arena.close();
    }

    /** The buffer's write of the block, and the advance that frees its room. */
    @Benchmark
    public void write() {
        if (source.equals("array")) {
            buffer.write(array, false, null);
        } else {
            buffer.write(segment, false, null);
        }
        buffer.advanceReadPosition(samples);
    }

    /** Baseline: the same bytes copied into the next place of a region as large as the ring. */
    @Benchmark
    public void copy() {
        long offset = (long) regionIndex * Float.BYTES;
        if (source.equals("array")) {
            MemorySegment.copy(array, 0, region, ValueLayout.JAVA_FLOAT, offset, samples);
        } else {
            MemorySegment.copy(segment, 0, region, offset, (long) samples * Float.BYTES);
        }
        regionIndex = regionIndex + 2 * samples > REGION ? 0 : regionIndex + samples;
    }
}
