package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioReader;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferCorruptionException;
import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.BufferMeterBinder;
import io.cascade.buffer.BufferMetrics;
import io.cascade.buffer.IntegrityReport;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.RecoveryReport;
import io.cascade.buffer.testkit.AudioRingBufferContract;
import io.cascade.buffer.testkit.Internals;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static io.cascade.buffer.testkit.AudioRingBufferContract.ramp;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The Micrometer binder, the JFR events, and the health monitor's detection and recovery. */
class ObservabilityTest {
    private static final AudioConfig MONO = AudioConfig.mono(16_000);

    private static AudioRingBuffer buffer(OverflowPolicy policy, int capacity) {
        return AudioRingBuffer.builder(MONO).name("mic-0").capacitySamples(capacity).overflowPolicy(policy)
                .backend("ffm").build();
    }

    /**
     * A scrape reads the latency histograms while resize frees the storage they live in: it
     * must neither fail nor leave its thread's interrupt flag set (closing native memory under
     * a reading thread may set it).
     */
    @Test
    void aScrapeDuringResizesReadsNoFreedMemory() throws Exception {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AudioRingBuffer b = AudioRingBuffer.builder(MONO).capacitySeconds(1).backend("ffm").build()) {
            new BufferMeterBinder(b).bindTo(registry);
            b.write(new float[160]);
            List<Gauge> percentiles = registry.find("cascade.buffer.write.latency.percentile").gauges().stream().toList();
            assertThat(percentiles).isNotEmpty();
            CompletableFuture<Integer> scrapes = CompletableFuture.supplyAsync(() -> {
                int n = 0;
                for (; n < 200_000 && !Thread.currentThread().isInterrupted(); n++) {
                    percentiles.forEach(Gauge::value);
                }
                return n;
            }, runnable -> new Thread(runnable).start());
            for (int i = 0; i < 400 && !scrapes.isDone(); i++) {
                assertThat(b.resize(1 + i % 2)).isTrue();
            }
            assertThat(scrapes.get(60, TimeUnit.SECONDS)).as("scrapes before the interrupt flag was set").isEqualTo(200_000);
        }
    }

    @Test
    void meterValuesEqualTheMetricsAfterAKnownWorkload() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AudioRingBuffer b = buffer(OverflowPolicy.BLOCK, 4_000)) {
            BufferMeterBinder binder = new BufferMeterBinder(b);
            binder.bindTo(registry);
            for (int i = 0; i < 10; i++) {
                b.write(ramp(i * 100L, 100));
            }
            for (int i = 0; i < 4; i++) {
                b.getChunkWithOverlap(200, 50).orElseThrow();
                b.advanceReadPosition(200);
            }
            assertThatThrownBy(() -> b.write(new float[3_900], false, null)).isInstanceOf(BufferFullException.class);
            BufferMetrics m = b.metrics();
            assertThat(registry.get("cascade.buffer.writes").tags("name", "mic-0", "backend", "ffm", "policy", "BLOCK")
                    .functionCounter().count()).isEqualTo(m.writeOperations()).isEqualTo(10);
            assertThat(registry.get("cascade.buffer.reads").functionCounter().count()).isEqualTo(4);
            assertThat(registry.get("cascade.buffer.samples.written").functionCounter().count()).isEqualTo(1_000);
            assertThat(registry.get("cascade.buffer.samples.read").functionCounter().count()).isEqualTo(800);
            assertThat(registry.get("cascade.buffer.written").functionCounter().count()).isEqualTo(4_000);
            FunctionCounter written = registry.get("cascade.buffer.written").functionCounter();
            assertThat(written.getId().getBaseUnit()).isEqualTo("bytes");
            assertThat(registry.get("cascade.buffer.errors").tag("type", "buffer.full").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("cascade.buffer.overflows").functionCounter().count()).isEqualTo(1);
            assertThat(registry.get("cascade.buffer.chunks").tag("kind", "zero.copy").functionCounter().count())
                    .isEqualTo(m.zeroCopyReads());
            Gauge available = registry.get("cascade.buffer.samples.available").gauge();
            assertThat(available.value()).isEqualTo(200);
            assertThat(registry.get("cascade.buffer.usage").gauge().value()).isEqualTo(200.0 / 4_000);
            assertThat(registry.get("cascade.buffer.capacity").gauge().value()).isEqualTo(4_000);
            FunctionTimer latency = registry.get("cascade.buffer.write.latency").functionTimer();
            assertThat(latency.count()).isPositive();
            assertThat(latency.totalTime(TimeUnit.NANOSECONDS)).isPositive();
            b.write(ramp(1_000, 100));
            assertThat(available.value()).as("gauges follow the buffer").isEqualTo(300);
            double p50 = registry.get("cascade.buffer.write.latency.percentile").tag("phi", "0.5").gauge().value();
            double p99 = registry.get("cascade.buffer.write.latency.percentile").tag("phi", "0.99").gauge().value();
            assertThat(p50).as("a power of two of nanoseconds, in seconds").isPositive();
            assertThat(Long.bitCount(Math.round(p50 * 1e9))).isEqualTo(1);
            assertThat(p99).isGreaterThanOrEqualTo(p50);
            assertThat(registry.get("cascade.buffer.read.latency.percentile").tag("phi", "0.999").gauge().value())
                    .isPositive();

            binder.close();
            assertThat(registry.find("cascade.buffer.writes").meters()).isEmpty();
            assertThat(registry.getMeters()).isEmpty();
        }
    }

    @Test
    void eachReaderHasMetersFromItsCreationToItsClose() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        try (AudioRingBuffer b = buffer(OverflowPolicy.OVERWRITE, 1_000)) {
            AudioReader slow = b.newReader("slow");
            new BufferMeterBinder(b).bindTo(registry);
            AudioReader asr = b.newReader("asr");
            b.write(ramp(0, 800));
            asr.getChunkWithOverlap(160, 0).orElseThrow();
            asr.advanceReadPosition(800);
            b.advanceReadPosition(800);
            b.write(ramp(800, 800)); // laps the slow reader
            slow.getChunkWithOverlap(100, 0).orElseThrow();
            assertThat(registry.get("cascade.buffer.reader.lag").tag("reader", "asr").gauge().value()).isEqualTo(800);
            assertThat(registry.get("cascade.buffer.reader.lag.time").tag("reader", "asr").gauge().value())
                    .isEqualTo(0.05);
            assertThat(registry.get("cascade.buffer.reader.chunks").tag("reader", "asr").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("cascade.buffer.reader.laps").tag("reader", "slow").functionCounter().count())
                    .isEqualTo(1);
            assertThat(registry.get("cascade.buffer.reader.samples.dropped").tag("reader", "slow").functionCounter()
                    .count()).isEqualTo(600);
            assertThat(registry.get("cascade.buffer.reader.laps").tag("reader", "default").functionCounter().count())
                    .isZero();
            asr.close();
            assertThat(registry.find("cascade.buffer.reader.lag").tag("reader", "asr").gauge()).isNull();
            assertThat(registry.find("cascade.buffer.reader.lag").tag("reader", "slow").gauge()).isNotNull();
        }
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void closingTheBufferRemovesItsMeters() {
        SimpleMeterRegistry registry = new SimpleMeterRegistry();
        AudioRingBuffer b = buffer(OverflowPolicy.BLOCK, 4_000);
        new BufferMeterBinder(b).bindTo(registry);
        assertThat(registry.getMeters()).hasSizeGreaterThan(20);
        b.close();
        assertThat(registry.getMeters()).isEmpty();
    }

    @Test
    void jfrRecordsOverflowsStallsStarvationIntegrityAndResize(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("buffer.jfr");
        try (Recording recording = new Recording()) {
            for (String event : List.of("Overflow", "WriterBlocked", "ReaderStarved", "IntegrityProblem", "Resize")) {
                recording.enable("io.cascade.buffer." + event).withThreshold(Duration.ZERO);
            }
            recording.start();
            try (AudioRingBuffer reject = buffer(OverflowPolicy.REJECT, 1_000);
                 AudioRingBuffer overwrite = buffer(OverflowPolicy.OVERWRITE, 1_000);
                 AudioRingBuffer block = buffer(OverflowPolicy.BLOCK, 1_000)) {
                reject.write(new float[900]);
                assertThat(reject.write(new float[200])).isFalse();
                overwrite.write(new float[900]);
                overwrite.write(new float[300]);
                block.write(new float[1_000]);
                CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> block.write(new float[100]));
                long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
                while (!Internals.hasWaiters(block) && System.nanoTime() < deadline) {
                    Thread.onSpinWait();
                }
                // The writer is parked now, and its WriterBlocked event began before it parked.
                Thread.sleep(30);
                block.advanceReadPosition(100);
                assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
                block.advanceReadPosition(1_000);
                assertThat(block.awaitChunk(500, 0, Duration.ofMillis(20))).isEmpty();
                assertThat(block.resize(1)).isTrue();
                corrupt(block, "HEAD", 1_000_000);
                assertThat(block.checkIntegrity().healthy()).isFalse();
                block.recover();
            }
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        RecordedEvent refused = find(events, "io.cascade.buffer.Overflow", e -> e.getBoolean("refused"));
        assertThat(refused.getString("policy")).isEqualTo("REJECT");
        assertThat(refused.getInt("attempted")).isEqualTo(200);
        assertThat(refused.getString("buffer")).isEqualTo("mic-0");
        RecordedEvent dropped = find(events, "io.cascade.buffer.Overflow", e -> !e.getBoolean("refused"));
        assertThat(dropped.getString("policy")).isEqualTo("OVERWRITE");
        assertThat(dropped.getLong("dropped")).isEqualTo(200);
        RecordedEvent blocked = find(events, "io.cascade.buffer.WriterBlocked", e -> true);
        assertThat(blocked.getInt("samples")).isEqualTo(100);
        assertThat(blocked.getDuration().toMillis()).isGreaterThanOrEqualTo(20);
        RecordedEvent starved = find(events, "io.cascade.buffer.ReaderStarved", e -> true);
        assertThat(starved.getLong("requested")).isEqualTo(500);
        RecordedEvent problem = find(events, "io.cascade.buffer.IntegrityProblem", e -> true);
        assertThat(problem.getString("issues")).contains("Invalid read position");
        RecordedEvent resize = find(events, "io.cascade.buffer.Resize", e -> true);
        assertThat(resize.getInt("oldCapacity")).isEqualTo(1_000);
        assertThat(resize.getInt("newCapacity")).isEqualTo(16_000);
        assertThat(resize.getBoolean("resized")).isTrue();
    }

    private static RecordedEvent find(List<RecordedEvent> events, String type,
                                      java.util.function.Predicate<RecordedEvent> where) {
        return events.stream().filter(e -> e.getEventType().getName().equals(type)).filter(where).findFirst()
                .orElseThrow(() -> new AssertionError("no " + type + " event in " + events));
    }

    /** Writes a raw value into the control block, as a stray native write would. */
    private static void corrupt(AudioRingBuffer b, String field, long value) {
        MemorySegment control = Internals.controlBlock(b);
        control.set(ValueLayout.JAVA_LONG, Internals.layout(field), value);
    }

    /**
     * The steady path publishes positions in the sides' own fields, not in the control block:
     * the figures read them there, and a management call (here a resize that keeps every
     * sample) stores them into the block, where the integrity check and recover find them.
     */
    @Test
    void positionsReachTheBlockWhenAManagementCallHoldsTheSides() {
        try (AudioRingBuffer b = buffer(OverflowPolicy.BLOCK, 4_000)) {
            b.write(ramp(0, 1_000));
            b.advanceReadPosition(300);
            MemorySegment before = Internals.controlBlock(b);
            assertThat(before.get(ValueLayout.JAVA_LONG, Internals.layout("TAIL"))).isZero();
            assertThat(before.get(ValueLayout.JAVA_LONG, Internals.layout("HEAD"))).isZero();
            assertThat(b.getBufferStatus().totalWritten()).isEqualTo(1_000);
            assertThat(b.getBufferStatus().availableSamples()).isEqualTo(700);

            assertThat(b.resize(1)).isTrue();
            MemorySegment after = Internals.controlBlock(b);
            assertThat(after.get(ValueLayout.JAVA_LONG, Internals.layout("TAIL"))).isEqualTo(1_000);
            assertThat(after.get(ValueLayout.JAVA_LONG, Internals.layout("HEAD"))).isEqualTo(300);
            assertThat(b.getBufferStatus().availableSamples()).isEqualTo(700);
            assertThat(b.checkIntegrity().issues()).isEmpty();
            AudioRingBufferContract.assertRamp(b.getChunkWithOverlap(700, 0).orElseThrow(), 300);
        }
    }

    @Test
    void everyKindOfCorruptionIsDetectedAndPositionsRecover() {
        Object[][] cases = {
                {"HEAD", 1_000_000L, "Invalid read position"},
                {"FLOOR", 1_000_000L, "Invalid overwrite floor"},
                {"TAIL", 100L, "samples written but the write position is"},
                {"MAGIC", 42L, "Control block header"},
                {"SKIPPED", 99L, "Totals inconsistent: read"},
        };
        for (Object[] c : cases) {
            try (AudioRingBuffer b = buffer(OverflowPolicy.BLOCK, 4_000)) {
                b.write(ramp(0, 1_000));
                b.advanceReadPosition(300);
                corrupt(b, (String) c[0], (Long) c[1]);
                IntegrityReport broken = b.checkIntegrity();
                assertThat(broken.healthy()).as("%s", c[0]).isFalse();
                assertThat(broken.issues()).as("%s", c[0]).anyMatch(i -> i.contains((String) c[2]));
                assertThatThrownBy(b::verifyIntegrity).as("%s", c[0]).isInstanceOf(BufferCorruptionException.class)
                        .hasMessageContaining((String) c[2]);
                RecoveryReport r = b.recover();
                assertThat(r.recovered()).as("%s", c[0]).isTrue();
                assertThat(r.issues()).isEqualTo(broken.issues());
                assertThat(r.samplesLost()).isBetween(0L, 4_000L);
                IntegrityReport fixed = b.checkIntegrity();
                assertThat(fixed.issues()).as("%s", c[0]).isEmpty();
                assertThat(fixed.metrics()).containsEntry("recoveries", 1L);
                assertThat(b.verifyIntegrity().healthy()).isTrue();
                assertThat(b.isEmpty()).isTrue();
                long at = b.getBufferStatus().totalWritten();
                b.write(ramp(at, 500));
                assertThat(b.getChunkWithOverlap(500, 0).orElseThrow().get(499)).isEqualTo(ramp(at, 500)[499]);
                b.advanceReadPosition(500);
                assertThat(b.checkIntegrity().issues()).isEmpty();
            }
        }
    }

    /**
     * Each side counts its calls in its own fields, so a stray write to the control block's copy
     * of a count is never read while the side is this process's, and a management call (which
     * stores the counts into the block) puts the right value back.
     */
    @Test
    void aStrayWriteToTheBlocksCopyOfACountChangesNoFigure() {
        try (AudioRingBuffer b = buffer(OverflowPolicy.BLOCK, 4_000)) {
            b.write(ramp(0, 1_000));
            b.getChunkWithOverlap(300, 0).orElseThrow();
            b.advanceReadPosition(300);
            for (String count : new String[] {"WRITE_OPS", "SAMPLES_WRITTEN", "READ_OPS", "SAMPLES_READ", "ZERO_COPY"}) {
                corrupt(b, count, 7);
            }
            assertThat(b.checkIntegrity().issues()).isEmpty();
            BufferMetrics m = b.metrics();
            assertThat(m.writeOperations()).isEqualTo(1);
            assertThat(m.samplesWritten()).isEqualTo(1_000);
            assertThat(m.readOperations()).isEqualTo(1);
            assertThat(m.samplesRead()).isEqualTo(300);
            assertThat(m.zeroCopyReads()).isEqualTo(1);

            b.clear();
            MemorySegment control = Internals.controlBlock(b);
            assertThat(control.get(ValueLayout.JAVA_LONG, Internals.layout("SAMPLES_WRITTEN"))).isEqualTo(1_000);
            assertThat(control.get(ValueLayout.JAVA_LONG, Internals.layout("SAMPLES_READ"))).isEqualTo(300);
            assertThat(control.get(ValueLayout.JAVA_LONG, Internals.layout("ZERO_COPY"))).isEqualTo(1);
            assertThat(b.checkIntegrity().issues()).isEmpty();
        }
    }

    @Test
    void consistentPositionsNeedNoRecoveryAndLostStorageIsReported() {
        try (AudioRingBuffer b = buffer(OverflowPolicy.BLOCK, 4_000)) {
            b.write(ramp(0, 1_000));
            RecoveryReport none = b.recover();
            assertThat(none.recovered()).isFalse();
            assertThat(none.samplesLost()).isZero();
            assertThat(b.availableSamples()).isEqualTo(1_000);
            assertThat(b.checkIntegrityIfDue(Duration.ofHours(1))).isPresent();
            assertThat(b.checkIntegrityIfDue(Duration.ofHours(1))).isEmpty();
            assertThat(b.checkIntegrityIfDue(Duration.ZERO)).isPresent();
        }
    }
}
