package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.SharedFileStatus;
import io.cascade.buffer.SharedRole;
import io.cascade.buffer.WriteClaim;
import io.cascade.buffer.testkit.Internals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import static io.cascade.buffer.testkit.AudioRingBufferContract.ramp;
import static io.cascade.buffer.testkit.AudioRingBufferContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * A shared-file buffer with its writer and its reader as two buffers in this JVM, which is what
 * two processes see (each maps the file on its own; nothing is shared but the file). The
 * processes themselves, C and a second JVM, are in {@link CrossProcessTest}.
 */
class SharedFileTest {
    private static final AudioConfig MONO = AudioConfig.mono(16_000);
    private static final boolean MIRRORS = NativeAccess.enabled();

    @TempDir
    Path dir;

    private AudioRingBuffer create(Path file, OverflowPolicy policy) {
        return AudioRingBuffer.builder(MONO).capacitySamples(16_000).overflowPolicy(policy)
                .sharedFile(file, SharedRole.WRITER).build();
    }

    @Test
    void aReaderOnItsOwnMappingSeesEverySampleInOrderWithOverlap() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.BLOCK);
             AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER, MONO)) {
            assertThat(reader.capacity()).isEqualTo(16_000);
            assertThat(reader.policy()).isEqualTo(OverflowPolicy.BLOCK);
            long total = 160L * 2_000;                        // 20 capacities: the ring wraps many times
            AtomicReference<Throwable> failed = new AtomicReference<>();
            Thread producer = Thread.ofPlatform().start(() -> {
                try {
                    for (long p = 0; p < total; p += 160) {
                        writer.write(ramp(p, 160), true, Duration.ofSeconds(10));
                    }
                } catch (Throwable t) {
                    failed.set(t);
                }
            });
            ChunkView view = reader.newChunkView();
            long position = 0;
            while (position + 512 + 256 <= total) {
                assertThat(reader.awaitChunk(512, 256, Duration.ofSeconds(10), view)).as("chunk at " + position).isTrue();
                assertThat(view.startPosition()).isEqualTo(position);
                for (int i = 0; i < 768; i++) {
                    if (view.get(i) != value(position + i)) {
                        throw new AssertionError("sample " + (position + i) + " is " + view.get(i));
                    }
                }
                if (MIRRORS) {
                    assertThat(view.isContinuous()).isTrue();
                }
                assertThat(view.isValid()).isTrue();
                reader.advanceReadPosition(512);
                position += 512;
            }
            producer.join();
            assertThat(failed.get()).isNull();
            assertThat(writer.getBufferStatus().totalWritten()).isEqualTo(total);
            assertThat(reader.checkIntegrity().issues()).isEmpty();
            // Each side's counts reach the other process through the file.
            assertThat(reader.getBufferStatus().totalWritten()).isEqualTo(total);
            assertThat(reader.metrics().writeOperations()).isEqualTo(total / 160);
            assertThat(writer.getBufferStatus().totalRead()).isEqualTo(position);
            assertThat(writer.metrics().readOperations()).isEqualTo(position / 512);
            assertThat(writer.metrics().zeroCopyReads()).isEqualTo(reader.metrics().zeroCopyReads());
        }
    }

    @Test
    void bothMappingsAreTheSameMemoryAndMirroredWhereNativeAccessIs() {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.OVERWRITE);
             AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER)) {
            int slots = 16_384;                               // 16,000 rounded up to 64 KiB granules
            assertThat(reader.checkIntegrity().metrics().get("slots")).isEqualTo(slots);
            // Write up to just before the end of storage, consume, then a block across the end.
            writer.write(ramp(0, 16_000));
            reader.advanceReadPosition(16_000);
            writer.write(ramp(16_000, 1_000));
            AudioChunk chunk = reader.takeChunk(1_000, 0);
            assertThat(chunk.startPosition()).isEqualTo(16_000);
            assertThat(chunk.readPosition()).isEqualTo(16_000);
            assertThat(chunk.isContinuous()).isEqualTo(MIRRORS);
            for (int i = 0; i < 1_000; i++) {
                assertThat(chunk.get(i)).isEqualTo(value(16_000 + i));
            }
            // A view of the reader's own mapping, not a copy: the writer's overwrite shows in it, and the
            // chunk says so. A plain mapping copies a chunk that crosses the end, so the copy keeps the old samples.
            writer.write(ramp(17_000, 16_000));
            assertThat(chunk.get(0)).isEqualTo(MIRRORS ? value(16_000 + slots) : value(16_000));
            assertThat(chunk.isValid()).isFalse();
            if (MIRRORS) {
                assertThat(chunk.data().address() % 4096).isEqualTo(16_000L * Float.BYTES % 4096);
            }
            assertThat(reader.checkIntegrity().metrics().get("mirrored")).isEqualTo(MIRRORS ? 1 : 0);
        }
    }

    @Test
    void eachProcessKeepsToItsRole() {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.BLOCK);
             AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER)) {
            writer.write(ramp(0, 320));
            assertThatThrownBy(() -> writer.getChunkWithOverlap(160, 0)).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("this process is its writer");
            assertThatThrownBy(() -> writer.advanceReadPosition(160)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reader.write(ramp(0, 160))).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("this process is its reader");
            assertThatThrownBy(() -> reader.claim(160, true, null)).isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> reader.newReader("asr")).isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("invisible to the writer");
            for (AudioRingBuffer b : new AudioRingBuffer[] {writer, reader}) {
                assertThatThrownBy(b::clear).isInstanceOf(IllegalStateException.class).hasMessageContaining("fixes");
                assertThatThrownBy(() -> b.resize(2)).isInstanceOf(IllegalStateException.class);
                assertThatThrownBy(b::recover).isInstanceOf(IllegalStateException.class);
            }
            assertThatThrownBy(() -> AudioRingBuffer.attach(file, SharedRole.READER))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("already is the reader");
            // Nothing of that changed the stream.
            assertThat(reader.availableSamples()).isEqualTo(320);
            assertThat(reader.takeChunk(320, 0).get(319)).isEqualTo(value(319));
        }
    }

    @Test
    void readersAddedInTheWriterProcessHoldTheWriterBackToo() {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.REJECT);
             AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER)) {
            var recorder = writer.newReader("recorder");
            assertThat(writer.write(ramp(0, 16_000), false, null)).isTrue();
            reader.advanceReadPosition(16_000);
            assertThat(writer.write(ramp(16_000, 160), false, null)).as("the recorder has read nothing").isFalse();
            recorder.advanceReadPosition(16_000);
            assertThat(writer.write(ramp(16_000, 160), false, null)).isTrue();
            assertThat(reader.takeChunk(160, 0).get(0)).isEqualTo(value(16_000));
        }
    }

    @Test
    void closingGivesTheRoleBackAndAReaderResumesWhereTheLastStopped() {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.BLOCK)) {
            writer.write(ramp(0, 1_000));
            try (AudioRingBuffer first = AudioRingBuffer.attach(file, SharedRole.READER)) {
                first.advanceReadPosition(400);
            }
            try (AudioRingBuffer second = AudioRingBuffer.attach(file, SharedRole.READER)) {
                AudioChunk c = second.takeChunk(600, 0);
                assertThat(c.startPosition()).isEqualTo(400);
                assertThat(c.get(0)).isEqualTo(value(400));
                assertThat(second.sharedFileStatus().orElseThrow().readerPid()).isEqualTo(ProcessHandle.current().pid());
            }
            assertThat(writer.sharedFileStatus().orElseThrow().readerPid()).isZero();
        }
        assertThat(file).exists();
    }

    @Test
    void aRestartedWriterResumesAtTheTailAndTheReaderSeesTheGapInTheHeartbeat() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer reader = AudioRingBuffer.builder(MONO).capacitySamples(16_000)
                .sharedFile(file, SharedRole.READER).build()) {
            SharedFileStatus none = reader.sharedFileStatus().orElseThrow();
            assertThat(none.writerPid()).isZero();
            assertThat(none.writerStale(Duration.ofSeconds(1))).isTrue();
            try (AudioRingBuffer writer = AudioRingBuffer.attach(file, SharedRole.WRITER)) {
                writer.write(ramp(0, 500));
                SharedFileStatus live = reader.sharedFileStatus().orElseThrow();
                assertThat(live.writerPid()).isEqualTo(ProcessHandle.current().pid());
                assertThat(live.writerRunning()).isTrue();
                assertThat(live.writerStale(Duration.ofSeconds(5))).isFalse();
                Thread.sleep(50);
                assertThat(reader.sharedFileStatus().orElseThrow().sinceHeartbeat()).isGreaterThan(Duration.ofMillis(40));
            }
            assertThat(reader.checkIntegrity().warnings()).anyMatch(w -> w.contains("No writer is attached"));
            try (AudioRingBuffer restarted = AudioRingBuffer.attach(file, SharedRole.WRITER)) {
                restarted.write(ramp(500, 500));
                assertThat(reader.sharedFileStatus().orElseThrow().writerAttaches()).isEqualTo(2);
            }
            AudioChunk all = reader.takeChunk(1_000, 0);
            for (int i = 0; i < 1_000; i++) {
                assertThat(all.get(i)).isEqualTo(value(i));
            }
            assertThat(reader.checkIntegrity().issues()).isEmpty();
        }
    }

    @Test
    void aSideThatDiedBetweenItsPositionAndItsCountersIsSquaredByTheNextHolder() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.BLOCK);
             AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER)) {
            writer.write(ramp(0, 500));
            reader.advanceReadPosition(200);
        }
        long control = Internals.sharedLayout("CONTROL_BLOCK");
        // A C writer counts before it publishes; a Java reader publishes before it counts.
        patch(file, control + Internals.layout("SAMPLES_WRITTEN"), 660);
        patch(file, control + Internals.layout("SAMPLES_READ"), 40);
        try (AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER)) {
            assertThat(reader.checkIntegrity().issues()).singleElement().asString().contains("660 samples written");
            try (AudioRingBuffer writer = AudioRingBuffer.attach(file, SharedRole.WRITER)) {
                assertThat(reader.checkIntegrity().issues()).isEmpty();
                assertThat(writer.getBufferStatus().totalWritten()).isEqualTo(500);
                assertThat(reader.defaultReader().status().position()).isEqualTo(200);
            }
        }
    }

    @Test
    void aFileThatIsNotARingOfThisLayoutIsRefusedAndLeftAsItIs() throws Exception {
        Path good = dir.resolve("good");
        try (AudioRingBuffer writer = create(good, OverflowPolicy.BLOCK)) {
            writer.write(ramp(0, 160));
        }
        byte[] original = Files.readAllBytes(good);
        record Case(String name, long offset, long value, String message) {
        }
        for (Case c : new Case[] {
                new Case("magic", Internals.sharedLayout("MAGIC"), 0x1234, "magic is 0x1234"),
                new Case("version", Internals.sharedLayout("VERSION"), 7, "layout version is 7"),
                new Case("slots", Internals.sharedLayout("SLOTS"), 1_000, "slots must be whole"),
                new Case("capacity", Internals.sharedLayout("CAPACITY"), 1 << 20, "at least the capacity"),
                new Case("file bytes", Internals.sharedLayout("FILE_BYTES"), 1 << 30, "its header says"),
                new Case("channels", Internals.sharedLayout("CHANNELS"), 3, "not a valid audio config"),
                new Case("policy", Internals.sharedLayout("POLICY"), 9, "unknown overflow policy code 9"),
                new Case("control block", Internals.sharedLayout("CONTROL_BLOCK"), 0, "its control block has magic 0x0")}) {
            Path bad = dir.resolve("bad-" + c.name().replace(' ', '-'));
            Files.write(bad, original);
            patch(bad, c.offset(), c.value());
            byte[] before = Files.readAllBytes(bad);
            assertThatThrownBy(() -> AudioRingBuffer.attach(bad, SharedRole.READER)).as(c.name())
                    .isInstanceOf(IllegalArgumentException.class).hasMessageContaining(c.message());
            assertThat(Files.readAllBytes(bad)).as(c.name() + " untouched").isEqualTo(before);
        }
        Path shortFile = dir.resolve("short");
        Files.write(shortFile, new byte[100]);
        assertThatThrownBy(() -> AudioRingBuffer.attach(shortFile, SharedRole.READER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("shorter than the 65536-byte header");
        Path truncated = dir.resolve("truncated");
        Files.write(truncated, original);
        try (RandomAccessFile f = new RandomAccessFile(truncated.toFile(), "rw")) {
            f.setLength(original.length - 4096);
        }
        assertThatThrownBy(() -> AudioRingBuffer.attach(truncated, SharedRole.READER))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("it is " + (original.length - 4096));
        assertThatThrownBy(() -> AudioRingBuffer.attach(good, SharedRole.READER, AudioConfig.stereo(48_000)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("expected 48000 Hz x 2");
        assertThatThrownBy(() -> AudioRingBuffer.attach(dir.resolve("missing"), SharedRole.READER))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("no shared file");
        assertThatThrownBy(() -> create(good, OverflowPolicy.BLOCK)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("exists");
        assertThat(Files.readAllBytes(good)).isEqualTo(original);
        try (AudioRingBuffer reader = AudioRingBuffer.attach(good, SharedRole.READER, MONO)) {
            assertThat(reader.takeChunk(160, 0).get(159)).isEqualTo(value(159));
        }
    }

    @Test
    void theHeapBackendSaysItCannotShareAndLeavesNoFile() {
        Path file = dir.resolve("ring");
        assertThatThrownBy(() -> AudioRingBuffer.builder(MONO).backend("heap").sharedFile(file, SharedRole.WRITER).build())
                .isInstanceOf(UnsupportedOperationException.class).hasMessageContaining("heap backend cannot map");
        assertThat(file).doesNotExist();
    }

    @Test
    void aClaimIsFilledInPlaceInTheFile() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer writer = create(file, OverflowPolicy.BLOCK);
             AudioRingBuffer reader = AudioRingBuffer.attach(file, SharedRole.READER)) {
            try (WriteClaim c = writer.claim(160, true, null)) {
                MemorySegment.copy(ramp(0, 160), 0, c.segment(), java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, 160);
                c.commit();
            }
            assertThat(reader.takeChunk(160, 0).get(100)).isEqualTo(value(100));
        }
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.READ)) {
            ByteBuffer b = ByteBuffer.allocate(4).order(ByteOrder.nativeOrder());
            ch.read(b, Internals.sharedLayout("GRANULE") + 100 * 4);
            assertThat(b.getFloat(0)).as("sample 100 in the file itself").isEqualTo(value(100));
        }
    }

    private static void patch(Path file, long offset, long value) throws IOException {
        try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
            ByteBuffer b = ByteBuffer.allocate(8).order(ByteOrder.nativeOrder()).putLong(0, value);
            ch.write(b, offset);
        }
    }
}
