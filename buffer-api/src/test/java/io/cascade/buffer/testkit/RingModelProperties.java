package io.cascade.buffer.testkit;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.InsufficientDataException;
import io.cascade.buffer.OverflowPolicy;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;

import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Model-based test: random sequences of writes, takes, advances, batches, clears and resizes
 * run against the buffer and against a reference model that knows only stream positions (the
 * sample at position {@code p} is always {@link AudioRingBufferContract#value(long)}), for random
 * rates, channel counts, capacities and policies. Every chunk's samples and every status figure
 * must agree with the model after every step.
 */
public abstract class RingModelProperties {

    /** @return the backend under test */
    protected abstract String backend();

    sealed interface Op permits Write, Take, Smart, Advance, Batch, Clear, Resize {
    }

    record Write(int frames) implements Op {
    }

    record Take(int chunkFrames, int overlapFrames) implements Op {
    }

    record Smart(int chunkFrames, int overlapFrames) implements Op {
    }

    record Advance(int frames) implements Op {
    }

    record Batch(int chunkFrames, int overlapFrames, int max) implements Op {
    }

    record Clear() implements Op {
    }

    record Resize(int seconds) implements Op {
    }

    record Scenario(int sampleRate, int channels, int seconds, OverflowPolicy policy, List<Op> ops) {
    }

    @Provide
    Arbitrary<Scenario> scenarios() {
        Arbitrary<Integer> frames = Arbitraries.integers().between(0, 330);
        Arbitrary<Integer> positive = Arbitraries.integers().between(1, 330);
        Arbitrary<Op> op = Arbitraries.frequencyOf(
                net.jqwik.api.Tuple.of(6, frames.map(Write::new)),
                net.jqwik.api.Tuple.of(4, Combinators.combine(positive, frames).as(Take::new)),
                net.jqwik.api.Tuple.of(2, Combinators.combine(positive, frames).as(Smart::new)),
                net.jqwik.api.Tuple.of(5, frames.map(Advance::new)),
                net.jqwik.api.Tuple.of(1, Combinators.combine(positive, frames, Arbitraries.integers().between(0, 6))
                        .as(Batch::new)),
                net.jqwik.api.Tuple.of(1, Arbitraries.just(new Clear())),
                net.jqwik.api.Tuple.of(1, Arbitraries.integers().between(1, 3).map(Resize::new)));
        return Combinators.combine(Arbitraries.of(50, 80, 100), Arbitraries.integers().between(1, 3),
                Arbitraries.integers().between(1, 3), Arbitraries.of(OverflowPolicy.class),
                op.list().ofMinSize(1).ofMaxSize(60)).as(Scenario::new);
    }

    @Property(tries = 300)
    void bufferAgreesWithTheModel(@ForAll("scenarios") Scenario scenario) {
        AudioConfig config = new AudioConfig(scenario.sampleRate(), scenario.channels());
        try (AudioRingBuffer buffer = AudioRingBuffer.builder(config).capacitySeconds(scenario.seconds())
                .overflowPolicy(scenario.policy()).backend(backend()).build()) {
            Model model = new Model(config, scenario.policy(), scenario.seconds());
            AudioChunk held = null;
            long heldGeneration = -1;
            for (Op op : scenario.ops()) {
                int ch = config.channels();
                switch (op) {
                    case Write w -> model.write(buffer, w.frames() * ch);
                    case Take t -> {
                        Optional<AudioChunk> c = model.take(buffer, t.chunkFrames() * ch, t.overlapFrames() * ch, false);
                        if (c.isPresent()) {
                            held = c.get();
                            heldGeneration = model.generation;
                        }
                    }
                    case Smart s -> model.take(buffer, s.chunkFrames() * ch, s.overlapFrames() * ch, true);
                    case Advance a -> model.advance(buffer, a.frames() * ch);
                    case Batch b -> model.batch(buffer, b.chunkFrames() * ch, b.overlapFrames() * ch, b.max());
                    case Clear c -> model.clear(buffer);
                    case Resize r -> model.resize(buffer, r.seconds());
                }
                model.check(buffer);
                if (held != null) {
                    boolean valid = heldGeneration == model.generation && held.startPosition() >= model.head
                            && held.startPosition() >= model.floor;
                    assertThat(held.isValid()).as("validity of held %s after %s", held, op).isEqualTo(valid);
                    if (valid) {
                        AudioRingBufferContract.assertRamp(held, held.startPosition());
                    }
                }
            }
        }
    }

    /** What the buffer must do, in stream positions only. */
    static final class Model {
        final AudioConfig config;
        final OverflowPolicy policy;
        int capacity;
        long tail;
        long head;
        long floor;
        long read;
        long droppedObserved;
        long overflows;
        long sequence;
        long generation;

        Model(AudioConfig config, OverflowPolicy policy, int seconds) {
            this.config = config;
            this.policy = policy;
            this.capacity = config.samplesPerSecond() * seconds;
        }

        long oldest() {
            return Math.max(head, floor);
        }

        void catchUp() {
            if (floor > head) {
                droppedObserved += floor - head;
                head = floor;
            }
        }

        void write(AudioRingBuffer buffer, int n) {
            float[] block = AudioRingBufferContract.ramp(tail, n);
            long free = capacity - (tail - oldest());
            if (n <= free) {
                assertThat(buffer.write(block, false, null)).isTrue();
                tail += n;
                return;
            }
            switch (policy) {
                case BLOCK -> {
                    assertThatThrownBy(() -> buffer.write(block, false, null)).isInstanceOf(BufferFullException.class);
                    overflows++;
                }
                case REJECT -> {
                    assertThat(buffer.write(block, false, null)).isFalse();
                    overflows++;
                }
                case OVERWRITE -> {
                    assertThat(buffer.write(block, false, null)).isTrue();
                    floor = tail + n - capacity;
                    tail += n;
                    overflows++;
                }
            }
        }

        Optional<AudioChunk> take(AudioRingBuffer buffer, int chunk, int overlap, boolean smart) {
            if (chunk + overlap > capacity) {
                assertThatThrownBy(() -> buffer.getChunkWithOverlap(chunk, overlap))
                        .isInstanceOf(IllegalArgumentException.class);
                return Optional.empty();
            }
            Optional<AudioChunk> got = smart ? buffer.getChunkWithSmartOverlap(chunk, overlap)
                    : buffer.getChunkWithOverlap(chunk, overlap);
            catchUp();
            long available = tail - head;
            int expectedOverlap = overlap;
            if (smart && available >= chunk && available < chunk + overlap) {
                expectedOverlap = (int) (available - chunk);
            }
            boolean present = available >= chunk + expectedOverlap;
            assertThat(got.isPresent()).as("chunk %d+%d with %d available", chunk, overlap, available).isEqualTo(present);
            if (present) {
                AudioChunk c = got.get();
                assertThat(c.startPosition()).isEqualTo(head);
                assertThat(c.chunkSize()).isEqualTo(chunk);
                assertThat(c.overlapSize()).isEqualTo(expectedOverlap);
                assertThat(c.sequenceNumber()).isEqualTo(sequence++);
                assertThat(c.startFrame()).isEqualTo(head / config.channels());
                AudioRingBufferContract.assertRamp(c, head);
            }
            return got;
        }

        void advance(AudioRingBuffer buffer, int k) {
            if (k > tail - head) {
                assertThatThrownBy(() -> buffer.advanceReadPosition(k)).isInstanceOf(InsufficientDataException.class);
                return;
            }
            buffer.advanceReadPosition(k);
            if (floor > head) {
                catchUp();
            } else {
                head += k;
                read += k;
            }
        }

        void batch(AudioRingBuffer buffer, int chunk, int overlap, int max) {
            if (chunk + overlap > capacity) {
                assertThatThrownBy(() -> buffer.readBatch(chunk, overlap, max))
                        .isInstanceOf(IllegalArgumentException.class);
                return;
            }
            List<AudioChunk> chunks = buffer.readBatch(chunk, overlap, max);
            catchUp();
            long available = tail - head;
            long fit = available < chunk + overlap ? 0 : 1 + (available - chunk - overlap) / chunk;
            assertThat(chunks).hasSize((int) Math.min(max, fit));
            for (int i = 0; i < chunks.size(); i++) {
                AudioChunk c = chunks.get(i);
                assertThat(c.startPosition()).isEqualTo(head + (long) i * chunk);
                assertThat(c.sequenceNumber()).isEqualTo(sequence++);
                AudioRingBufferContract.assertRamp(c, c.startPosition());
            }
        }

        void clear(AudioRingBuffer buffer) {
            buffer.clear();
            catchUp();
            head = tail;
            generation++;
        }

        void resize(AudioRingBuffer buffer, int seconds) {
            boolean resized = buffer.resize(seconds);
            catchUp();
            int newCapacity = config.samplesPerSecond() * seconds;
            assertThat(resized).isEqualTo(tail - head <= newCapacity);
            if (resized) {
                capacity = newCapacity;
                generation++;
            }
        }

        void check(AudioRingBuffer buffer) {
            BufferStatus s = buffer.getBufferStatus();
            assertThat(s.capacity()).isEqualTo(capacity);
            assertThat(s.availableSamples()).isEqualTo(tail - oldest());
            assertThat(s.freeSamples()).isEqualTo(capacity - (tail - oldest()));
            assertThat(s.totalWritten()).isEqualTo(tail);
            assertThat(s.totalRead()).isEqualTo(read);
            assertThat(s.droppedSamples()).isEqualTo(droppedObserved + Math.max(0, floor - head));
            assertThat(s.overflowCount()).isEqualTo(overflows);
            assertThat(buffer.checkIntegrity().issues()).isEmpty();
        }
    }
}
