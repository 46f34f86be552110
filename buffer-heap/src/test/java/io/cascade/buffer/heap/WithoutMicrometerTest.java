package io.cascade.buffer.heap;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Micrometer is optional: this module's tests run without it, and the buffer works and reports. */
class WithoutMicrometerTest {

    @Test
    void micrometerIsAbsentAndTheBufferDoesNotNeedIt() {
        assertThatThrownBy(() -> Class.forName("io.micrometer.core.instrument.MeterRegistry"))
                .isInstanceOf(ClassNotFoundException.class);
        try (AudioRingBuffer b = AudioRingBuffer.builder(AudioConfig.mono(16_000)).name("no-metrics").backend("heap")
                .build()) {
            b.write(new float[160]);
            assertThat(b.getChunkWithOverlap(160, 0)).isPresent();
            assertThat(b.metrics().writeOperations()).isEqualTo(1);
            assertThat(b.checkIntegrity().issues()).isEmpty();
            assertThat(b.name()).isEqualTo("no-metrics");
        }
    }
}
