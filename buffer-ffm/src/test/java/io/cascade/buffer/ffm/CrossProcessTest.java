package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.SharedFileStatus;
import io.cascade.buffer.SharedRole;
import io.cascade.buffer.testkit.Internals;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * A shared-file buffer between processes: a C producer and consumer built on
 * {@code cascade_ring.h} ({@link RingTool}), and a second JVM ({@link SharedReaderMain}). Every
 * sample is its stream position modulo 2^24, so each side checks every sample and its order.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
class CrossProcessTest {
    private static final AudioConfig MONO = AudioConfig.mono(16_000);

    @TempDir
    Path dir;

    /** The sample at a stream position, as ring_tool writes and checks it. */
    static float at(long position) {
        return (float) (position % 16_777_216);
    }

    private static float[] block(long from, int count) {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = at(from + i);
        }
        return a;
    }

    private AudioRingBuffer create(Path file, OverflowPolicy policy, SharedRole role) {
        return AudioRingBuffer.builder(MONO).capacitySamples(16_000).overflowPolicy(policy).sharedFile(file, role)
                .build();
    }

    /** Reads {@code count} chunks of 512 + 256 from {@code from} on, checking each sample; returns the next position. */
    private static long readChecked(AudioRingBuffer in, long from, int count) {
        ChunkView view = in.newChunkView();
        long position = from;
        for (int n = 0; n < count; n++) {
            assertThat(in.awaitChunk(512, 256, Duration.ofSeconds(30), view)).as("chunk %d", n).isTrue();
            assertThat(view.startPosition()).isEqualTo(position);
            for (int i = 0; i < 768; i++) {
                if (view.get(i) != at(position + i)) {
                    throw new AssertionError("sample " + (position + i) + " is " + view.get(i));
                }
            }
            assertThat(view.isValid()).isTrue();
            in.advanceReadPosition(512);
            position += 512;
        }
        return position;
    }

    @Test
    void theHeaderDescribesTheLayoutOfTheJavaEngine() throws Exception {
        RingTool.Result r = RingTool.run("offsets");
        assertThat(r.exit()).as(r.out()).isZero();
        Map<String, Long> c = new LinkedHashMap<>();
        for (String line : r.out().strip().split("\n")) {
            String[] kv = line.split("=");
            c.put(kv[0], Long.parseLong(kv[1]));
        }
        assertThat(c).hasSizeGreaterThan(35);
        for (Map.Entry<String, Long> e : c.entrySet()) {
            String name = e.getKey();
            long java;
            if (name.startsWith("CASCADE_CB_")) {
                java = Internals.layout(name.substring("CASCADE_CB_".length()));
            } else if (List.of("CASCADE_BLOCK", "CASCADE_REJECT", "CASCADE_OVERWRITE").contains(name)) {
                java = Internals.sharedLayout("POLICY_" + name.substring("CASCADE_".length()));
            } else {
                java = Internals.sharedLayout(name.substring("CASCADE_".length()));
            }
            assertThat(e.getValue()).as(name).isEqualTo(java);
        }
    }

    @Test
    void aCProducerStreamsToAJavaReaderEverySampleInOrder() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer in = create(file, OverflowPolicy.BLOCK, SharedRole.READER)) {
            Process producer = RingTool.start("write", file, 160, 2_000);   // 20 capacities, so it waits for us
            long end = readChecked(in, 0, 624);
            RingTool.Result r = RingTool.Result.of(producer);
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).contains("tail=320000");
            assertThat(end).isEqualTo(624 * 512);
            SharedFileStatus s = in.sharedFileStatus().orElseThrow();
            assertThat(s.writerPid()).as("a clean close gives the role back").isZero();
            assertThat(s.writerAttaches()).isEqualTo(1);
            assertThat(in.getBufferStatus().totalWritten()).isEqualTo(320_000);
            assertThat(in.checkIntegrity().issues()).isEmpty();
        }
    }

    @Test
    void aJavaWriterStreamsToACReader() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer out = create(file, OverflowPolicy.BLOCK, SharedRole.WRITER)) {
            Process reader = RingTool.start("read", file, 512, 600);
            for (long p = 0; p < 600 * 512; p += 160) {
                assertThat(out.write(block(p, 160), true, Duration.ofSeconds(30))).isTrue();
            }
            RingTool.Result r = RingTool.Result.of(reader);
            assertThat(r.exit()).as(r.out()).isZero();
            assertThat(r.out()).contains("read=307200 first=0");
            assertThat(out.getBufferStatus().totalRead()).isEqualTo(307_200);
            assertThat(out.checkIntegrity().issues()).isEmpty();
        }
    }

    @Test
    void aSecondJvmReadsWhatThisOneWrites() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer out = create(file, OverflowPolicy.BLOCK, SharedRole.WRITER)) {
            Process child = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                    "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                    SharedReaderMain.class.getName(), file.toString(), "512", "256", "300")
                    .redirectErrorStream(true).start();
            long total = 300L * 512 + 256;
            for (long p = 0; p < total; p += 64) {
                assertThat(out.write(block(p, 64), true, Duration.ofSeconds(60))).isTrue();
            }
            String printed = new String(child.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(child.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(child.exitValue()).as(printed).isZero();
            assertThat(printed).contains("ok chunks=300 first=0", "mirrored=1");
        }
    }

    @Test
    void aProducerKilledMidWritePublishesNothingOfThatBlockAndARestartResumes() throws Exception {
        Path file = dir.resolve("ring");
        try (AudioRingBuffer in = create(file, OverflowPolicy.BLOCK, SharedRole.READER)) {
            RingTool.Result killed = RingTool.run("write", file, 160, 10, "die");
            assertThat(killed.exit()).as("SIGKILL").isEqualTo(128 + 9);
            // Ten blocks committed; the eleventh was half written (with -1s) when it died.
            assertThat(in.availableSamples()).isEqualTo(1_600);
            Thread.sleep(30);
            SharedFileStatus dead = in.sharedFileStatus().orElseThrow();
            assertThat(dead.writerPid()).isNotZero();
            assertThat(dead.writerRunning()).isFalse();
            assertThat(dead.writerStale(Duration.ofSeconds(60))).isTrue();
            assertThat(dead.sinceHeartbeat()).isGreaterThanOrEqualTo(Duration.ofMillis(30));
            assertThat(in.checkIntegrity().warnings())
                    .anyMatch(w -> w.contains("(pid " + dead.writerPid() + ") is not running"));
            assertThat(in.checkIntegrity().issues()).isEmpty();

            RingTool.Result restarted = RingTool.run("write", file, 160, 20);
            assertThat(restarted.exit()).as(restarted.out()).isZero();
            assertThat(restarted.out()).contains("tail=4800");
            assertThat(in.sharedFileStatus().orElseThrow().writerAttaches()).isEqualTo(2);
            // Every sample in order, the dead block's -1s replaced by the restarted producer's samples.
            assertThat(readChecked(in, 0, 8)).isEqualTo(4_096);
            assertThat(in.checkIntegrity().issues()).isEmpty();
        }
    }

    @Test
    void aReaderThatAttachesWhileTheWriterRunsCatchesUpAndNeverTakesATornChunkForValid() throws Exception {
        Path file = dir.resolve("ring");
        RingTool.Result created = RingTool.run("create", file, 16_000, 1, 16_000, 2);
        assertThat(created.exit()).as(created.out()).isZero();
        Process producer = RingTool.start("write", file, 160, 3_000, "paced");
        try {
            Thread.sleep(500);                          // it has lapped the 16,000-sample ring by now
            try (AudioRingBuffer in = AudioRingBuffer.attach(file, SharedRole.READER, MONO)) {
                assertThat(in.policy()).isEqualTo(OverflowPolicy.OVERWRITE);
                ChunkView view = in.newChunkView();
                float[] copy = new float[768];
                int valid = 0;
                int lapped = 0;
                long next = -1;
                long lapsSeen = 0;
                while (valid < 40) {
                    assertThat(in.awaitChunk(512, 256, Duration.ofSeconds(30), view)).isTrue();
                    long start = view.startPosition();
                    if (next < 0) {
                        assertThat(start % 160).as("the first chunk starts at the floor, a block boundary").isZero();
                    }
                    view.copyTo(copy, 0);
                    if (!view.isValid()) {
                        // Taken at the oldest sample while the writer overwrote it: said, not hidden.
                        lapped++;
                        continue;
                    }
                    for (int i = 0; i < 768; i++) {
                        if (copy[i] != at(start + i)) {
                            throw new AssertionError("a valid chunk holds " + copy[i] + " at " + (start + i));
                        }
                    }
                    long laps = in.defaultReader().status().laps();
                    assertThat(next < 0 || start == next || laps > lapsSeen).as("in order, but for a lap").isTrue();
                    lapsSeen = laps;
                    in.advanceReadPosition(512);
                    next = start + 512;
                    valid++;
                }
                assertThat(in.defaultReader().status().laps()).isGreaterThanOrEqualTo(1).isLessThanOrEqualTo(lapped + 2L);
            }
        } finally {
            producer.destroyForcibly().waitFor();
        }
    }
}
