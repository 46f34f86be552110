package io.cascade.examples.input;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.examples.JackServer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Capture from a real JACK server (dummy driver) through an FFM process callback into claims. */
class JackInputTest {
    private static final int RATE = 16_000;
    private static final int PERIOD = 160;
    private static JackServer server;

    @BeforeAll
    static void startServer() throws Exception {
        server = JackServer.start(RATE, PERIOD);
    }

    @AfterAll
    static void stopServer() {
        if (server != null) {
            server.close();
        }
    }

    private static AudioRingBuffer ring(OverflowPolicy policy, int capacity) {
        return AudioRingBuffer.builder(AudioConfig.mono(RATE)).capacitySamples(capacity).overflowPolicy(policy)
                .producers(ProducerMode.SINGLE).build();
    }

    /** Runs the input to its end as the program's producer thread would; returns frames taken. */
    private static long drive(JackInput input, AudioRingBuffer ring) throws IOException {
        long taken = 0;
        int n;
        while ((n = input.writeBlock(ring, Duration.ofSeconds(1))) >= 0) {
            taken += n;
        }
        return taken;
    }

    @Test
    void everyPeriodLandsInTheRingAndTheSteadyPathAllocatesNothing() throws Exception {
        try (JackInput input = JackInput.open(JackServer.PORT, server.name(), 4);
             AudioRingBuffer ring = ring(OverflowPolicy.OVERWRITE, 5 * RATE)) {
            assertThat(input.sampleRate()).isEqualTo(RATE);
            com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
            long taken = 0;
            // The first second or two allocate a few KB as JACK's thread is attached to the JVM; then nothing.
            long allocatedAtTwoSeconds = -1;
            long allocatedAtThreeSeconds = -1;
            int n;
            while ((n = input.writeBlock(ring, Duration.ofSeconds(1))) >= 0) {
                taken += n;
                long id = input.callbackThread().map(Thread::threadId).orElse(-1L);
                if (allocatedAtTwoSeconds < 0 && taken >= 2 * RATE && id >= 0) {
                    allocatedAtTwoSeconds = threads.getThreadAllocatedBytes(id);
                }
                if (allocatedAtThreeSeconds < 0 && taken >= 3 * RATE && id >= 0) {
                    allocatedAtThreeSeconds = threads.getThreadAllocatedBytes(id);
                }
            }
            assertThat(taken).isBetween(4L * RATE, 4L * RATE + 4 * PERIOD);
            assertThat(ring.availableSamples()).isEqualTo(taken);
            assertThat(input.callbackErrors()).isZero();
            assertThat(input.rejectedFrames()).isZero();
            assertThat(allocatedAtTwoSeconds).as("the callback thread is seen by the JVM").isNotNegative();
            assertThat(allocatedAtThreeSeconds - allocatedAtTwoSeconds).as("bytes allocated on JACK's thread in ~1 s")
                    .isLessThan(1024);
            // The metronome: a 300 ms beep each second, silence between.
            assertThat(loudFraction(ring, taken)).as("loud fraction").isCloseTo(0.3, within(0.1));
            assertThat(input.description()).contains("periods", "callback p50", "0 callback errors");
        }
    }

    @Test
    void aConsumerThatDoesNotKeepUpLosesWhatThePolicySaysAndItIsCounted() throws Exception {
        int capacity = RATE / 2;
        try (JackInput input = JackInput.open(JackServer.PORT, server.name(), 2);
             AudioRingBuffer ring = ring(OverflowPolicy.OVERWRITE, capacity)) {
            long taken = drive(input, ring);
            assertThat(ring.availableSamples()).isEqualTo(capacity);
            assertThat(ring.getBufferStatus().droppedSamples()).isEqualTo(taken - capacity);
            assertThat(ring.getBufferStatus().overflowCount()).isPositive();
            assertThat(input.rejectedFrames()).isZero();
        }
        try (JackInput input = JackInput.open(JackServer.PORT, server.name(), 2);
             AudioRingBuffer ring = ring(OverflowPolicy.REJECT, capacity)) {
            long taken = drive(input, ring);
            assertThat(ring.availableSamples()).isEqualTo(capacity);
            assertThat(input.rejectedFrames()).isEqualTo(taken - capacity);
            assertThat(input.callbackErrors()).isZero();
        }
    }

    /** {@return the fraction of 160-sample blocks of the ring's first {@code taken} samples that are loud} */
    private static double loudFraction(AudioRingBuffer ring, long taken) {
        float[] x = ring.getChunkWithOverlap((int) taken, 0).map(AudioChunk::data).orElseThrow().toArray(JAVA_FLOAT);
        int loud = 0;
        for (int i = 0; i + 160 <= x.length; i += 160) {
            double sum = 0;
            for (int j = i; j < i + 160; j++) {
                sum += (double) x[j] * x[j];
            }
            if (Math.sqrt(sum / 160) > 0.05) {
                loud++;
            }
        }
        return loud * 160.0 / x.length;
    }

    @Test
    void aSecondClientGetsItsOwnNameAndCapturesThroughItsOwnPort() throws Exception {
        try (JackInput first = JackInput.open(JackServer.PORT, server.name(), 2);
             JackInput second = JackInput.open(JackServer.PORT, server.name(), 2);
             AudioRingBuffer ring = ring(OverflowPolicy.OVERWRITE, 3 * RATE)) {
            assertThat(first.description()).contains("client cascade-vad:in ");
            assertThat(second.description()).doesNotContain("client cascade-vad:in ").contains(":in on server");
            long taken = drive(second, ring);
            assertThat(loudFraction(ring, taken)).as("the beeps reached the second client").isCloseTo(0.3, within(0.1));
        }
    }

    @Test
    void blockAndAWrongFormatAreRefusedBeforeTheClientStarts() throws Exception {
        try (JackInput input = JackInput.open(JackServer.PORT, server.name(), 1);
             AudioRingBuffer block = ring(OverflowPolicy.BLOCK, RATE);
             AudioRingBuffer stereo = AudioRingBuffer.builder(AudioConfig.stereo(RATE)).capacitySeconds(1)
                     .overflowPolicy(OverflowPolicy.OVERWRITE).build()) {
            assertThatThrownBy(() -> input.writeBlock(block, Duration.ZERO)).isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("must never wait");
            assertThatThrownBy(() -> input.writeBlock(stereo, Duration.ZERO))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("mono at 16000 Hz");
            assertThat(block.availableSamples()).isZero();
            assertThat(input.callbackThread()).isEmpty();
        }
    }

    @Test
    void aMissingServerOrPortIsOneClearError() {
        assertThatThrownBy(() -> JackInput.open(JackServer.PORT, "no-such-server", 1)).isInstanceOf(IOException.class)
                .hasMessage("no JACK server 'no-such-server' is running (start one, e.g. jackd -n no-such-server"
                        + " -d dummy -r 16000)");
        assertThatThrownBy(() -> JackInput.open("metro:nope", server.name(), 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("has no port 'metro:nope'");
        assertThatThrownBy(() -> JackInput.open("system:playback_1", server.name(), 1)).isInstanceOf(IOException.class)
                .hasMessageContaining("is not an audio output");
    }
}
