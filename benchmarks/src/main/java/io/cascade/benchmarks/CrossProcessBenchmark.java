package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.SharedRole;
import io.cascade.buffer.WaitStrategy;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

/**
 * Streaming across a process boundary against the same stream inside one JVM. The benchmark
 * thread is the consumer: one operation is one window of 512 + 256 samples taken as a view,
 * touched on every cache line and advanced by 512, so the score times 512 is samples per second
 * carried. A producer writes blocks of {@code block} samples as fast as room appears (REJECT,
 * spinning), 32,768 samples of capacity (64 KiB granules make it 32,768 in the file too):
 * <ul>
 *   <li>{@code inProcess}: a Java producer thread and an ordinary mirrored ffm buffer (SINGLE, SPIN);</li>
 *   <li>{@code sharedFile}: the same Java producer thread, but writer and reader are two buffers on
 *       one file under {@code /dev/shm}, each with its own mapping: the file's costs without a
 *       second process;</li>
 *   <li>{@code crossProcessC}: the producer is a C process on {@code cascade_ring.h}
 *       ({@code benchmarks/src/main/c/stream_producer.c}).</li>
 * </ul>
 * Ratios against {@code inProcess} at the same block size, from one run.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class CrossProcessBenchmark {
    static final int HOP = 512;
    static final int OVERLAP = 256;
    static final int CAPACITY = 32_768;
    private static final AudioConfig MONO = AudioConfig.mono(16_000);

    @State(Scope.Benchmark)
    public static class Stream {
        @Param({"160", "4096"})
        public int block;
        @Param({"inProcess", "sharedFile", "crossProcessC"})
        public String placement;

        AudioRingBuffer reader;
        AudioRingBuffer writer;
        ChunkView view;
        Thread producerThread;
        Process producerProcess;
        Path file;
        volatile boolean stop;

        @Setup(Level.Trial)
        public void setUp() throws Exception {
            AudioRingBuffer.Builder builder = AudioRingBuffer.builder(MONO).capacitySamples(CAPACITY)
                    .overflowPolicy(OverflowPolicy.REJECT).producers(ProducerMode.SINGLE).waitStrategy(WaitStrategy.SPIN);
            switch (placement) {
                case "inProcess" -> {
                    writer = builder.build();
                    reader = writer;
                    startProducerThread();
                }
                case "sharedFile" -> {
                    file = NativeBuild.ringDirectory().resolve("ring");
                    writer = builder.sharedFile(file, SharedRole.WRITER).build();
                    reader = AudioRingBuffer.builder(MONO).producers(ProducerMode.SINGLE).waitStrategy(WaitStrategy.SPIN)
                            .attach(file, SharedRole.READER);
                    startProducerThread();
                }
                case "crossProcessC" -> {
                    Path producer = NativeBuild.build("stream_producer.c", false);
                    file = NativeBuild.ringDirectory().resolve("ring");
                    reader = builder.sharedFile(file, SharedRole.READER).build();
                    producerProcess = new ProcessBuilder(producer.toString(), file.toString(), Integer.toString(block))
                            .redirectError(ProcessBuilder.Redirect.INHERIT).start();
                    String line = new BufferedReader(new InputStreamReader(producerProcess.getInputStream(),
                            StandardCharsets.UTF_8)).readLine();
                    if (!"ready".equals(line)) {
                        throw new IllegalStateException("stream_producer did not start: " + line);
                    }
                }
                default -> throw new IllegalArgumentException(placement);
            }
            view = reader.newChunkView();
        }

        private void startProducerThread() {
            float[] samples = new float[block];
            for (int i = 0; i < block; i++) {
                samples[i] = i;
            }
            producerThread = Thread.ofPlatform().daemon().name("producer").start(() -> {
                while (!stop) {
                    if (!writer.write(samples, false, null)) {
                        Thread.onSpinWait();
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Exception {
            stop = true;
            if (producerThread != null) {
                producerThread.join();
            }
            if (producerProcess != null) {
                producerProcess.destroyForcibly().waitFor();
            }
            reader.close();
            if (writer != null) {
                writer.close();
            }
            if (file != null) {
                Files.deleteIfExists(file);
            }
        }
    }

    @Benchmark
    public long window(Stream s) {
        ChunkView v = s.view;
        while (!s.reader.tryGetChunkWithOverlap(HOP, OVERLAP, v)) {
            Thread.onSpinWait();
        }
        long bits = Touch.everyLine(v.segment(), v.byteOffset(), HOP + OVERLAP);
        s.reader.advanceReadPosition(HOP);
        return bits;
    }
}
