package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.testkit.Internals;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** Alignment and layout read from the real addresses of native storage. */
class NativeLayoutTest {

    @Test
    void storageIsPageAlignedAndWholePages() {
        try (AudioRingBuffer b = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(1000)
                .backend("ffm").build()) {
            MemorySegment storage = Internals.storage(b);
            assertThat(storage.address() % 4096).isZero();
            assertThat(storage.byteSize() % 4096).isZero();
            assertThat(Internals.slots(b)).isEqualTo(1024);
            assertThat(b.capacity()).isEqualTo(1000);
            assertThat(b.getBufferStatus().alignment()).isEqualTo(4096);
            assertThat(b.getBufferStatus().allocatedBytes()).isGreaterThanOrEqualTo(4096);
        }
    }

    @Test
    void controlBlockRegionsStartOnLinePairs() {
        try (AudioRingBuffer b = AudioRingBuffer.create(AudioConfig.mono(16_000), 1)) {
            MemorySegment control = Internals.controlBlock(b);
            assertThat(control.isNative()).isTrue();
            assertThat(control.address() % 128).isZero();
            long tail = control.address() + Internals.layout("TAIL");
            long head = control.address() + Internals.layout("HEAD");
            assertThat(tail / 128).isNotEqualTo(head / 128);
            assertThat(head - tail).isGreaterThanOrEqualTo(128);
        }
    }
}
