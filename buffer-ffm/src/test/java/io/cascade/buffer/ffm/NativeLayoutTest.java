package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.testkit.Internals;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** Alignment and layout read from the real addresses of native storage. */
class NativeLayoutTest {

    private static final long PAGE = MemoryGeometry.detected().pageSize();
    private static final long LINE = MemoryGeometry.detected().cacheLineSize();

    @Test
    void mirroredStorageIsPageAlignedAndWholePages() {
        try (AudioRingBuffer b = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(1000)
                .backend("ffm").build()) {
            assertThat(b.getBufferStatus().mirrored()).isTrue();
            MemorySegment storage = Internals.storage(b);
            assertThat(storage.address() % PAGE).isZero();
            assertThat(storage.byteSize()).isEqualTo(2 * PAGE);
            assertThat(Internals.slots(b)).isEqualTo((int) (PAGE / 4));
            assertThat(b.capacity()).isEqualTo(1000);
            assertThat(b.getBufferStatus().alignment()).isEqualTo(PAGE);
            assertThat(b.getBufferStatus().allocatedBytes()).isGreaterThanOrEqualTo(PAGE)
                    .as("memory once, though mapped twice").isLessThan(2 * PAGE);
        }
    }

    @Test
    void plainStorageFollowsTheSeedsLayoutDecision() {
        System.setProperty(FfmBufferProvider.MIRROR_PROPERTY, "false");
        try (AudioRingBuffer small = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(100)
                .backend("ffm").build();
             AudioRingBuffer large = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(5000)
                     .backend("ffm").build()) {
            // At most a page: cache-line aligned, whole lines.
            assertThat(small.getBufferStatus().mirrored()).isFalse();
            assertThat(small.getBufferStatus().alignment()).isEqualTo(LINE);
            assertThat(Internals.storage(small).address() % LINE).isZero();
            assertThat(Internals.slots(small) * 4L).isEqualTo(NativeSampleStorage.roundUp(400, LINE));
            // Above a page: page aligned, whole pages.
            assertThat(large.getBufferStatus().alignment()).isEqualTo(PAGE);
            assertThat(Internals.storage(large).address() % PAGE).isZero();
            assertThat(Internals.slots(large) * 4L).isEqualTo(NativeSampleStorage.roundUp(20_000, PAGE));
            assertThat(small.checkIntegrity().warnings()).noneMatch(w -> w.contains("not mirrored"));
        } finally {
            System.clearProperty(FfmBufferProvider.MIRROR_PROPERTY);
        }
    }

    @Test
    void geometryComesFromTheOs() throws Exception {
        MemoryGeometry g = MemoryGeometry.detected();
        assertThat(g.source()).startsWith("sysconf");
        Process p = new ProcessBuilder("getconf", "PAGESIZE").start();
        long page = Long.parseLong(new String(p.getInputStream().readAllBytes()).strip());
        assertThat(g.pageSize()).isEqualTo(page);
        java.nio.file.Path line = java.nio.file.Path.of("/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size");
        if (java.nio.file.Files.exists(line)) {
            assertThat(g.cacheLineSize()).isEqualTo(Long.parseLong(java.nio.file.Files.readString(line).strip()));
        }
        assertThat(g.alignmentFor(page)).isEqualTo(g.cacheLineSize());
        assertThat(g.alignmentFor(page + 1)).isEqualTo(page);
        assertThat(g.roundedSize(page + 1)).isEqualTo(2 * page);
        assertThat(g.roundedSize(1)).isEqualTo(g.cacheLineSize());
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
