package io.cascade.benchmarks;

import com.lmax.disruptor.EventPoller;
import com.lmax.disruptor.InsufficientCapacityException;
import com.lmax.disruptor.RingBuffer;
import com.lmax.disruptor.YieldingWaitStrategy;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferTimeoutException;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.WaitStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.jctools.queues.SpscArrayQueue;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
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
import org.openjdk.jmh.infra.Blackhole;
import org.openjdk.jmh.infra.Control;

import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Queue;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * End-to-end streaming, one producer thread and one consumer thread per group: blocks of
 * {@code block} samples in (160 = 10 ms at 16 kHz), windows of 512 + 256 samples out (32 ms plus
 * overlap, hop 512), about 128 KiB of samples in flight, the consumer reading one float of every
 * cache line of each window. The score that counts is the producer's: blocks per second that the
 * pipeline carries (times {@code block} for samples per second).
 *
 * <p>Each group is one implementation a user might pick: Cascade (mirrored ffm storage,
 * non-blocking calls under REJECT, windows as views), {@code ArrayBlockingQueue<float[]>} and
 * JCTools {@code SpscArrayQueue<float[]>} (a new array per block, as handing one off requires),
 * Agrona {@code OneToOneRingBuffer} (samples as the bytes of records), the LMAX Disruptor (events
 * holding a block, polled), and a {@code synchronized} {@code float[]} ring. Consumers of the
 * peers assemble windows with {@link WindowAssembler}. Producers spin while full and consumers
 * poll, checking {@link Control#stopMeasurement} so that no thread hangs at an iteration's end.
 * {@code cascadeBlocking} uses the blocking calls instead, to compare wait strategies and
 * producer modes; its {@code PARK}/{@code MULTI} case is the builder's default settings.
 */
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class StreamingBenchmark {
    static final int HOP = 512;
    static final int OVERLAP = 256;
    static final int WINDOW = HOP + OVERLAP;
    /** Samples in flight: 128 KiB of floats. */
    static final int IN_FLIGHT = 32_768;

    /** Block size, shared by every implementation's state. */
    @State(Scope.Benchmark)
    public static class Shape {
        @Param({"160", "4096"})
        public int block;
    }

    private static float[] ramp(int n) {
        float[] a = new float[n];
        for (int i = 0; i < n; i++) {
            a[i] = i;
        }
        return a;
    }

    // ------------------------------------------------------------------------------ Cascade

    @State(Scope.Group)
    public static class CascadeState {
        @Param({"ffm"})
        public String backend;
        AudioRingBuffer buffer;
        ChunkView view;
        float[] block;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            buffer = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(IN_FLIGHT)
                    .overflowPolicy(OverflowPolicy.REJECT).producers(ProducerMode.SINGLE)
                    .waitStrategy(WaitStrategy.SPIN).backend(backend).build();
            view = buffer.newChunkView();
            block = ramp(shape.block);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            buffer.close();
        }
    }

    @Benchmark
    @Group("cascade")
    @GroupThreads(1)
    public void cascadeProduce(CascadeState s, Control control) {
        while (!s.buffer.write(s.block, false, null) && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("cascade")
    @GroupThreads(1)
    public void cascadeConsume(CascadeState s, Blackhole bh) {
        ChunkView v = s.view;
        if (s.buffer.tryGetChunkWithOverlap(HOP, OVERLAP, v)) {
            bh.consume(Touch.everyLine(v.segment(), v.byteOffset(), WINDOW));
            s.buffer.advanceReadPosition(HOP);
        } else {
            Thread.onSpinWait();
        }
    }

    // ---------------------------------------------------------------- Cascade, blocking calls

    @State(Scope.Group)
    public static class CascadeBlockingState {
        @Param({"SPIN", "PARK"})
        public WaitStrategy waitStrategy;
        /** MULTI with PARK is what a user gets from the builder's defaults. */
        @Param({"SINGLE", "MULTI"})
        public ProducerMode producers;
        AudioRingBuffer buffer;
        ChunkView view;
        float[] block;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            buffer = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(IN_FLIGHT)
                    .overflowPolicy(OverflowPolicy.BLOCK).producers(producers).waitStrategy(waitStrategy)
                    .build();
            view = buffer.newChunkView();
            block = ramp(shape.block);
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            buffer.close();
        }
    }

    /** Waits at most this long per call, so that a thread left alone at an iteration's end returns. */
    private static final Duration WAIT = Duration.ofMillis(10);

    @Benchmark
    @Group("cascadeBlocking")
    @GroupThreads(1)
    public void cascadeBlockingProduce(CascadeBlockingState s, Control control) {
        while (!control.stopMeasurement) {
            try {
                s.buffer.write(s.block, true, WAIT);
                return;
            } catch (BufferTimeoutException stillFull) {
                // the consumer may have stopped: look at the control again
            }
        }
    }

    @Benchmark
    @Group("cascadeBlocking")
    @GroupThreads(1)
    public void cascadeBlockingConsume(CascadeBlockingState s, Blackhole bh) {
        ChunkView v = s.view;
        if (s.buffer.awaitChunk(HOP, OVERLAP, WAIT, v)) {
            bh.consume(Touch.everyLine(v.segment(), v.byteOffset(), WINDOW));
            s.buffer.advanceReadPosition(HOP);
        }
    }

    // ------------------------------------------------- ArrayBlockingQueue, JCTools SPSC queue

    @State(Scope.Group)
    public static class QueueState {
        /** {@code ArrayBlockingQueue<float[]>} or JCTools {@code SpscArrayQueue<float[]>}. */
        @Param({"arrayBlockingQueue", "jctoolsSpsc"})
        public String queue;
        Queue<float[]> blocks;
        WindowAssembler windows;
        float[] block;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            int capacity = IN_FLIGHT / shape.block;
            blocks = queue.equals("jctoolsSpsc") ? new SpscArrayQueue<>(capacity) : new ArrayBlockingQueue<>(capacity);
            windows = new WindowAssembler(HOP, OVERLAP, shape.block);
            block = ramp(shape.block);
        }
    }

    @Benchmark
    @Group("queue")
    @GroupThreads(1)
    public void queueProduce(QueueState s, Control control) {
        float[] copy = s.block.clone(); // the block is handed off: the producer needs a new one
        while (!s.blocks.offer(copy) && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("queue")
    @GroupThreads(1)
    public void queueConsume(QueueState s, Blackhole bh) {
        float[] b = s.blocks.poll();
        if (b != null) {
            bh.consume(s.windows.accept(b, 0, b.length));
        } else {
            Thread.onSpinWait();
        }
    }

    // --------------------------------------------------------------- Agrona OneToOneRingBuffer

    @State(Scope.Group)
    public static class AgronaState {
        OneToOneRingBuffer ring;
        MemorySegment ringBytes;
        UnsafeBuffer source;
        WindowAssembler windows;
        MessageHandler handler;
        int blockBytes;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            // 128 KiB, a power of two; a message may be an eighth of it: 16 KiB, the 4096-sample block.
            int capacity = Integer.highestOneBit(IN_FLIGHT * Float.BYTES - 1) << 1;
            ByteBuffer bytes = ByteBuffer.allocateDirect(capacity + RingBufferDescriptor.TRAILER_LENGTH);
            ring = new OneToOneRingBuffer(new UnsafeBuffer(bytes));
            ringBytes = MemorySegment.ofBuffer(bytes);
            blockBytes = shape.block * Float.BYTES;
            ByteBuffer src = ByteBuffer.allocateDirect(blockBytes).order(ByteOrder.nativeOrder());
            src.asFloatBuffer().put(ramp(shape.block));
            source = new UnsafeBuffer(src);
            windows = new WindowAssembler(HOP, OVERLAP, shape.block);
            handler = (type, buffer, index, length) -> windows.accept(ringBytes, index, length / Float.BYTES);
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaProduce(AgronaState s, Control control) {
        while (!s.ring.write(1, s.source, 0, s.blockBytes) && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaConsume(AgronaState s, Blackhole bh) {
        if (s.ring.read(s.handler, 1) == 0) {
            Thread.onSpinWait();
        }
        bh.consume(s.windows.touched());
    }

    // ---------------------------------------------------------------------- LMAX Disruptor

    /** A Disruptor event: one block of samples, preallocated in the ring. */
    static final class BlockEvent {
        final float[] samples;

        BlockEvent(int size) {
            samples = new float[size];
        }
    }

    @State(Scope.Group)
    public static class DisruptorState {
        RingBuffer<BlockEvent> ring;
        EventPoller<BlockEvent> poller;
        EventPoller.Handler<BlockEvent> handler;
        WindowAssembler windows;
        float[] block;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            int size = Integer.highestOneBit(IN_FLIGHT / shape.block);
            int blockSize = shape.block;
            ring = RingBuffer.createSingleProducer(() -> new BlockEvent(blockSize), size, new YieldingWaitStrategy());
            poller = ring.newPoller();
            ring.addGatingSequences(poller.getSequence());
            windows = new WindowAssembler(HOP, OVERLAP, shape.block);
            handler = (event, sequence, endOfBatch) -> {
                windows.accept(event.samples, 0, event.samples.length);
                return true;
            };
            block = ramp(shape.block);
        }
    }

    @Benchmark
    @Group("disruptor")
    @GroupThreads(1)
    public void disruptorProduce(DisruptorState s, Control control) {
        while (!control.stopMeasurement) {
            long sequence;
            try {
                sequence = s.ring.tryNext();
            } catch (InsufficientCapacityException full) {
                Thread.onSpinWait();
                continue;
            }
            System.arraycopy(s.block, 0, s.ring.get(sequence).samples, 0, s.block.length);
            s.ring.publish(sequence);
            return;
        }
    }

    @Benchmark
    @Group("disruptor")
    @GroupThreads(1)
    public void disruptorConsume(DisruptorState s, Blackhole bh) throws Exception {
        if (s.poller.poll(s.handler) != EventPoller.PollState.PROCESSING) {
            Thread.onSpinWait();
        }
        bh.consume(s.windows.touched());
    }

    // ------------------------------------------------------------- synchronized float[] ring

    /** The ring a user might write by hand: one lock, windows copied out. */
    static final class SynchronizedRing {
        private final float[] samples;
        private long head;
        private long tail;

        SynchronizedRing(int capacity) {
            samples = new float[capacity];
        }

        synchronized boolean write(float[] block) {
            int n = block.length;
            if (tail + n - head > samples.length) {
                return false;
            }
            int index = (int) (tail % samples.length);
            int first = Math.min(n, samples.length - index);
            System.arraycopy(block, 0, samples, index, first);
            System.arraycopy(block, first, samples, 0, n - first);
            tail += n;
            return true;
        }

        synchronized boolean read(float[] window, int hop) {
            int n = window.length;
            if (tail - head < n) {
                return false;
            }
            int index = (int) (head % samples.length);
            int first = Math.min(n, samples.length - index);
            System.arraycopy(samples, index, window, 0, first);
            System.arraycopy(samples, 0, window, first, n - first);
            head += hop;
            return true;
        }
    }

    @State(Scope.Group)
    public static class SynchronizedState {
        SynchronizedRing ring;
        float[] window;
        float[] block;

        @Setup(Level.Trial)
        public void setUp(Shape shape) {
            ring = new SynchronizedRing(IN_FLIGHT);
            window = new float[WINDOW];
            block = ramp(shape.block);
        }
    }

    @Benchmark
    @Group("synchronizedRing")
    @GroupThreads(1)
    public void synchronizedProduce(SynchronizedState s, Control control) {
        while (!s.ring.write(s.block) && !control.stopMeasurement) {
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("synchronizedRing")
    @GroupThreads(1)
    public void synchronizedConsume(SynchronizedState s, Blackhole bh) {
        if (s.ring.read(s.window, HOP)) {
            bh.consume(Touch.everyLine(s.window, 0, WINDOW));
        } else {
            Thread.onSpinWait();
        }
    }
}
