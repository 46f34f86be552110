package io.cascade.examples.vad;

import io.cascade.examples.Signals;
import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** The detector on synthesized signals, fed in chunks of random sizes straight from memory. */
class EnergyVadTest {
    private static final int RATE = 16_000;
    private static final double[][] BURSTS = {{0.50, 1.20}, {1.80, 2.05}, {3.00, 4.40}, {5.10, 5.60}};

    private static List<Segment> detect(float[] x, long seed) {
        List<Segment> found = new ArrayList<>();
        EnergyVad vad = new EnergyVad(RATE, found::add);
        MemorySegment memory = MemorySegment.ofArray(x);
        SplittableRandom random = new SplittableRandom(seed);
        int position = 0;
        while (position < x.length) {
            int chunk = Math.min(x.length - position, 1 + random.nextInt(800));
            int overlap = Math.min(x.length - position - chunk, random.nextInt(300));
            vad.accept(memory, (long) position * Float.BYTES, position, chunk, overlap);
            position += chunk;
        }
        vad.finish();
        return found;
    }

    @Test
    void everyBurstIsFoundWithin30MillisecondsAtEachEdge() {
        for (long seed = 1; seed <= 5; seed++) {
            float[] x = Signals.bursts(RATE, 6.5, 0.01, BURSTS, seed);
            List<Segment> found = detect(x, seed);
            assertThat(found).as("seed %d: %s", seed, found).hasSize(BURSTS.length);
            for (int i = 0; i < BURSTS.length; i++) {
                assertThat(found.get(i).startSeconds()).isCloseTo(BURSTS[i][0], within(0.030));
                assertThat(found.get(i).endSeconds()).isCloseTo(BURSTS[i][1], within(0.030));
            }
        }
    }

    @Test
    void noiseAloneGivesNoSegment() {
        for (double level : new double[] {0.0, 0.001, 0.01, 0.1}) {
            assertThat(detect(Signals.bursts(RATE, 5, level, new double[0][], 7), 7)).as("noise %s", level).isEmpty();
        }
    }

    @Test
    void shortDipsDoNotSplitASegmentAndShortClicksAreDropped() {
        float[] x = Signals.bursts(RATE, 4, 0.01, new double[][] {{0.5, 1.0}, {1.15, 1.6}, {2.5, 2.55}}, 3);
        List<Segment> found = detect(x, 3);
        assertThat(found).hasSize(1);
        assertThat(found.get(0).startSeconds()).isCloseTo(0.5, within(0.03));
        assertThat(found.get(0).endSeconds()).isCloseTo(1.6, within(0.03));
    }

    @Test
    void chunksMustBeConsecutiveUnlessSkipped() {
        EnergyVad vad = new EnergyVad(RATE, s -> { });
        MemorySegment memory = MemorySegment.ofArray(new float[1000]);
        vad.accept(memory, 0, 0, 100, 0);
        assertThatThrownBy(() -> vad.accept(memory, 0, 300, 100, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 100");
        vad.skipTo(300);
        vad.accept(memory, 0, 300, 100, 0);
    }
}
