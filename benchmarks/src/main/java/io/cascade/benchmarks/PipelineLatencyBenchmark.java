package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.WriteClaim;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.BenchmarkParams;
import org.openjdk.jmh.infra.Control;


import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A live capture pipeline as {@code cascade-vad --jack} runs it, from the audio callback's write
 * to the detector's decision, against the copy-based pipeline a Java program would otherwise
 * build, in the same run. A period is {@value #PERIOD} frames at 16 kHz in a native "port
 * buffer" (JACK's memory); four make a detector window of {@value #WINDOW} samples, read with
 * the {@value #CONTEXT} samples that overlap the next, as Silero takes them.
 *
 * <ul>
 * <li>{@code zeroCopy}: the callback claims each period in the ring, fills it with
 *     {@code WriteClaim.copyFrom} and commits (the demo's settings: OVERWRITE, one producer);
 *     the detector reads each window in place from a {@code ChunkView}.</li>
 * <li>{@code copying}: the callback copies each period into a new {@code float[]} and offers it
 *     to an {@code ArrayBlockingQueue}; the detector assembles the window in an array and copies
 *     it into direct memory, where a native model (ONNX Runtime) must read it.</li>
 * </ul>
 *
 * The benchmark thread is the callback's; the state runs the consumer on a thread of its own.
 * {@code ...Window} runs one window's four callbacks and waits until the detector has decided on
 * it: its sample time is the end-to-end latency, p50, p99 and max the figures to compare.
 * {@code ...Callback} times one callback alone while the consumer drains what it writes as soon
 * as it is there (a detector would fall behind a callback that is not paced, and the ring or the
 * queue would overflow). The detector is a mean square over the window, the same code for both,
 * so the difference is the pipeline's; a model adds its own time (Silero ~80-110 us) to both.
 * Both threads spin.
 */
@BenchmarkMode(Mode.SampleTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class PipelineLatencyBenchmark {
    static final int PERIOD = 128;
    static final int PERIODS_PER_WINDOW = 4;
    static final int WINDOW = PERIOD * PERIODS_PER_WINDOW;
    static final int CONTEXT = 64;
    private static final long PERIOD_BYTES = (long) PERIOD * Float.BYTES;

    /** What both pipelines share: the port buffer, the consumer thread, the decisions, the detector. */
    public abstract static class Pipeline {
        Arena arena;
        /** The period's samples where JACK would leave them. */
        MemorySegment port;
        /** Windows decided: written by the consumer, waited for by the callback's thread. */
        volatile long decided;
        /** Windows the callback's thread has written; only it touches this. */
        long written;
        /** The last decision, kept so that the detector's work is not dead code. */
        boolean speech;
        private volatile boolean running;
        private Thread consumer;

        /** Opens the pipeline, then starts its consumer: draining for a {@code ...Callback} benchmark, else detecting. */
        @Setup(Level.Trial)
        public void start(BenchmarkParams params) {
            arena = Arena.ofShared();
            port = arena.allocate(PERIOD_BYTES, 64);
            for (int i = 0; i < PERIOD; i++) {
                port.setAtIndex(ValueLayout.JAVA_FLOAT, i, (float) (0.3 * Math.sin(i * 2 * Math.PI * 880 / 16_000)));
            }
            open();
            boolean drain = params.getBenchmark().endsWith("Callback");
            running = true;
            consumer = Thread.ofPlatform().daemon().name("consumer").start(() -> {
                while (running) {
                    if (!(drain ? drain() : detect())) {
                        Thread.onSpinWait();
                    }
                }
            });
        }

        @TearDown(Level.Trial)
        public void stop() throws InterruptedException {
            running = false;
            consumer.join();
            close();
            arena.close();
        }

        abstract void open();

        abstract void close();

        /** One period, as the audio callback writes it. */
        abstract void callback();

        /** {@return whether a window was there and is decided} */
        abstract boolean detect();

        /** {@return whether there was anything to drop} */
        abstract boolean drain();

        /** Publishes a decision on {@code n} samples at {@code offset} bytes. */
        void decide(MemorySegment memory, long offset, int n) {
            double sum = 0;
            for (int i = 0; i < n; i++) {
                float x = memory.get(ValueLayout.JAVA_FLOAT, offset + (long) i * Float.BYTES);
                sum += x * x;
            }
            speech = sum / n > 1e-3;
            decided = decided + 1; // one writer: a volatile store is enough
        }

        /**
         * One window's callbacks, then the wait for its decision. Nothing is written once the
         * iteration is over: JMH calls on until its threads stop, and windows written then
         * would pile up undecided.
         */
        boolean window(Control control) {
            if (control.stopMeasurement) {
                return false;
            }
            for (int i = 0; i < PERIODS_PER_WINDOW; i++) {
                callback();
            }
            long want = ++written;
            while (decided < want) {
                if (control.stopMeasurement) {
                    return false;
                }
                Thread.onSpinWait();
            }
            return speech;
        }
    }

    @State(Scope.Benchmark)
    public static class ZeroCopy extends Pipeline {
        AudioRingBuffer ring;
        ChunkView view;

        @Override
        void open() {
            ring = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySeconds(1)
                    .overflowPolicy(OverflowPolicy.OVERWRITE).producers(ProducerMode.SINGLE).backend("ffm").build();
            view = ring.newChunkView();
            // A chunk is read with the overlap after it and the next starts WINDOW later, so each
            // window's first CONTEXT samples are the last of the one before: these are the first's.
            ring.write(new float[CONTEXT]);
        }

        @Override
        void close() {
            ring.close();
        }

        @Override
        void callback() {
            WriteClaim claim = ring.claim(PERIOD, false, null);
            if (claim != null) {
                claim.copyFrom(port, 0);
                claim.commit();
            }
        }

        @Override
        boolean detect() {
            if (!ring.tryGetChunkWithOverlap(WINDOW, CONTEXT, view)) {
                return false;
            }
            decide(view.segment(), view.byteOffset(), WINDOW + CONTEXT);
            ring.advanceReadPosition(WINDOW);
            return true;
        }

        @Override
        boolean drain() {
            int n = ring.availableSamples();
            if (n > 0) {
                ring.advanceReadPosition(n);
            }
            return n > 0;
        }
    }

    @State(Scope.Benchmark)
    public static class Copying extends Pipeline {
        ArrayBlockingQueue<float[]> queue;
        /** The window being assembled, its overlap with the last one first; the consumer's alone. */
        final float[] window = new float[CONTEXT + WINDOW];
        int periodsIn;
        /** Direct memory for the model, as ONNX Runtime reads a tensor in place only from there. */
        MemorySegment staging;
        long dropped;

        @Override
        void open() {
            queue = new ArrayBlockingQueue<>(16_000 / PERIOD);
            staging = arena.allocate((long) (CONTEXT + WINDOW) * Float.BYTES, 64);
        }

        @Override
        void close() {
            queue.clear();
        }

        @Override
        void callback() {
            float[] copy = new float[PERIOD];
            MemorySegment.copy(port, ValueLayout.JAVA_FLOAT, 0, copy, 0, PERIOD);
            if (!queue.offer(copy)) {
                dropped += PERIOD; // never block the audio thread
            }
        }

        @Override
        boolean detect() {
            float[] period = queue.poll();
            if (period == null) {
                return false;
            }
            System.arraycopy(period, 0, window, CONTEXT + periodsIn * PERIOD, PERIOD);
            if (++periodsIn == PERIODS_PER_WINDOW) {
                MemorySegment.copy(window, 0, staging, ValueLayout.JAVA_FLOAT, 0, window.length);
                decide(staging, 0, window.length);
                System.arraycopy(window, WINDOW, window, 0, CONTEXT);
                periodsIn = 0;
            }
            return true;
        }

        @Override
        boolean drain() {
            return queue.poll() != null;
        }
    }

    @Benchmark
    public boolean zeroCopyWindow(ZeroCopy p, Control control) {
        return p.window(control);
    }

    @Benchmark
    public boolean copyingWindow(Copying p, Control control) {
        return p.window(control);
    }

    @Benchmark
    public void zeroCopyCallback(ZeroCopy p) {
        p.callback();
    }

    @Benchmark
    public void copyingCallback(Copying p) {
        p.callback();
    }
}
