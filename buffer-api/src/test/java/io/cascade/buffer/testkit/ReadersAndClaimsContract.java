package io.cascade.buffer.testkit;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioReader;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferClosedException;
import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.BufferTimeoutException;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.ReaderStatus;
import io.cascade.buffer.ThreadSafetyViolationException;
import io.cascade.buffer.WriteClaim;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static io.cascade.buffer.testkit.AudioRingBufferContract.assertRamp;
import static io.cascade.buffer.testkit.AudioRingBufferContract.ramp;
import static io.cascade.buffer.testkit.AudioRingBufferContract.value;
import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Fan-out readers ({@code newReader}) and in-place writes ({@code claim}/{@code commit}), once,
 * for every backend. Samples are {@link AudioRingBufferContract#value(long)} of their stream
 * position, so every content check is also a position check.
 */
@Timeout(value = 120, unit = SECONDS)
public abstract class ReadersAndClaimsContract {

    protected static final AudioConfig MONO_16K = AudioConfig.mono(16_000);

    private final List<AudioRingBuffer> opened = new ArrayList<>();

    /** @return the name of the backend under test */
    protected abstract String backend();

    /** @return whether this backend's claims are slices of the ring itself when they do not wrap */
    protected abstract boolean claimsInPlace();

    protected AudioRingBuffer open(int capacitySamples, OverflowPolicy policy) {
        return open(AudioRingBuffer.builder(MONO_16K).capacitySamples(capacitySamples).overflowPolicy(policy));
    }

    protected AudioRingBuffer open(AudioRingBuffer.Builder builder) {
        AudioRingBuffer b = builder.backend(backend()).build();
        opened.add(b);
        return b;
    }

    @AfterEach
    void closeAll() {
        opened.forEach(AudioRingBuffer::close);
    }

    // ------------------------------------------------------------------------------ readers

    @Test
    void eachReaderSeesEverySampleAtItsOwnPace() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        AudioReader asr = b.newReader("asr");
        AudioReader late = b.newReader("late", AudioReader.Start.NEWEST);
        assertThat(asr.availableSamples()).isEqualTo(1000);
        assertThat(late.availableSamples()).isZero();
        b.write(ramp(1000, 1000));

        assertRamp(b.getChunkWithOverlap(512, 256).orElseThrow(), 0);
        b.advanceReadPosition(1500);
        assertRamp(asr.getChunkWithOverlap(100, 0).orElseThrow(), 0);
        asr.advanceReadPosition(100);
        assertRamp(late.getChunkWithOverlap(1000, 0).orElseThrow(), 1000);
        assertThat(b.availableSamples()).isEqualTo(500);
        assertThat(asr.availableSamples()).isEqualTo(1900);
        assertThat(late.availableSamples()).isEqualTo(1000);
        // The slowest reader bounds the writer: 2000 written, asr at 100.
        assertThat(b.remainingCapacity()).isEqualTo(4096 - 1900);
        assertThat(b.getBufferStatus().availableSamples()).isEqualTo(1900);

        // A reader joining now starts at the oldest sample an open reader still needs.
        AudioReader joiner = b.newReader("joiner");
        assertThat(joiner.status().position()).isEqualTo(100);
        assertRamp(joiner.getChunkWithSmartOverlap(100, 3000).orElseThrow(), 100);
        assertThat(b.checkIntegrity().healthy()).as("%s", b.checkIntegrity()).isTrue();
    }

    @Test
    void readerNamesAreUniqueAndClosedReadersRefuseCalls() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        AudioReader asr = b.newReader("asr");
        assertThatThrownBy(() -> b.newReader("asr")).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'asr' is already open");
        assertThatThrownBy(() -> b.newReader(AudioRingBuffer.DEFAULT_READER))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.newReader(" ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.newReader(null)).isInstanceOf(NullPointerException.class);
        assertThat(b.readers()).extracting(AudioReader::name).containsExactly("default", "asr");

        b.write(ramp(0, 300));
        asr.getChunkWithOverlap(100, 0).orElseThrow();
        asr.advanceReadPosition(100);
        asr.close();
        asr.close();
        assertThat(asr.isClosed()).isTrue();
        assertThatThrownBy(() -> asr.getChunkWithOverlap(10, 0)).isInstanceOf(BufferClosedException.class)
                .hasMessageContaining("closed reader 'asr'");
        assertThatThrownBy(() -> asr.advanceReadPosition(0)).isInstanceOf(BufferClosedException.class);
        ReaderStatus frozen = asr.status();
        assertThat(frozen.closed()).isTrue();
        assertThat(frozen.position()).isEqualTo(100);
        assertThat(frozen.chunksTaken()).isEqualTo(1);
        assertThat(frozen.samplesRead()).isEqualTo(100);
        // Its name is free again, and its work stays in the buffer's sums.
        AudioReader again = b.newReader("asr");
        assertThat(again.status().position()).isZero();
        assertThat(b.metrics().readOperations()).isEqualTo(1);
        assertThat(b.metrics().samplesRead()).isEqualTo(100);

        ChunkView foreign = again.newChunkView();
        assertThatThrownBy(() -> b.tryGetChunkWithOverlap(10, 0, foreign))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another buffer or reader");
        b.close();
        assertThat(again.isClosed()).isTrue();
        assertThatThrownBy(() -> again.getChunkWithOverlap(10, 0)).isInstanceOf(BufferClosedException.class);
        assertThatThrownBy(() -> b.newReader("x")).isInstanceOf(BufferClosedException.class);
        assertThat(again.status().closed()).isTrue();
    }

    @Test
    void statusShowsEveryReaderWithLagInSamplesAndMilliseconds() {
        AudioRingBuffer b = open(16_000, OverflowPolicy.BLOCK);
        AudioReader asr = b.newReader("asr");
        b.write(ramp(0, 8_000));
        b.getChunkWithOverlap(1_600, 0).orElseThrow();
        b.advanceReadPosition(1_600);
        BufferStatus s = b.getBufferStatus();
        assertThat(s.readers()).extracting(ReaderStatus::name).containsExactly("default", "asr");
        ReaderStatus own = s.readers().get(0);
        ReaderStatus other = s.readers().get(1);
        assertThat(own.position()).isEqualTo(1_600);
        assertThat(own.lagSamples()).isEqualTo(6_400);
        assertThat(own.lagMillis()).isEqualTo(400.0);
        assertThat(own.chunksTaken()).isEqualTo(1);
        assertThat(other.position()).isZero();
        assertThat(other.lagSamples()).isEqualTo(8_000);
        assertThat(other.lagMillis()).isEqualTo(500.0);
        assertThat(other.laps()).isZero();
        assertThat(asr.status()).isEqualTo(other);
        assertThat(s.availableSamples()).isEqualTo(8_000);
        assertThat(s.totalRead()).isEqualTo(1_600);
    }

    @Test
    void blockWaitsForTheSlowestReaderAndResumesWhenItAdvancesOrCloses() throws Exception {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        AudioReader slow = b.newReader("slow");
        b.write(ramp(0, 1000));
        b.advanceReadPosition(1000);
        assertThat(b.availableSamples()).isZero();
        assertThatThrownBy(() -> b.write(ramp(1000, 100), false, null)).isInstanceOf(BufferFullException.class);
        assertThatThrownBy(() -> b.write(ramp(1000, 100), true, Duration.ofMillis(20)))
                .isInstanceOf(BufferTimeoutException.class);

        CompletableFuture<Boolean> first = CompletableFuture.supplyAsync(() -> b.write(ramp(1000, 100)));
        Internals.awaitWaiting(b, first);
        assertThat(first).isNotDone();
        slow.advanceReadPosition(100);
        assertThat(first.get(10, SECONDS)).isTrue();

        CompletableFuture<Boolean> second = CompletableFuture.supplyAsync(() -> b.write(ramp(1100, 500)));
        Internals.awaitWaiting(b, second);
        assertThat(second).isNotDone();
        slow.close();
        assertThat(second.get(10, SECONDS)).isTrue();
        assertRamp(b.getChunkWithOverlap(600, 0).orElseThrow(), 1000);
    }

    @Test
    void rejectRefusesWhileTheSlowestReaderIsFull() {
        AudioRingBuffer b = open(1000, OverflowPolicy.REJECT);
        AudioReader slow = b.newReader("slow");
        assertThat(b.write(ramp(0, 1000))).isTrue();
        b.advanceReadPosition(1000);
        assertThat(b.write(ramp(1000, 1))).isFalse();
        slow.advanceReadPosition(10);
        assertThat(b.write(ramp(1000, 10))).isTrue();
        assertRamp(b.getChunkWithOverlap(10, 0).orElseThrow(), 1000);
    }

    @Test
    void overwriteLapsOnlyTheSlowReader() {
        AudioRingBuffer b = open(1000, OverflowPolicy.OVERWRITE);
        AudioReader slow = b.newReader("slow");
        b.write(ramp(0, 800));
        AudioChunk held = slow.getChunkWithOverlap(200, 0).orElseThrow();
        AudioChunk fastChunk = b.getChunkWithOverlap(100, 0).orElseThrow();
        b.advanceReadPosition(700);
        fastChunk = b.getChunkWithOverlap(100, 0).orElseThrow();
        b.write(ramp(800, 500)); // 1300 written: samples below 300 are gone for the slow reader only
        assertThat(held.isValid()).isFalse();
        assertThat(fastChunk.isValid()).isTrue();
        assertRamp(fastChunk, 700);

        AudioChunk next = slow.getChunkWithOverlap(100, 0).orElseThrow();
        assertRamp(next, 300);
        ReaderStatus lapped = slow.status();
        assertThat(lapped.laps()).isEqualTo(1);
        assertThat(lapped.droppedSamples()).isEqualTo(300);
        assertThat(b.defaultReader().status().laps()).isZero();
        assertThat(b.defaultReader().status().droppedSamples()).isZero();
        assertThat(b.getBufferStatus().droppedSamples()).isEqualTo(300);
        assertThat(b.checkIntegrity().healthy()).as("%s", b.checkIntegrity()).isTrue();
    }

    @Test
    void clearAndResizeMoveEveryReader() {
        AudioRingBuffer b = open(AudioRingBuffer.builder(MONO_16K).capacitySeconds(1));
        AudioReader asr = b.newReader("asr");
        b.write(ramp(0, 10_000));
        b.advanceReadPosition(6_000);
        asr.advanceReadPosition(2_000);
        assertThat(b.resize(2)).isTrue();
        assertRamp(b.getChunkWithOverlap(4_000, 0).orElseThrow(), 6_000);
        assertRamp(asr.getChunkWithOverlap(8_000, 0).orElseThrow(), 2_000);
        assertThat(b.checkIntegrity().healthy()).as("%s", b.checkIntegrity()).isTrue();
        b.write(ramp(10_000, 20_000)); // 28_000 unread for asr: fits 32_000
        assertThat(b.resize(1)).as("asr's 28_000 unread samples do not fit 16_000").isFalse();
        b.clear();
        assertThat(b.availableSamples()).isZero();
        assertThat(asr.availableSamples()).isZero();
        b.write(ramp(30_000, 100));
        assertRamp(asr.getChunkWithOverlap(100, 0).orElseThrow(), 30_000);
        assertThat(b.checkIntegrity().healthy()).as("%s", b.checkIntegrity()).isTrue();
        assertThat(b.checkIntegrity().metrics()).containsEntry("cleared_samples", 28_000L);
    }

    @Test
    void withTheDefaultReaderClosedOnlyAddedReadersGate() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        AudioReader only = b.newReader("only");
        b.defaultReader().close();
        assertThatThrownBy(() -> b.getChunkWithOverlap(10, 0)).isInstanceOf(BufferClosedException.class)
                .hasMessageContaining("closed reader 'default'");
        b.write(ramp(0, 1000));
        assertThatThrownBy(() -> b.write(ramp(1000, 1), false, null)).isInstanceOf(BufferFullException.class);
        only.advanceReadPosition(500);
        assertThat(b.write(ramp(1000, 500), false, null)).isTrue();
        only.close();
        // No reader open: nothing holds the writer back.
        for (int i = 0; i < 10; i++) {
            assertThat(b.write(ramp(1500 + i * 1000L, 1000), false, null)).isTrue();
        }
        assertThat(b.getBufferStatus().readers()).isEmpty();
        assertThat(b.checkIntegrity().healthy()).as("%s", b.checkIntegrity()).isTrue();
    }

    @Test
    void readersOnDifferentThreadsDoNotRefuseEachOther() throws Exception {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        AudioReader asr = b.newReader("asr");
        b.write(ramp(0, 1000));
        Internals.whileAnotherThreadHolds("vad-thread", body -> Internals.occupyReadSide(b, body), () -> {
            assertThatThrownBy(() -> b.getChunkWithOverlap(10, 0)).isInstanceOf(ThreadSafetyViolationException.class);
            assertRamp(asr.getChunkWithOverlap(1000, 0).orElseThrow(), 0);
            asr.advanceReadPosition(1000);
        });
    }

    @Test
    void threeReadersAtDifferentSpeedsEachSeeEverySampleInOrder() throws Exception {
        int total = 2_000_000;
        AudioRingBuffer b = open(8_192, OverflowPolicy.BLOCK);
        AudioReader asr = b.newReader("asr");
        AudioReader recorder = b.newReader("recorder");
        CompletableFuture<Long> vad = consume(b, 512, 256, 0, total);
        CompletableFuture<Long> slow = consume(asr, 4_000, 800, 7, total);
        CompletableFuture<Long> rec = consume(recorder, 160, 0, 1, total);
        SplittableRandom random = new SplittableRandom(11);
        long position = 0;
        while (position < total) {
            int n = (int) Math.min(total - position, 1 + random.nextInt(700));
            b.write(ramp(position, n), true, Duration.ofSeconds(30));
            position += n;
        }
        assertThat(vad.get(60, SECONDS)).isEqualTo(total);
        assertThat(slow.get(60, SECONDS)).isEqualTo(total);
        assertThat(rec.get(60, SECONDS)).isEqualTo(total);
        assertThat(b.getBufferStatus().droppedSamples()).isZero();
    }

    /** Reads {@code total} samples in windows, checking every sample; pauses every {@code pauseEvery} chunks. */
    private static CompletableFuture<Long> consume(io.cascade.buffer.ChunkReader in, int chunk, int overlap,
                                                   int pauseEvery, long total) {
        // A thread each: the common pool has a single thread on two cores, and readers must run at once.
        return CompletableFuture.supplyAsync(() -> {
            ChunkView view = in.newChunkView();
            long position = 0;
            long chunks = 0;
            while (position < total) {
                int remaining = (int) Math.min(chunk, total - position);
                int window = remaining < chunk ? remaining : chunk + (int) Math.min(overlap, total - position - chunk);
                if (!in.awaitChunk(window, 0, Duration.ofSeconds(30)).isPresent()) {
                    throw new AssertionError("no chunk at " + position);
                }
                in.tryGetChunkWithOverlap(window, 0, view);
                for (int i = 0; i < window; i++) {
                    if (view.get(i) != value(position + i)) {
                        throw new AssertionError("sample " + (position + i) + " was " + view.get(i));
                    }
                }
                in.advanceReadPosition(remaining);
                position += remaining;
                if (pauseEvery > 0 && ++chunks % pauseEvery == 0) {
                    Thread.yield();
                    try {
                        Thread.sleep(0, 200_000);
                    } catch (InterruptedException e) {
                        throw new AssertionError(e);
                    }
                }
            }
            return position;
        }, task -> new Thread(task, "consumer").start());
    }

    // ------------------------------------------------------------------------------- claims

    /** Fills {@code n} samples of a claim with the values of their stream positions. */
    private static void fill(WriteClaim claim, int n) {
        MemorySegment s = claim.segment();
        for (int i = 0; i < n; i++) {
            s.setAtIndex(ValueLayout.JAVA_FLOAT, i, value(claim.position() + i));
        }
    }

    @Test
    void aClaimFilledInPlaceIsPublishedAtCommit() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 100));
        WriteClaim claim = b.claim(160, true, null);
        assertThat(claim.isOpen()).isTrue();
        assertThat(claim.samples()).isEqualTo(160);
        assertThat(claim.position()).isEqualTo(100);
        assertThat(claim.segment().byteSize()).isEqualTo(160 * 4L);
        assertThat(claim.inPlace()).isEqualTo(claimsInPlace());
        fill(claim, 160);
        assertThat(b.availableSamples()).as("not visible before commit").isEqualTo(100);
        claim.commit();
        assertThat(claim.isOpen()).isFalse();
        assertRamp(b.getChunkWithOverlap(260, 0).orElseThrow(), 0);
        assertThat(b.metrics().writeOperations()).isEqualTo(2);
        assertThat(b.metrics().samplesWritten()).isEqualTo(260);
        assertThat(b.checkIntegrity().healthy()).isTrue();
    }

    @Test
    void equalClaimsReuseTheirMemoryAndScratchDiesWithTheBuffer() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        MemorySegment storage = Internals.storage(b);
        long firstScratch = 0;
        MemorySegment keptScratch = null;
        for (int i = 0; i < 50; i++) {
            try (WriteClaim claim = b.claim(160, true, null)) {
                MemorySegment s = claim.segment();
                assertThat(s.isNative()).as("native producers can fill every claim").isTrue();
                if (claim.inPlace()) {
                    long index = claim.position() % Internals.slots(b);
                    assertThat(s.address()).isEqualTo(storage.address() + index * Float.BYTES);
                } else if (keptScratch == null) {
                    keptScratch = s;
                    firstScratch = s.address();
                } else {
                    assertThat(s).as("one scratch view serves a stream of equal claims").isSameAs(keptScratch);
                    assertThat(s.address()).isEqualTo(firstScratch);
                }
                fill(claim, 160);
                claim.commit();
            }
            assertRamp(b.getChunkWithOverlap(160, 0).orElseThrow(), 160L * i);
            b.advanceReadPosition(160);
        }
        b.close();
        if (keptScratch != null) {
            MemorySegment dead = keptScratch;
            assertThatThrownBy(() -> dead.get(ValueLayout.JAVA_FLOAT, 0)).as("scratch freed at close")
                    .isInstanceOf(IllegalStateException.class);
        }
    }

    @Test
    void anInPlaceClaimIsTheRingItself() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        try (WriteClaim claim = b.claim(512, true, null)) {
            if (!claimsInPlace()) {
                assertThat(claim.inPlace()).isFalse();
                return;
            }
            MemorySegment storage = Internals.storage(b);
            assertThat(claim.segment().address()).isEqualTo(storage.address());
            fill(claim, 512);
            // The samples are in storage before the commit: no copy happens at commit.
            assertThat(storage.getAtIndex(ValueLayout.JAVA_FLOAT, 511)).isEqualTo(value(511));
            claim.commit();
        }
        assertRamp(b.getChunkWithOverlap(512, 0).orElseThrow(), 0);
    }

    @Test
    void partialCommitAbortAndTryWithResources() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        try (WriteClaim claim = b.claim(400, true, null)) {
            fill(claim, 250);
            claim.commit(250);
        }
        try (WriteClaim claim = b.claim(400, true, null)) {
            assertThat(claim.position()).isEqualTo(250);
            fill(claim, 400);
            claim.abort();
        }
        try (WriteClaim claim = b.claim(100, false, null)) {
            fill(claim, 100); // closed without commit: aborted
        }
        try (WriteClaim claim = b.claim(100, false, null)) {
            assertThat(claim.position()).isEqualTo(250);
            claim.commit(0);
        }
        b.write(ramp(250, 50));
        assertThat(b.availableSamples()).isEqualTo(300);
        assertRamp(b.getChunkWithOverlap(300, 0).orElseThrow(), 0);
        assertThat(b.checkIntegrity().healthy()).isTrue();
    }

    @Test
    void claimsAcrossTheEndOfStorageArriveWhole() {
        AudioRingBuffer b = open(AudioRingBuffer.builder(MONO_16K).capacitySeconds(1));
        int slots = Internals.slots(b);
        long position = AudioRingBufferContract.positionBeforeEnd(b, 1000);
        assertThat(position % slots + 1000).isGreaterThan(slots);
        for (int round = 0; round < 3; round++) {
            try (WriteClaim claim = b.claim(1000, true, null)) {
                assertThat(claim.position()).isEqualTo(position);
                boolean wraps = position % slots + 1000 > slots;
                if (wraps) {
                    boolean mirrored = b.getBufferStatus().mirrored();
                    assertThat(claim.inPlace()).isEqualTo(mirrored && claimsInPlace());
                }
                fill(claim, 1000);
                claim.commit();
            }
            assertRamp(b.getChunkWithOverlap(1000, 0).orElseThrow(), position);
            b.advanceReadPosition(1000);
            position += 1000;
        }
    }

    @Test
    void copyFromFillsTheWholeClaimInPlaceAndAcrossTheEnd() {
        AudioRingBuffer b = open(AudioRingBuffer.builder(MONO_16K).capacitySeconds(1));
        long position = AudioRingBufferContract.positionBeforeEnd(b, 1000);
        // A source with a 3-float prefix, so the offset is honoured, holding the next 2000 values.
        MemorySegment source = MemorySegment.ofArray(ramp(position - 3, 2003));
        for (int round = 0; round < 2; round++) {
            try (WriteClaim claim = b.claim(1000, true, null)) {
                claim.copyFrom(source, (3 + 1000L * round) * Float.BYTES);
                claim.commit();
            }
            assertRamp(b.getChunkWithOverlap(1000, 0).orElseThrow(), position + 1000L * round);
            b.advanceReadPosition(1000);
        }
    }

    @Test
    void copyFromAShortSourceChangesNothingAndKeepsTheClaimOpen() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        try (WriteClaim claim = b.claim(160, true, null)) {
            fill(claim, 160);
            assertThatThrownBy(() -> claim.copyFrom(MemorySegment.ofArray(new float[159]), 0))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThatThrownBy(() -> claim.copyFrom(MemorySegment.ofArray(new float[160]), 4))
                    .isInstanceOf(IndexOutOfBoundsException.class);
            assertThat(claim.isOpen()).isTrue();
            claim.commit();
            assertThatThrownBy(() -> claim.copyFrom(MemorySegment.ofArray(new float[160]), 0))
                    .isInstanceOf(IllegalStateException.class).hasMessageContaining("copyFrom on a claim that was committed");
        }
        assertRamp(b.getChunkWithOverlap(160, 0).orElseThrow(), 0);
    }

    @Test
    void claimMisuseIsRefusedClearlyAndChangesNothing() throws Exception {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> b.claim(0, true, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.claim(1001, true, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the capacity of 1000");
        assertThatThrownBy(() -> b.claim(10, true, Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class);

        WriteClaim claim = b.claim(100, true, null);
        assertThatThrownBy(() -> b.claim(10, true, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("claim is open");
        assertThatThrownBy(() -> b.write(new float[10])).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("claim is open");
        assertThatThrownBy(b::clear).isInstanceOf(IllegalStateException.class).hasMessageContaining("claim is open");
        assertThatThrownBy(b::close).isInstanceOf(IllegalStateException.class).hasMessageContaining("claim is open");
        assertThatThrownBy(() -> claim.commit(101)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("holds 100");
        assertThat(claim.isOpen()).isTrue();
        AtomicReference<Throwable> fromOtherThread = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                claim.commit();
            } catch (Throwable t) {
                fromOtherThread.set(t);
            }
        }, "intruder");
        other.start();
        other.join();
        assertThat(fromOtherThread.get()).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("intruder");
        assertThat(b.getBufferStatus().availableSamples()).isZero();

        fill(claim, 100);
        claim.commit();
        assertThatThrownBy(claim::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
        assertThatThrownBy(claim::abort).isInstanceOf(IllegalStateException.class).hasMessageContaining("committed");
        assertThatThrownBy(claim::segment).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was committed");
        assertThatThrownBy(() -> claim.commit(0)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("was committed");
        assertRamp(b.getChunkWithOverlap(100, 0).orElseThrow(), 0);
        assertThat(b.getBufferStatus().totalWritten()).as("the double commits published nothing").isEqualTo(100);

        WriteClaim aborted = b.claim(10, true, null);
        aborted.abort();
        assertThatThrownBy(aborted::commit).isInstanceOf(IllegalStateException.class).hasMessageContaining("aborted");
        assertThat(b.getBufferStatus().totalWritten()).isEqualTo(100);
    }

    @Test
    void claimsFollowTheOverflowPolicy() throws Exception {
        AudioRingBuffer reject = open(1000, OverflowPolicy.REJECT);
        reject.write(ramp(0, 950));
        assertThat(reject.claim(100, true, null)).isNull();
        assertThat(reject.getBufferStatus().overflowCount()).isEqualTo(1);

        AudioRingBuffer block = open(1000, OverflowPolicy.BLOCK);
        block.write(ramp(0, 950));
        assertThatThrownBy(() -> block.claim(100, false, null)).isInstanceOf(BufferFullException.class);
        assertThatThrownBy(() -> block.claim(100, true, Duration.ofMillis(20)))
                .isInstanceOf(BufferTimeoutException.class);
        CompletableFuture<Long> waiting = CompletableFuture.supplyAsync(() -> {
            try (WriteClaim c = block.claim(100, true, Duration.ofSeconds(10))) {
                fill(c, 100);
                c.commit();
                return c.isOpen() ? -1L : 950L;
            }
        });
        Internals.awaitWaiting(block, waiting);
        block.advanceReadPosition(50);
        assertThat(waiting.get(10, SECONDS)).isEqualTo(950L);
        assertRamp(block.getChunkWithOverlap(1000, 0).orElseThrow(), 50);

        AudioRingBuffer overwrite = open(1000, OverflowPolicy.OVERWRITE);
        overwrite.write(ramp(0, 950));
        AudioChunk held = overwrite.getChunkWithOverlap(100, 0).orElseThrow();
        try (WriteClaim c = overwrite.claim(100, true, null)) {
            // Room is made when claimed, before the caller can touch the samples.
            assertThat(held.isValid()).isFalse();
            fill(c, 100);
            c.commit();
        }
        assertRamp(overwrite.getChunkWithOverlap(1000, 0).orElseThrow(), 50);
    }

    @Test
    void anotherThreadsCloseWaitsForTheClaimToEnd() throws Exception {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        WriteClaim claim = b.claim(100, true, null);
        CompletableFuture<Void> closing = CompletableFuture.runAsync(b::close);
        Thread.sleep(50);
        assertThat(closing).isNotDone();
        fill(claim, 100);
        claim.commit();
        closing.get(10, SECONDS);
        assertThat(b.getBufferStatus().totalWritten()).isEqualTo(100);
        assertThatThrownBy(() -> b.claim(10, true, null)).isInstanceOf(BufferClosedException.class);
    }

    @Test
    void aSingleProducerClaimsToo() throws Exception {
        AudioRingBuffer b = open(AudioRingBuffer.builder(MONO_16K).capacitySamples(1000)
                .producers(ProducerMode.SINGLE));
        WriteClaim claim = b.claim(10, true, null);
        AtomicReference<Throwable> second = new AtomicReference<>();
        Thread other = new Thread(() -> {
            try {
                b.write(new float[1]);
            } catch (Throwable t) {
                second.set(t);
            }
        }, "second-producer");
        other.start();
        other.join();
        assertThat(second.get()).isInstanceOf(ThreadSafetyViolationException.class);
        fill(claim, 10);
        claim.commit();
        assertRamp(b.getChunkWithOverlap(10, 0).orElseThrow(), 0);
    }

    @Test
    void aProducerOfClaimsAndTwoReadersUnderStress() throws Exception {
        int total = 1_000_000;
        AudioRingBuffer b = open(4_096, OverflowPolicy.BLOCK);
        AudioReader second = b.newReader("second");
        CompletableFuture<Long> first = consume(b, 480, 160, 0, total);
        CompletableFuture<Long> other = consume(second, 1_024, 0, 5, total);
        SplittableRandom random = new SplittableRandom(5);
        long position = 0;
        while (position < total) {
            int n = (int) Math.min(total - position, 1 + random.nextInt(1_000));
            try (WriteClaim claim = b.claim(n, true, Duration.ofSeconds(30))) {
                int written = random.nextInt(4) == 0 ? random.nextInt(n + 1) : n;
                fill(claim, written);
                claim.commit(written);
                position += written;
            }
        }
        assertThat(first.get(60, SECONDS)).isEqualTo(total);
        assertThat(other.get(60, SECONDS)).isEqualTo(total);
        assertThat(b.checkIntegrity().healthy()).isTrue();
    }
}
