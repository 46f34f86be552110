package io.cascade.examples.natives;

import io.cascade.examples.Natives;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** libsamplerate through FFM: frame counts, the signal kept, and memory it must not be given. */
class ResamplerTest {
    /** A 440 Hz sine at 48 kHz, fed in 480-frame blocks, leaves as 440 Hz at 16 kHz, a third as many frames. */
    @Test
    void fortyEightToSixteenKilohertzBlockByBlock() throws Exception {
        int seconds = 2;
        try (Resampler r = Natives.require("libsamplerate", () -> Resampler.create(48_000, 16_000));
             Arena arena = Arena.ofConfined()) {
            assertThat(r.ratio()).isCloseTo(1 / 3.0, within(1e-12));
            MemorySegment in = arena.allocate(480 * Float.BYTES, 64);
            MemorySegment out = arena.allocate((long) 16_000 * seconds * Float.BYTES + 4096, 64);
            long made = 0;
            for (int block = 0; block < 100 * seconds; block++) {
                for (int i = 0; i < 480; i++) {
                    in.setAtIndex(JAVA_FLOAT, i, (float) (0.5 * Math.sin(2 * Math.PI * 440 * (block * 480 + i) / 48_000.0)));
                }
                int offered = 480;
                int at = 0;
                while (offered > 0) {
                    MemorySegment room = out.asSlice(made * Float.BYTES);
                    r.process(in.asSlice((long) at * Float.BYTES), offered, room, r.outputBound(offered), false);
                    made += r.generated();
                    at += r.used();
                    offered -= r.used();
                }
            }
            r.process(in, 0, out.asSlice(made * Float.BYTES), 1024, true);
            made += r.generated();
            assertThat(made).isCloseTo(16_000L * seconds, within(2L));
            int crossings = 0;
            for (long i = 1000; i < made - 1000; i++) {
                if (out.getAtIndex(JAVA_FLOAT, i - 1) < 0 && out.getAtIndex(JAVA_FLOAT, i) >= 0) {
                    crossings++;
                }
            }
            double hz = crossings / ((made - 2000) / 16_000.0);
            assertThat(hz).isCloseTo(440, within(2.0));
        }
    }

    @Test
    void heapOverlappingOrShortMemoryIsRefusedBeforeTheCall() throws Exception {
        try (Resampler r = Natives.require("libsamplerate", () -> Resampler.create(44_100, 16_000));
             Arena arena = Arena.ofConfined()) {
            MemorySegment in = arena.allocate(1024 * Float.BYTES);
            MemorySegment out = arena.allocate(1024 * Float.BYTES);
            assertThatThrownBy(() -> r.process(MemorySegment.ofArray(new float[256]), 256, out, 256, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("native memory");
            assertThatThrownBy(() -> r.process(in, 1024, in.asSlice(512 * Float.BYTES), 256, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("separate input and output");
            assertThatThrownBy(() -> r.process(in, 2048, out, 256, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("8192 bytes");
            assertThatThrownBy(() -> r.process(in, 256, out.asReadOnly(), 256, false))
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("writable");
            r.process(in, 256, out, 256, false);
            assertThat(r.used()).isPositive();
        }
        assertThatThrownBy(() -> Resampler.create(8_000, 8_000 * 300)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("1/256 to 256");
    }

    @Test
    void aClosedResamplerThrowsInsteadOfCallingFreedState() throws Exception {
        Resampler r = Natives.require("libsamplerate", () -> Resampler.create(48_000, 16_000));
        r.close();
        r.close();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment m = arena.allocate(64);
            assertThatThrownBy(() -> r.process(m, 4, arena.allocate(64), 4, false))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("closed");
        }
    }
}
