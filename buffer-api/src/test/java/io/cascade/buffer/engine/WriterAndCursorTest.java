package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.InsufficientDataException;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.WaitStrategy;
import org.junit.jupiter.api.Test;

import java.lang.foreign.ValueLayout;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * The data path inside the engine, write to storage to window, over {@link ArrayStorage}: what
 * the writer and a read cursor do to positions, storage and counters, without a backend or the
 * public facades. The contract tests of each backend check the same through the public API.
 */
class WriterAndCursorTest {
    private static final AudioConfig MONO = AudioConfig.mono(16_000);

    /** One buffer's engine with its default reader, wired as the buffer wires it. */
    private record Engine(ArrayStorage storage, Ring ring, Writer writer, ReadCursor cursor) {
        static Engine of(AudioConfig config, int slots, OverflowPolicy policy) {
            ArrayStorage storage = new ArrayStorage(slots);
            Ring ring = new Ring(storage, slots);
            CurrentRing current = new CurrentRing(ring, "array");
            BufferSettings settings = new BufferSettings(config, policy, WaitStrategy.SPIN, "test", false,
                    new Signal(), new Signal(), new PublishedPosition());
            ReadCursor cursor = new ReadCursor(current, settings, "default", null, null, false);
            Readers<ReadCursor> readers = new Readers<>(new ReadCursor[] {cursor}, c -> c);
            Writer writer = new Writer(current, readers, settings, ProducerMode.SINGLE, null, null);
            return new Engine(storage, ring, writer, cursor);
        }

        void write(float... samples) {
            assertThat(writer.write(samples, false, null)).as("written").isTrue();
        }

        ChunkWindow take(int chunkSize, int overlapSize) {
            ChunkWindow window = new ChunkWindow();
            assertThat(cursor.tryTake("take", chunkSize, overlapSize, false, false, window)).as("taken").isTrue();
            return window;
        }
    }

    private static float[] ramp(int from, int count) {
        float[] samples = new float[count];
        for (int i = 0; i < count; i++) {
            samples[i] = from + i;
        }
        return samples;
    }

    private static float[] samplesOf(ChunkWindow w) {
        float[] out = new float[w.length];
        for (int i = 0; i < w.length; i++) {
            out[i] = w.base.get(ValueLayout.JAVA_FLOAT, w.byteOffset + (long) i * Float.BYTES);
        }
        return out;
    }

    @Test
    void aWindowThatLiesInOnePieceIsAViewOfTheStorageAtItsPosition() {
        Engine e = Engine.of(MONO, 16, OverflowPolicy.BLOCK);
        e.write(ramp(1, 8));
        ChunkWindow w = e.take(4, 2);
        assertThat(w.base).as("the storage itself").isSameAs(e.ring().samples);
        assertThat(w.continuous).isTrue();
        assertThat(w.startPosition).isZero();
        assertThat(samplesOf(w)).containsExactly(ramp(1, 6));
        e.storage().array()[3] = -4;
        assertThat(samplesOf(w)[3]).as("a change in storage shows through the window").isEqualTo(-4);
        assertThat(e.cursor().counter(e.ring(), ZERO_COPY)).isEqualTo(1);
    }

    @Test
    void aWindowAcrossTheEndOfPlainStorageIsACopyOfTheSameSamples() {
        Engine e = Engine.of(MONO, 16, OverflowPolicy.BLOCK);
        e.write(ramp(0, 12));
        e.cursor().advance(12);
        e.write(ramp(12, 8));
        ChunkWindow w = e.take(6, 2);
        assertThat(w.base).as("a copy").isNotSameAs(e.ring().samples);
        assertThat(w.continuous).isFalse();
        assertThat(w.startPosition).isEqualTo(12);
        assertThat(samplesOf(w)).containsExactly(ramp(12, 8));
        assertThat(e.cursor().counter(e.ring(), COPIED)).isEqualTo(1);
    }

    @Test
    void anAdvancePublishesThePositionThatGatesTheWriter() {
        Engine e = Engine.of(MONO, 16, OverflowPolicy.BLOCK);
        e.write(ramp(0, 16));
        assertThatThrownBy(() -> e.writer().write(new float[1], false, null)).isInstanceOf(BufferFullException.class);
        assertThat(e.writer().positionFigure(e.ring().control)).as("nothing written").isEqualTo(16);

        e.cursor().advance(4);
        assertThat(e.cursor().position(e.ring())).isEqualTo(4);
        e.write(ramp(16, 4));
        assertThat(e.writer().positionFigure(e.ring().control)).isEqualTo(20);
        assertThat(e.writer().writeOps(e.ring().control)).as("writes that went in").isEqualTo(2);
        assertThat(e.storage().array()[3]).as("the oldest samples' slots took the new block").isEqualTo(19);
    }

    @Test
    void anAdvancePastTheWrittenSamplesIsRefusedAndMovesNothing() {
        Engine e = Engine.of(MONO, 16, OverflowPolicy.BLOCK);
        e.write(ramp(0, 4));
        assertThatThrownBy(() -> e.cursor().advance(5)).isInstanceOfSatisfying(InsufficientDataException.class,
                x -> {
                    assertThat(x.available()).isEqualTo(4);
                    assertThat(x.required()).isEqualTo(5);
                });
        assertThat(e.cursor().position(e.ring())).isZero();
        assertThat(e.cursor().counter(e.ring(), INSUFFICIENT_ERRORS)).isEqualTo(1);
        assertThat(samplesOf(e.take(4, 0))).containsExactly(ramp(0, 4));
    }

    @Test
    void underOverwriteALappedReaderCatchesUpToTheFloorAndCountsWhatItLost() {
        Engine e = Engine.of(MONO, 16, OverflowPolicy.OVERWRITE);
        e.write(ramp(0, 16));
        e.write(ramp(16, 4));
        assertThat(e.ring().control.get(FLOOR)).isEqualTo(4);
        ChunkWindow w = e.take(4, 0);
        assertThat(w.startPosition).isEqualTo(4);
        assertThat(samplesOf(w)).containsExactly(ramp(4, 4));
        assertThat(e.cursor().counter(e.ring(), DROPPED)).isEqualTo(4);
        assertThat(e.cursor().counter(e.ring(), LAPS)).isEqualTo(1);
        assertThat(e.cursor().position(e.ring())).isEqualTo(4);
    }

    @Test
    void aBlockOfPartFramesIsRefusedBeforeAnythingChanges() {
        Engine e = Engine.of(AudioConfig.stereo(16_000), 16, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> e.writer().write(new float[3], false, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of frames");
        assertThat(e.writer().positionFigure(e.ring().control)).isZero();
        assertThat(e.writer().writeOps(e.ring().control)).isZero();
    }
}
