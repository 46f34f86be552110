package io.cascade.benchmarks;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.WaitStrategy;
import org.agrona.concurrent.MessageHandler;
import org.agrona.concurrent.UnsafeBuffer;
import org.agrona.concurrent.ringbuffer.OneToOneRingBuffer;
import org.agrona.concurrent.ringbuffer.RingBufferDescriptor;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Group;
import org.openjdk.jmh.annotations.GroupThreads;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;
import org.openjdk.jmh.infra.Control;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * Round trip of one 160-sample block: the ping thread writes it to ring A, the pong thread
 * takes it from A and writes it to ring B, the ping thread takes it from B. The ping method's
 * time per operation is the round trip; Cascade against Agrona's {@code OneToOneRingBuffer}.
 * Both pongs pass the block on straight from ring A, with one copy: Agrona's writes the record
 * from the buffer its handler is given, Cascade's writes the view's range of storage.
 * Waiting threads spin, checking {@link Control#stopMeasurement}.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 3, jvmArgsAppend = {"--enable-native-access=ALL-UNNAMED",
        "--add-exports=java.base/jdk.internal.misc=ALL-UNNAMED"})
public class RoundTripBenchmark {
    static final int BLOCK = 160;

    @State(Scope.Group)
    public static class CascadePair {
        AudioRingBuffer there;
        AudioRingBuffer back;
        ChunkView pingView;
        ChunkView pongView;
        float[] block = new float[BLOCK];

        @Setup(Level.Trial)
        public void setUp() {
            there = open();
            back = open();
            pingView = back.newChunkView();
            pongView = there.newChunkView();
        }

        private static AudioRingBuffer open() {
            return AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(4_096)
                    .overflowPolicy(OverflowPolicy.REJECT).producers(ProducerMode.SINGLE)
                    .waitStrategy(WaitStrategy.SPIN).backend("ffm").build();
        }

        @TearDown(Level.Trial)
        public void tearDown() {
            there.close();
            back.close();
        }
    }

    @Benchmark
    @Group("cascade")
    @GroupThreads(1)
    public void cascadePing(CascadePair p, Control control) {
        while (!p.there.write(p.block, false, null)) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        while (!p.back.tryGetChunkWithOverlap(BLOCK, 0, p.pingView)) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        p.back.advanceReadPosition(BLOCK);
    }

    @Benchmark
    @Group("cascade")
    @GroupThreads(1)
    public void cascadePong(CascadePair p, Control control) {
        ChunkView v = p.pongView;
        while (!p.there.tryGetChunkWithOverlap(BLOCK, 0, v)) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        while (!p.back.write(v.segment(), v.byteOffset(), BLOCK, false, null)) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        p.there.advanceReadPosition(BLOCK);
    }

    @State(Scope.Group)
    public static class AgronaPair {
        OneToOneRingBuffer there;
        OneToOneRingBuffer back;
        UnsafeBuffer block = new UnsafeBuffer(ByteBuffer.allocateDirect(BLOCK * Float.BYTES));
        MessageHandler forward;
        MessageHandler arrive;
        int arrived;
        /** The pong's control, for its handler: a handler that spun on a full ring past the iteration's end hung the fork. */
        Control control;

        @Setup(Level.Trial)
        public void setUp() {
            there = open();
            back = open();
            forward = (type, buffer, index, length) -> {
                while (!back.write(type, buffer, index, length)) {
                    if (control.stopMeasurement) {
                        return; // the ping has stopped reading: drop this reply rather than hang the iteration
                    }
                    Thread.onSpinWait();
                }
            };
            arrive = (type, buffer, index, length) -> arrived += length;
        }

        private static OneToOneRingBuffer open() {
            return new OneToOneRingBuffer(new UnsafeBuffer(
                    ByteBuffer.allocateDirect(16_384 + RingBufferDescriptor.TRAILER_LENGTH)));
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaPing(AgronaPair p, Control control) {
        while (!p.there.write(1, p.block, 0, BLOCK * Float.BYTES)) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
        while (p.back.read(p.arrive, 1) == 0) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
    }

    @Benchmark
    @Group("agrona")
    @GroupThreads(1)
    public void agronaPong(AgronaPair p, Control control) {
        p.control = control;
        while (p.there.read(p.forward, 1) == 0) {
            if (control.stopMeasurement) {
                return;
            }
            Thread.onSpinWait();
        }
    }
}
