package io.cascade.buffer.testkit;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioReader;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferClosedException;
import io.cascade.buffer.BufferEmptyException;
import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.BufferInterruptedException;
import io.cascade.buffer.BufferMetrics;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.BufferTimeoutException;
import io.cascade.buffer.ChunkReader;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.InsufficientDataException;
import io.cascade.buffer.IntegrityReport;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ThreadSafetyViolationException;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.time.Duration;
import java.util.ArrayList;
import java.util.IdentityHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

import static java.util.concurrent.TimeUnit.SECONDS;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The contract of {@code ../shared/design/CONTRACT.md}, once, for every backend: each backend
 * module subclasses this and names its backend. Samples written here are {@link #value(long)}
 * of their stream position, so every check of a chunk's content also checks its position.
 */
@Timeout(value = 60, unit = SECONDS)
public abstract class AudioRingBufferContract {

    protected static final AudioConfig MONO_16K = AudioConfig.mono(16_000);

    private final List<AudioRingBuffer> opened = new ArrayList<>();
    private final Map<AudioRingBuffer, AudioReader> readers = new IdentityHashMap<>();

    /** @return the name of the backend under test */
    protected abstract String backend();

    protected AudioRingBuffer.Builder builder(AudioConfig config) {
        return AudioRingBuffer.builder(config).backend(backend());
    }

    protected AudioRingBuffer open(AudioRingBuffer.Builder builder) {
        AudioRingBuffer b = builder.build();
        opened.add(b);
        if (throughAddedReader()) {
            AudioReader added = b.newReader("second");
            b.defaultReader().close();
            readers.put(b, added);
        }
        return b;
    }

    /**
     * Whether the read-side cases read through a reader added with {@code newReader} (the
     * default reader closed, so that the added one alone gates the writer) rather than through
     * the buffer's own calls. A backend runs the suite both ways.
     */
    protected boolean throughAddedReader() {
        return false;
    }

    /** The read side under test of a buffer opened here. */
    protected ChunkReader reads(AudioRingBuffer b) {
        AudioReader added = readers.get(b);
        return added != null ? added : b;
    }

    /** The reader behind {@link #reads(AudioRingBuffer)}. */
    protected AudioReader readerOf(AudioRingBuffer b) {
        return readers.getOrDefault(b, b.defaultReader());
    }

    protected AudioRingBuffer open(int capacitySamples, OverflowPolicy policy) {
        return open(builder(MONO_16K).capacitySamples(capacitySamples).overflowPolicy(policy));
    }

    @AfterEach
    void closeAll() {
        opened.forEach(AudioRingBuffer::close);
    }

    /** The value written at stream position {@code position}. */
    public static float value(long position) {
        return (float) ((position * 31) % 65521) + 0.25f;
    }

    public static float[] ramp(long from, int count) {
        float[] a = new float[count];
        for (int i = 0; i < count; i++) {
            a[i] = value(from + i);
        }
        return a;
    }

    public static void assertRamp(AudioChunk chunk, long from) {
        float[] data = chunk.toArray();
        assertThat(data).hasSize(chunk.length());
        for (int i = 0; i < data.length; i++) {
            if (data[i] != value(from + i)) {
                throw new AssertionError("sample " + i + " of chunk at " + from + ": expected " + value(from + i)
                        + " but was " + data[i]);
            }
        }
        for (int i = 0; i < data.length; i++) {
            assertThat(chunk.data().getAtIndex(ValueLayout.JAVA_FLOAT, i)).isEqualTo(data[i]);
        }
    }

    /** The live storage of a buffer, for backend tests that check views and addresses. */
    protected static MemorySegment storageOf(AudioRingBuffer buffer) {
        return Internals.storage(buffer);
    }

    protected static int slotsOf(AudioRingBuffer buffer) {
        return Internals.slots(buffer);
    }

    // ---------------------------------------------------------------------------------- create

    @Test
    void createHasExactCapacityAndBlockPolicy() {
        AudioRingBuffer b = open(AudioRingBuffer.builder(AudioConfig.stereo(48_000)).capacitySeconds(2)
                .backend(backend()));
        assertThat(b.capacity()).isEqualTo(48_000 * 2 * 2);
        assertThat(b.policy()).isEqualTo(OverflowPolicy.BLOCK);
        assertThat(b.backend()).isEqualTo(backend());
        BufferStatus s = b.getBufferStatus();
        assertThat(s.capacity()).isEqualTo(192_000);
        assertThat(s.availableSamples()).isZero();
        assertThat(s.freeSamples()).isEqualTo(192_000);
        assertThat(s.level()).isEqualTo(BufferStatus.Level.NORMAL);
        assertThat(s.backend()).isEqualTo(backend());
        assertThat(s.closed()).isFalse();
        assertThat(s.allocatedBytes()).isGreaterThanOrEqualTo(192_000L * 4);
        assertThat(b.isEmpty()).isTrue();
        assertThat(b.isFull()).isFalse();
    }

    @Test
    void staticCreateUsesSeconds() {
        System.setProperty("cascade.buffer.backend", backend());
        try (AudioRingBuffer b = AudioRingBuffer.create(MONO_16K, 2)) {
            assertThat(b.capacity()).isEqualTo(32_000);
            assertThat(b.backend()).isEqualTo(backend());
            assertThat(b.policy()).isEqualTo(OverflowPolicy.BLOCK);
        } finally {
            System.clearProperty("cascade.buffer.backend");
        }
    }

    // ------------------------------------------------------------------------------ read/write

    @Test
    void chunkWithOverlapHoldsTheSamplesFromTheReadPositionAndDoesNotAdvance() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        assertThat(b.write(ramp(0, 1000))).isTrue();
        assertThat(reads(b).getChunkWithOverlap(512, 489)).isEmpty();
        AudioChunk c = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        assertThat(c.chunkSize()).isEqualTo(512);
        assertThat(c.overlapSize()).isEqualTo(256);
        assertThat(c.length()).isEqualTo(768);
        assertThat(c.data().byteSize()).isEqualTo(768 * 4);
        assertThat(c.startPosition()).isZero();
        assertRamp(c, 0);
        assertThat(reads(b).availableSamples()).isEqualTo(1000);
        AudioChunk again = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        assertThat(again.startPosition()).isZero();

        reads(b).advanceReadPosition(512);
        assertThat(reads(b).availableSamples()).isEqualTo(488);
        assertThat(reads(b).getChunkWithOverlap(256, 232).orElseThrow().startPosition()).isEqualTo(512);
        assertThat(reads(b).getChunkWithOverlap(256, 233)).isEmpty();
        assertThat(b.getBufferStatus().totalRead()).isEqualTo(512);
        assertThat(b.getBufferStatus().totalWritten()).isEqualTo(1000);
    }

    @Test
    void overlapOfOneChunkOpensTheNext() {
        AudioRingBuffer b = open(8192, OverflowPolicy.BLOCK);
        b.write(ramp(0, 4096));
        AudioChunk first = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        float[] tail = new float[256];
        System.arraycopy(first.toArray(), 512, tail, 0, 256);
        reads(b).advanceReadPosition(512);
        AudioChunk second = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        float[] head = new float[256];
        second.copyTo(new float[768], 0);
        System.arraycopy(second.toArray(), 0, head, 0, 256);
        assertThat(head).isEqualTo(tail);
    }

    @Test
    void sequenceNumbersCountEveryChunkHandedOut() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 2048));
        long s0 = reads(b).getChunkWithOverlap(256, 0).orElseThrow().sequenceNumber();
        long s1 = reads(b).getChunkWithSmartOverlap(256, 64).orElseThrow().sequenceNumber();
        List<AudioChunk> batch = reads(b).readBatch(256, 64, 3);
        reads(b).advanceReadPosition(256);
        long s5 = reads(b).awaitChunk(256, 0, Duration.ZERO).orElseThrow().sequenceNumber();
        assertThat(s0).isZero();
        assertThat(s1).isEqualTo(1);
        assertThat(batch).extracting(AudioChunk::sequenceNumber).containsExactly(2L, 3L, 4L);
        assertThat(s5).isEqualTo(5);
        assertThat(b.metrics().readOperations()).isEqualTo(6);
    }

    @Test
    void smartOverlapShrinksToWhatIsAvailable() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 600));
        assertThat(reads(b).getChunkWithSmartOverlap(601, 10)).isEmpty();
        AudioChunk c = reads(b).getChunkWithSmartOverlap(512, 256).orElseThrow();
        assertThat(c.chunkSize()).isEqualTo(512);
        assertThat(c.overlapSize()).isEqualTo(88);
        assertRamp(c, 0);
        AudioChunk full = reads(b).getChunkWithSmartOverlap(512, 50).orElseThrow();
        assertThat(full.overlapSize()).isEqualTo(50);
        AudioChunk none = reads(b).getChunkWithSmartOverlap(600, 256).orElseThrow();
        assertThat(none.overlapSize()).isZero();
    }

    @Test
    void smartOverlapKeepsWholeFrames() {
        AudioRingBuffer b = open(builder(new AudioConfig(8_000, 3)).capacitySeconds(1));
        b.write(ramp(0, 3 * 200));
        AudioChunk c = reads(b).getChunkWithSmartOverlap(3 * 150, 3 * 100).orElseThrow();
        assertThat(c.overlapSize()).isEqualTo(3 * 50);
    }

    @Test
    void optimalOverlapIsSixteenMillisecondsOrAFifthOfTheChunk() {
        AudioRingBuffer mono = open(4096, OverflowPolicy.BLOCK);
        assertThat(mono.optimalOverlap(512)).isEqualTo(102);
        assertThat(mono.optimalOverlap(2000)).isEqualTo(256);
        AudioRingBuffer stereo = open(builder(AudioConfig.stereo(48_000)).capacitySeconds(1));
        assertThat(stereo.optimalOverlap(9600)).isEqualTo(1536);
        assertThat(stereo.optimalOverlap(1016)).isEqualTo(202);
        assertThatThrownBy(() -> mono.optimalOverlap(0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void readBatchGivesConsecutiveChunksWithoutAdvancing() {
        AudioRingBuffer b = open(8192, OverflowPolicy.BLOCK);
        b.write(ramp(0, 2000));
        List<AudioChunk> batch = reads(b).readBatch(512, 256, 10);
        assertThat(batch).hasSize(3);
        for (int i = 0; i < 3; i++) {
            assertThat(batch.get(i).startPosition()).isEqualTo(512L * i);
            assertRamp(batch.get(i), 512L * i);
        }
        assertThat(reads(b).readBatch(512, 256, 2)).hasSize(2);
        assertThat(reads(b).readBatch(512, 256, 0)).isEmpty();
        assertThat(reads(b).readBatch(4096, 0, 5)).isEmpty();
        assertThat(reads(b).availableSamples()).isEqualTo(2000);
        assertThatThrownBy(() -> reads(b).readBatch(512, 0, -1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxChunks");
    }

    @Test
    void segmentWritesTakeHeapAndNativeSources() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        assertThat(b.write(MemorySegment.ofArray(ramp(0, 100)), true, null)).isTrue();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment src = arena.allocate(100L * 4, 4);
            MemorySegment.copy(ramp(100, 100), 0, src, ValueLayout.JAVA_FLOAT, 0, 100);
            assertThat(b.write(src, false, null)).isTrue();
        }
        assertRamp(reads(b).getChunkWithOverlap(200, 0).orElseThrow(), 0);
    }

    @Test
    void segmentWritesRefuseBadSegmentsAndChangeNothing() throws Exception {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> b.write(MemorySegment.ofArray(new byte[10]), true, null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("10").hasMessageContaining("multiple of 4");
        Arena closedArena = Arena.ofConfined();
        MemorySegment gone = closedArena.allocate(16);
        closedArena.close();
        assertThatThrownBy(() -> b.write(gone, true, null)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("closed");
        try (Arena confined = Arena.ofConfined()) {
            MemorySegment mine = confined.allocate(16);
            CompletableFuture<Throwable> other = CompletableFuture.supplyAsync(() -> {
                try {
                    b.write(mine, true, null);
                    return null;
                } catch (Throwable t) {
                    return t;
                }
            });
            assertThat(other.get()).isInstanceOf(IllegalStateException.class).hasMessageContaining("another thread");
        }
        assertThat(reads(b).availableSamples()).isZero();
        assertThat(b.getBufferStatus().totalWritten()).isZero();
    }

    @Test
    void aRangedSegmentWriteAppendsExactlyThatRange() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        MemorySegment source = MemorySegment.ofArray(ramp(-30, 330));
        assertThat(b.write(source, 30L * Float.BYTES, 100, true, null)).isTrue();
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment nativeSource = arena.allocate(400L * 4, 4);
            MemorySegment.copy(ramp(0, 400), 0, nativeSource, ValueLayout.JAVA_FLOAT, 0, 400);
            assertThat(b.write(nativeSource, 100L * Float.BYTES, 100, false, null)).isTrue();
        }
        assertThat(b.write(source, 0, 0, false, null)).as("an empty range").isTrue();
        assertThat(reads(b).availableSamples()).isEqualTo(200);
        assertRamp(reads(b).getChunkWithOverlap(200, 0).orElseThrow(), 0);
    }

    @Test
    void aChunkRelaysToAnotherBufferFromItsSegmentAndOffset() {
        AudioRingBuffer from = open(4096, OverflowPolicy.BLOCK);
        AudioRingBuffer to = open(4096, OverflowPolicy.BLOCK);
        from.write(ramp(0, 1_000));
        ChunkReader source = reads(from);
        source.advanceReadPosition(300);
        ChunkView view = source.newChunkView();
        assertThat(source.tryGetChunkWithOverlap(512, 128, view)).isTrue();
        assertThat(to.write(view.segment(), view.byteOffset(), view.length(), false, null)).isTrue();
        assertRamp(reads(to).getChunkWithOverlap(640, 0).orElseThrow(), 300);
    }

    @Test
    void aRangeOutsideTheSegmentIsRefusedAndChangesNothing() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        MemorySegment source = MemorySegment.ofArray(ramp(0, 100));
        assertThatThrownBy(() -> b.write(source, 90L * Float.BYTES, 20, true, null))
                .isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.write(source, -4, 10, true, null)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> b.write(source, 0, -1, true, null)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("-1");
        assertThatThrownBy(() -> b.write((MemorySegment) null, 0, 10, true, null))
                .isInstanceOf(NullPointerException.class);
        assertThat(reads(b).availableSamples()).isZero();
        assertThat(b.getBufferStatus().totalWritten()).isZero();
    }

    @Test
    void reusableViewIsFilledInPlace() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        ChunkView view = reads(b).newChunkView();
        assertThatThrownBy(view::segment).isInstanceOf(IllegalStateException.class);
        assertThat(reads(b).tryGetChunkWithOverlap(512, 256, view)).isFalse();
        b.write(ramp(0, 2000));
        assertThat(reads(b).tryGetChunkWithOverlap(512, 256, view)).isTrue();
        assertRamp(view, 0);
        assertThat(view.byteOffset()).isEqualTo(view.readPosition() * 4L);
        assertThat(view.segment().byteSize()).isGreaterThanOrEqualTo(view.byteOffset() + 768 * 4L);
        reads(b).advanceReadPosition(512);
        assertThat(reads(b).tryGetChunkWithSmartOverlap(512, 2000, view)).isTrue();
        assertThat(view.startPosition()).isEqualTo(512);
        assertThat(view.overlapSize()).isEqualTo(2000 - 1024);
        assertRamp(view, 512);
        AudioRingBuffer other = open(4096, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> reads(other).tryGetChunkWithOverlap(16, 0, view))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("another buffer");
    }

    @Test
    void chunkAccessorsAgree() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        AudioChunk c = reads(b).getChunkWithOverlap(300, 100).orElseThrow();
        assertThat(c.get(0)).isEqualTo(value(0));
        assertThat(c.get(399)).isEqualTo(value(399));
        assertThatThrownBy(() -> c.get(400)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> c.get(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        float[] dst = new float[410];
        c.copyTo(dst, 10);
        assertThat(dst[10]).isEqualTo(value(0));
        assertThat(dst[409]).isEqualTo(value(399));
        assertThatThrownBy(() -> c.copyTo(new float[400], 1)).isInstanceOf(IndexOutOfBoundsException.class);
        var fb = c.asFloatBuffer();
        assertThat(fb.remaining()).isEqualTo(400);
        assertThat(fb.get(0)).isEqualTo(value(0));
        assertThat(fb.get(399)).isEqualTo(value(399));
        assertThat(fb.isReadOnly()).isTrue();
        assertThat(c.bufferLevel()).isCloseTo(1000.0 / 4096, within(1e-9));
        assertThat(c.isValid()).isTrue();
    }

    // ---------------------------------------------------------------------------- timestamps

    @Test
    void timestampsComeFromTheConfiguredRate() {
        AudioRingBuffer b16 = open(builder(MONO_16K).capacitySeconds(1));
        b16.write(ramp(0, 1600));
        reads(b16).advanceReadPosition(800);
        AudioChunk c16 = reads(b16).getChunkWithOverlap(160, 0).orElseThrow();
        assertThat(c16.startFrame()).isEqualTo(800);
        assertThat(c16.timestampMs()).isCloseTo(50.0, within(1e-9));

        AudioRingBuffer b48 = open(builder(AudioConfig.stereo(48_000)).capacitySeconds(1));
        b48.write(ramp(0, 9600));
        reads(b48).advanceReadPosition(4800);
        AudioChunk c48 = reads(b48).getChunkWithOverlap(960, 0).orElseThrow();
        assertThat(c48.startPosition()).isEqualTo(4800);
        assertThat(c48.startFrame()).isEqualTo(2400);
        assertThat(c48.timestampMs()).isCloseTo(50.0, within(1e-9));
    }

    // ------------------------------------------------------------------------------ policies

    @Test
    void blockWithoutWaitingThrowsBufferFullWithTheFigures() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 900));
        assertThatThrownBy(() -> b.write(ramp(900, 200), false, null))
                .isInstanceOfSatisfying(BufferFullException.class, e -> {
                    assertThat(e.capacity()).isEqualTo(1000);
                    assertThat(e.attemptedSize()).isEqualTo(200);
                    assertThat(e.getMessage()).contains("capacity=1000", "attempted=200", "free=100");
                });
        assertThat(reads(b).availableSamples()).isEqualTo(900);
        assertThat(b.getBufferStatus().overflowCount()).isEqualTo(1);
        assertThat(b.metrics().bufferFullErrors()).isEqualTo(1);
        assertThat(b.write(ramp(900, 100), false, null)).isTrue();
        assertThat(b.isFull()).isTrue();
        assertRamp(reads(b).getChunkWithOverlap(1000, 0).orElseThrow(), 0);
    }

    @Test
    void blockTimesOut() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        long t0 = System.nanoTime();
        assertThatThrownBy(() -> b.write(ramp(1000, 10), true, Duration.ofMillis(50)))
                .isInstanceOf(BufferTimeoutException.class).hasMessageContaining("10 samples")
                .hasMessageContaining("50 ms");
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
        assertThatThrownBy(() -> b.write(ramp(1000, 10), true, Duration.ZERO))
                .isInstanceOf(BufferTimeoutException.class);
        assertThat(reads(b).availableSamples()).isEqualTo(1000);
        assertThat(b.getBufferStatus().overflowCount()).isEqualTo(2);
        assertThat(b.metrics().contentionCount()).isGreaterThanOrEqualTo(1);
    }

    @Test
    void writeLongerThanCapacityFollowsThePolicy() {
        AudioRingBuffer block = open(1000, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> block.write(ramp(0, 1001), true, null))
                .isInstanceOfSatisfying(BufferFullException.class, e -> {
                    assertThat(e.attemptedSize()).isEqualTo(1001);
                    assertThat(e.getMessage()).contains("never fit");
                });
        assertThat(reads(block).availableSamples()).isZero();

        AudioRingBuffer reject = open(1000, OverflowPolicy.REJECT);
        assertThat(reject.write(ramp(0, 1001))).isFalse();
        assertThat(reads(reject).availableSamples()).isZero();
        assertThat(reject.getBufferStatus().overflowCount()).isEqualTo(1);

        AudioRingBuffer overwrite = open(1000, OverflowPolicy.OVERWRITE);
        overwrite.write(ramp(0, 100));
        assertThat(overwrite.write(ramp(100, 2500))).isTrue();
        assertThat(reads(overwrite).availableSamples()).isEqualTo(1000);
        AudioChunk c = reads(overwrite).getChunkWithOverlap(1000, 0).orElseThrow();
        assertThat(c.startPosition()).isEqualTo(1600);
        assertRamp(c, 1600);
        assertThat(overwrite.getBufferStatus().droppedSamples()).isEqualTo(1600);
        assertThat(overwrite.getBufferStatus().totalWritten()).isEqualTo(2600);
    }

    @Test
    void rejectDropsTheWriteAndCounts() {
        AudioRingBuffer b = open(1000, OverflowPolicy.REJECT);
        assertThat(b.write(ramp(0, 800))).isTrue();
        assertThat(b.write(ramp(800, 300), true, Duration.ofSeconds(5))).isFalse();
        assertThat(b.write(MemorySegment.ofArray(ramp(800, 300)), true, null)).isFalse();
        assertThat(reads(b).availableSamples()).isEqualTo(800);
        BufferStatus s = b.getBufferStatus();
        assertThat(s.overflowCount()).isEqualTo(2);
        assertThat(s.droppedSamples()).isZero();
        assertThat(b.write(ramp(800, 200))).isTrue();
        assertRamp(reads(b).getChunkWithOverlap(1000, 0).orElseThrow(), 0);
    }

    @Test
    void overwriteDropsTheOldestAndInvalidatesHeldChunks() {
        AudioRingBuffer b = open(1000, OverflowPolicy.OVERWRITE);
        b.write(ramp(0, 900));
        AudioChunk held = reads(b).getChunkWithOverlap(200, 0).orElseThrow();
        AudioChunk later = reads(b).getChunkWithOverlap(400, 0).orElseThrow();
        assertThat(held.isValid()).isTrue();
        assertThat(b.write(ramp(900, 300))).isTrue();
        assertThat(held.isValid()).isFalse();
        assertThat(later.isValid()).isFalse();
        assertThat(reads(b).availableSamples()).isEqualTo(1000);
        BufferStatus s = b.getBufferStatus();
        assertThat(s.droppedSamples()).isEqualTo(200);
        assertThat(s.overflowCount()).isEqualTo(1);
        // The reader's next chunk starts at the oldest sample still there.
        AudioChunk next = reads(b).getChunkWithOverlap(500, 0).orElseThrow();
        assertThat(next.startPosition()).isEqualTo(200);
        assertRamp(next, 200);
        assertThat(next.isValid()).isTrue();
    }

    @Test
    void advanceAfterBeingLappedMovesToTheOldestSample() {
        AudioRingBuffer b = open(1000, OverflowPolicy.OVERWRITE);
        b.write(ramp(0, 1000));
        AudioChunk held = reads(b).getChunkWithOverlap(512, 0).orElseThrow();
        b.write(ramp(1000, 300));
        assertThat(held.isValid()).isFalse();
        reads(b).advanceReadPosition(512);
        AudioChunk next = reads(b).getChunkWithOverlap(100, 0).orElseThrow();
        assertThat(next.startPosition()).isEqualTo(300);
        assertRamp(next, 300);
        BufferStatus s = b.getBufferStatus();
        assertThat(s.droppedSamples()).isEqualTo(300);
        assertThat(s.totalRead()).isZero();
        assertThat(b.checkIntegrity().issues()).isEmpty();
    }

    // ------------------------------------------------------------------------------- batches

    @Test
    void writeBatchStopsAtTheFirstBlockThatDoesNotFit() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        int n = b.writeBatch(List.of(ramp(0, 400), ramp(400, 400), ramp(800, 400), ramp(1200, 100)));
        assertThat(n).isEqualTo(2);
        assertThat(reads(b).availableSamples()).isEqualTo(800);
        assertThat(b.writeBatch(List.of())).isZero();
        AudioRingBuffer o = open(1000, OverflowPolicy.OVERWRITE);
        assertThat(o.writeBatch(List.of(ramp(0, 600), ramp(600, 600)))).isEqualTo(2);
        assertRamp(reads(o).getChunkWithOverlap(1000, 0).orElseThrow(), 200);
    }

    @Test
    void writeBatchRefusesBadBlocksBeforeWritingAny() {
        AudioRingBuffer b = open(builder(AudioConfig.stereo(8_000)).capacitySeconds(1));
        List<float[]> withNull = new ArrayList<>();
        withNull.add(ramp(0, 10));
        withNull.add(null);
        assertThatThrownBy(() -> b.writeBatch(withNull)).isInstanceOf(NullPointerException.class)
                .hasMessageContaining("blocks[1]");
        assertThatThrownBy(() -> b.writeBatch(List.of(ramp(0, 10), ramp(10, 3))))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("blocks[1]")
                .hasMessageContaining("whole number of frames");
        assertThat(reads(b).availableSamples()).isZero();
    }

    // ------------------------------------------------------------------------------ advance

    @Test
    void advancingPastTheAvailableThrowsAndChangesNothing() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 300));
        assertThatThrownBy(() -> reads(b).advanceReadPosition(301))
                .isInstanceOfSatisfying(InsufficientDataException.class, e -> {
                    assertThat(e.available()).isEqualTo(300);
                    assertThat(e.required()).isEqualTo(301);
                    assertThat(e.getMessage()).contains("available=300", "required=301");
                });
        assertThat(reads(b).availableSamples()).isEqualTo(300);
        assertThat(b.metrics().insufficientDataErrors()).isEqualTo(1);
        reads(b).advanceReadPosition(0);
        reads(b).advanceReadPosition(300);
        assertThat(b.isEmpty()).isTrue();
    }

    // -------------------------------------------------------------------------- bad arguments

    @Test
    void badArgumentsThrowWithAMessageAndChangeNothing() {
        AudioRingBuffer b = open(builder(AudioConfig.stereo(8_000)).capacitySeconds(1));
        b.write(ramp(0, 200));
        BufferStatus before = b.getBufferStatus();
        assertThatThrownBy(() -> b.write((float[]) null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.write((MemorySegment) null, true, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.writeBatch(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.write(new float[3])).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("write length = 3").hasMessageContaining("channels=2");
        assertThatThrownBy(() -> b.write(new float[2], true, Duration.ofMillis(-1)))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("timeout");
        assertThatThrownBy(() -> reads(b).getChunkWithOverlap(0, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("chunkSize");
        assertThatThrownBy(() -> reads(b).getChunkWithOverlap(-2, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reads(b).getChunkWithOverlap(2, -2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overlapSize");
        assertThatThrownBy(() -> reads(b).getChunkWithOverlap(3, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("whole number of frames");
        assertThatThrownBy(() -> reads(b).getChunkWithOverlap(2, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reads(b).getChunkWithOverlap(16_000, 2)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("exceeds the capacity of 16000");
        assertThatThrownBy(() -> reads(b).getChunkWithSmartOverlap(5, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reads(b).awaitChunk(2, 3, null)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reads(b).readBatch(0, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reads(b).advanceReadPosition(-2)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reads(b).advanceReadPosition(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("advance = 1");
        assertThatThrownBy(() -> reads(b).tryGetChunkWithOverlap(2, 0, null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> b.resize(0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> b.resize(Integer.MAX_VALUE)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("overflows an int");
        BufferStatus after = b.getBufferStatus();
        assertThat(after.availableSamples()).isEqualTo(before.availableSamples());
        assertThat(after.totalWritten()).isEqualTo(before.totalWritten());
        assertThat(after.totalRead()).isEqualTo(before.totalRead());
        assertThat(after.capacity()).isEqualTo(before.capacity());
        assertThat(reads(b).getChunkWithOverlap(200, 0).orElseThrow().startPosition()).isZero();
    }

    @Test
    void badBuilderArgumentsAreRefused() {
        assertThatThrownBy(() -> AudioRingBuffer.builder(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> builder(MONO_16K).capacitySeconds(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("capacitySeconds");
        assertThatThrownBy(() -> builder(AudioConfig.stereo(48_000)).capacitySeconds(30_000))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("overflows an int");
        assertThatThrownBy(() -> builder(AudioConfig.stereo(48_000)).capacitySamples(3))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("whole number of frames");
        assertThatThrownBy(() -> builder(MONO_16K).capacitySamples(-1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> builder(MONO_16K).overflowPolicy(null)).isInstanceOf(NullPointerException.class);
        assertThatThrownBy(() -> AudioConfig.mono(0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("sampleRate");
        assertThatThrownBy(() -> new AudioConfig(16_000, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("channels");
    }

    // ---------------------------------------------------------------------- status, integrity

    @Test
    void statusLevelsFollowUsage() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 799));
        assertThat(b.getBufferStatus().level()).isEqualTo(BufferStatus.Level.NORMAL);
        b.write(ramp(799, 1));
        assertThat(b.getBufferStatus().level()).isEqualTo(BufferStatus.Level.WARNING);
        b.write(ramp(800, 149));
        assertThat(b.getBufferStatus().level()).isEqualTo(BufferStatus.Level.WARNING);
        b.write(ramp(949, 1));
        BufferStatus s = b.getBufferStatus();
        assertThat(s.level()).isEqualTo(BufferStatus.Level.CRITICAL);
        assertThat(s.usageRatio()).isCloseTo(0.95, within(1e-9));
        assertThat(s.peakUsage()).isCloseTo(0.95, within(1e-9));
        assertThat(s.writePosition()).isEqualTo(950 % slotsOf(b));
        reads(b).advanceReadPosition(500);
        s = b.getBufferStatus();
        assertThat(s.readPosition()).isEqualTo(500);
        assertThat(s.level()).isEqualTo(BufferStatus.Level.NORMAL);
        assertThat(s.peakUsage()).isCloseTo(0.95, within(1e-9));
        assertThat(b.metrics().peakUtilization()).isCloseTo(0.95, within(1e-9));
    }

    @Test
    void integrityReportChecksPositionsAndWarnsLikeTheSeed() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        IntegrityReport empty = b.checkIntegrity();
        assertThat(empty.healthy()).isTrue();
        assertThat(empty.issues()).isEmpty();
        assertThat(empty.warnings()).anyMatch(w -> w.contains("Low buffer utilization"));
        b.write(ramp(0, 950));
        IntegrityReport full = b.checkIntegrity();
        assertThat(full.healthy()).isTrue();
        assertThat(full.warnings()).anyMatch(w -> w.contains("High buffer utilization"))
                .anyMatch(w -> w.contains("Read/write imbalance"));
        assertThat(full.metrics()).containsEntry("available_data", 950L).containsEntry("total_written", 950L)
                .containsEntry("capacity", 1000);
        reads(b).advanceReadPosition(900);
        IntegrityReport balanced = b.checkIntegrity();
        assertThat(balanced.warnings()).noneMatch(w -> w.contains("imbalance"));
        assertThat(balanced.metrics()).containsEntry("read_position", 900).containsEntry("total_read", 900L);
    }

    @Test
    void metricsCountOperations() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        for (int i = 0; i < 10; i++) {
            b.write(ramp(i * 100L, 100));
        }
        for (int i = 0; i < 4; i++) {
            reads(b).getChunkWithOverlap(200, 50).orElseThrow();
            reads(b).advanceReadPosition(200);
        }
        BufferMetrics m = b.metrics();
        assertThat(m.writeOperations()).isEqualTo(10);
        assertThat(m.samplesWritten()).isEqualTo(1000);
        assertThat(m.bytesWritten()).isEqualTo(4000);
        assertThat(m.readOperations()).isEqualTo(4);
        assertThat(m.samplesRead()).isEqualTo(800);
        assertThat(m.bytesRead()).isEqualTo(3200);
        assertThat(m.zeroCopyReads() + m.copiedReads()).isEqualTo(4);
        assertThat(m.averageWriteLatencyNanos()).isPositive();
        assertThat(m.averageReadLatencyNanos()).isPositive();
        assertThat(m.writeThroughputBytesPerSecond()).isPositive();
        assertThat(m.operationsPerSecond()).isPositive();
        assertThat(m.errorRate()).isZero();
        assertThat(m.averageUtilization()).isPositive();
        assertThat(m.uptimeNanos()).isPositive();
    }

    // ------------------------------------------------------------------------- zero copy, wrap

    @Test
    void continuousChunkIsAViewOfStorage() {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        AudioChunk c = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        assertThat(c.isContinuous()).isTrue();
        MemorySegment storage = storageOf(b);
        storage.setAtIndex(ValueLayout.JAVA_FLOAT, c.readPosition() + 10, -42f);
        assertThat(c.get(10)).isEqualTo(-42f);
        assertThat(c.data().getAtIndex(ValueLayout.JAVA_FLOAT, 10)).isEqualTo(-42f);
        assertThat(b.metrics().zeroCopyReads()).isEqualTo(1);
        assertViewOfStorage(b, c);
    }

    /** Backend-specific proof that a continuous chunk shares storage memory (address, array). */
    protected abstract void assertViewOfStorage(AudioRingBuffer buffer, AudioChunk chunk);

    /** Fills and drains a buffer so that the next window of {@code window} samples crosses the end of storage. */
    public static long positionBeforeEnd(AudioRingBuffer b, int window) {
        return positionBeforeEnd(b, b, window);
    }

    /** The same, draining through {@code reader}. */
    public static long positionBeforeEnd(AudioRingBuffer b, ChunkReader reader, int window) {
        int slots = slotsOf(b);
        int capacity = b.capacity();
        long target = slots - window / 2;
        long position = 0;
        while (position < target) {
            int n = (int) Math.min(capacity / 2, target - position);
            b.write(ramp(position, n));
            reader.advanceReadPosition(n);
            position += n;
        }
        return position;
    }

    @Test
    void wrappedChunkIsCopiedCorrectlyAndReusedWhileValid() {
        AudioRingBuffer b = open(builder(MONO_16K).capacitySeconds(1));
        long start = positionBeforeEnd(b, reads(b), 768);
        b.write(ramp(start, 2000));
        AudioChunk c = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        assertRamp(c, start);
        if (b.getBufferStatus().mirrored()) {
            assertThat(c.isContinuous()).isTrue();
            return;
        }
        assertThat(c.isContinuous()).isFalse();
        assertThat(b.metrics().cacheMisses()).isEqualTo(1);
        AudioChunk again = reads(b).getChunkWithOverlap(512, 256).orElseThrow();
        AudioChunk inside = reads(b).getChunkWithOverlap(512, 100).orElseThrow();
        assertRamp(again, start);
        assertRamp(inside, start);
        BufferMetrics m = b.metrics();
        assertThat(m.cacheHits()).isEqualTo(2);
        assertThat(m.cacheMisses()).isEqualTo(1);
        assertThat(m.copiedReads()).isEqualTo(3);
        assertThat(m.cacheHitRate()).isCloseTo(2.0 / 3, within(1e-9));
        assertThat(c.isValid()).isTrue();
        // A copy does not see later changes to storage: it is not a view.
        storageOf(b).setAtIndex(ValueLayout.JAVA_FLOAT, c.readPosition(), -1f);
        assertThat(c.get(0)).isEqualTo(value(start));
        reads(b).advanceReadPosition(512);
        assertThat(c.isValid()).isFalse();
    }

    @Test
    void batchOfSeveralWrappedChunksKeepsEachCopyIntact() {
        AudioRingBuffer b = open(builder(MONO_16K).capacitySeconds(1));
        long start = positionBeforeEnd(b, reads(b), 1536);
        b.write(ramp(start, 4000));
        List<AudioChunk> batch = reads(b).readBatch(256, 768, 6);
        assertThat(batch).hasSize(6);
        for (int i = 0; i < batch.size(); i++) {
            assertRamp(batch.get(i), start + 256L * i);
            assertThat(batch.get(i).isValid()).isTrue();
        }
        if (!b.getBufferStatus().mirrored()) {
            assertThat(batch).filteredOn(c -> !c.isContinuous()).hasSizeGreaterThanOrEqualTo(3);
        }
    }

    @Test
    void manyLiveWrappedChunksEvictTheOldestAndSayItIsInvalid() {
        AudioRingBuffer b = open(builder(MONO_16K).capacitySeconds(1));
        if (b.getBufferStatus().mirrored()) {
            return;
        }
        long start = positionBeforeEnd(b, reads(b), 40);
        b.write(ramp(start, 200));
        List<AudioChunk> chunks = new ArrayList<>();
        for (int i = 0; i < Internals.WRAP_CACHE_ENTRIES + 1; i++) {
            chunks.add(reads(b).getChunkWithOverlap(2, 40 + 2 * i).orElseThrow());
        }
        // Each window is longer than the one before, so each needs a copy of its own.
        assertThat(b.metrics().cacheMisses()).isEqualTo(Internals.WRAP_CACHE_ENTRIES + 1);
        assertThat(b.metrics().cacheEvictions()).isEqualTo(1);
        assertThat(chunks).filteredOn(c -> !c.isValid()).hasSize(1);
        for (AudioChunk c : chunks) {
            if (c.isValid()) {
                assertRamp(c, start);
            }
        }
    }

    // ---------------------------------------------------------------------- clear and resize

    @Test
    void clearDropsUnreadSamplesAndInvalidatesChunks() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 600));
        reads(b).advanceReadPosition(100);
        AudioChunk held = reads(b).getChunkWithOverlap(100, 0).orElseThrow();
        b.clear();
        assertThat(held.isValid()).isFalse();
        assertThat(b.isEmpty()).isTrue();
        BufferStatus s = b.getBufferStatus();
        assertThat(s.totalWritten()).isEqualTo(600);
        assertThat(s.totalRead()).isEqualTo(100);
        assertThat(b.checkIntegrity().metrics()).containsEntry("cleared_samples", 500L);
        b.write(ramp(600, 100));
        AudioChunk next = reads(b).getChunkWithOverlap(100, 0).orElseThrow();
        assertThat(next.startPosition()).isEqualTo(600);
        assertRamp(next, 600);
        assertThat(b.checkIntegrity().issues()).isEmpty();
    }

    @Test
    void resizeKeepsUnreadSamplesInOrderAcrossTheWrap() {
        AudioRingBuffer b = open(builder(MONO_16K).capacitySeconds(1));
        long start = positionBeforeEnd(b, reads(b), 6000);
        b.write(ramp(start, 12_000));
        AudioChunk held = reads(b).getChunkWithOverlap(100, 0).orElseThrow();
        assertThat(b.resize(2)).isTrue();
        assertThat(held.isValid()).isFalse();
        assertThat(b.capacity()).isEqualTo(32_000);
        assertThat(reads(b).availableSamples()).isEqualTo(12_000);
        assertRamp(reads(b).getChunkWithOverlap(12_000, 0).orElseThrow(), start);
        b.write(ramp(start + 12_000, 20_000));
        assertThat(b.isFull()).isTrue();
        assertRamp(reads(b).getChunkWithOverlap(32_000, 0).orElseThrow(), start);
        assertThat(b.getBufferStatus().totalWritten()).isEqualTo(start + 32_000);
        assertThat(b.checkIntegrity().issues()).isEmpty();
    }

    @Test
    void resizeRefusesWhenUnreadSamplesWouldNotFit() {
        AudioRingBuffer b = open(builder(MONO_16K).capacitySeconds(2));
        b.write(ramp(0, 20_000));
        assertThat(b.resize(1)).isFalse();
        assertThat(b.capacity()).isEqualTo(32_000);
        assertThat(reads(b).availableSamples()).isEqualTo(20_000);
        reads(b).advanceReadPosition(5_000);
        assertThat(b.resize(1)).isTrue();
        assertThat(b.capacity()).isEqualTo(16_000);
        assertRamp(reads(b).getChunkWithOverlap(15_000, 0).orElseThrow(), 5_000);
    }

    // ---------------------------------------------------------------------------------- close

    @Test
    void closeIsIdempotentAndLaterCallsThrow() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 300));
        reads(b).advanceReadPosition(100);
        b.close();
        b.close();
        assertThat(b.isClosed()).isTrue();
        List<Runnable> calls = List.of(() -> b.write(new float[1]), () -> b.write(new float[1], false, null),
                () -> b.write(MemorySegment.ofArray(new float[1]), false, null),
                () -> b.writeBatch(List.of(new float[1])), () -> reads(b).getChunkWithOverlap(10, 0),
                () -> reads(b).getChunkWithSmartOverlap(10, 0), () -> reads(b).awaitChunk(10, 0, Duration.ZERO),
                () -> reads(b).readBatch(10, 0, 1), () -> reads(b).advanceReadPosition(1), b::clear, () -> b.resize(1),
                () -> reads(b).tryGetChunkWithOverlap(10, 0, reads(b).newChunkView()));
        for (Runnable call : calls) {
            assertThatThrownBy(call::run).isInstanceOf(BufferClosedException.class).hasMessageContaining("closed");
        }
        BufferStatus s = b.getBufferStatus();
        assertThat(s.closed()).isTrue();
        assertThat(s.availableSamples()).isEqualTo(200);
        assertThat(s.totalWritten()).isEqualTo(300);
        assertThat(b.metrics().samplesRead()).isEqualTo(100);
        IntegrityReport r = b.checkIntegrity();
        assertThat(r.warnings()).anyMatch(w -> w.contains("closed"));
        assertThat(r.issues()).isEmpty();
    }

    @Test
    void chunkIsInvalidAfterClose() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 300));
        AudioChunk c = reads(b).getChunkWithOverlap(100, 0).orElseThrow();
        b.close();
        assertThat(c.isValid()).isFalse();
    }

    @Test
    void aStrictTakeSaysWhyThereIsNoChunkAndChangesNothing() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        assertThatThrownBy(() -> reads(b).takeChunk(100, 20)).isInstanceOf(BufferEmptyException.class)
                .hasMessageContaining("120 samples").hasMessageContaining("no unread sample");
        b.write(ramp(0, 100));
        assertThatThrownBy(() -> reads(b).takeChunk(100, 20)).isInstanceOfSatisfying(InsufficientDataException.class,
                e -> {
                    assertThat(e.available()).isEqualTo(100);
                    assertThat(e.required()).isEqualTo(120);
                });
        assertThat(b.metrics().insufficientDataErrors()).isEqualTo(1);
        assertThat(b.metrics().readOperations()).isZero();
        assertThat(reads(b).availableSamples()).isEqualTo(100);
        assertThatThrownBy(() -> reads(b).takeChunk(0, 20)).isInstanceOf(IllegalArgumentException.class);
        b.write(ramp(100, 20));
        AudioChunk c = reads(b).takeChunk(100, 20);
        assertThat(c.overlapSize()).isEqualTo(20);
        assertRamp(c, 0);
        assertThat(c.isValid()).isTrue();
        assertThat(reads(b).availableSamples()).as("a take does not advance").isEqualTo(120);
    }

    // ------------------------------------------------------------------------ blocking waits

    @Test
    void blockedWriterIsWokenByAnAdvance() throws Exception {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> b.write(ramp(1000, 300)));
        Internals.awaitWaiting(b, writer);
        reads(b).advanceReadPosition(200);
        assertThat(writer.isDone()).isFalse();
        reads(b).advanceReadPosition(100);
        assertThat(writer.get(10, SECONDS)).isTrue();
        reads(b).advanceReadPosition(700);
        assertRamp(reads(b).getChunkWithOverlap(300, 0).orElseThrow(), 1000);
        assertThat(b.metrics().contentionCount()).isGreaterThanOrEqualTo(1);
        assertThat(b.metrics().averageWaitNanos()).isPositive();
    }

    @Test
    void blockedWriterIsWokenByClose() {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> b.write(ramp(1000, 300)));
        Internals.awaitWaiting(b, writer);
        b.close();
        assertThatThrownBy(() -> writer.get(10, SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BufferClosedException.class);
    }

    @Test
    void blockedWriterIsWokenByAnInterruptAndWritesNothing() throws Exception {
        AudioRingBuffer b = open(1000, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        Interrupted r = interruptWhileWaiting(() -> b.write(ramp(1000, 300)));
        assertThat(r.thrown()).isInstanceOf(BufferInterruptedException.class).hasMessageContaining("nothing was written");
        assertThat(r.flagSetAgain()).isTrue();
        assertThat(reads(b).availableSamples()).isEqualTo(1000);
        assertThat(b.getBufferStatus().totalWritten()).isEqualTo(1000);
    }

    @Test
    void awaitChunkIsWokenByAWrite() throws Exception {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 100));
        CompletableFuture<Optional<AudioChunk>> reader =
                CompletableFuture.supplyAsync(() -> reads(b).awaitChunk(512, 256, Duration.ofSeconds(30)));
        Internals.awaitWaiting(b, reader);
        b.write(ramp(100, 600));
        assertThat(reader.isDone()).isFalse();
        b.write(ramp(700, 100));
        AudioChunk c = reader.get(10, SECONDS).orElseThrow();
        assertRamp(c, 0);
    }

    @Test
    void awaitChunkTimesOutEmptyAndIsWokenByClose() throws Exception {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        long t0 = System.nanoTime();
        assertThat(reads(b).awaitChunk(512, 0, Duration.ofMillis(50))).isEmpty();
        assertThat(System.nanoTime() - t0).isGreaterThanOrEqualTo(TimeUnit.MILLISECONDS.toNanos(45));
        CompletableFuture<Optional<AudioChunk>> reader = CompletableFuture.supplyAsync(() -> reads(b).awaitChunk(512, 0, null));
        Internals.awaitWaiting(b, reader);
        b.close();
        assertThatThrownBy(() -> reader.get(10, SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BufferClosedException.class);
    }

    @Test
    void awaitChunkInterruptedConsumesNothing() throws Exception {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 100));
        Interrupted r = interruptWhileWaiting(() -> reads(b).awaitChunk(512, 0, null));
        assertThat(r.thrown()).isInstanceOf(BufferInterruptedException.class).hasMessageContaining("nothing was consumed");
        assertThat(r.flagSetAgain()).isTrue();
        assertThat(reads(b).availableSamples()).isEqualTo(100);
    }

    // ---------------------------------------------------------------------------- read side

    @Test
    void aSecondThreadInTheReadSideIsRefused() throws Exception {
        AudioRingBuffer b = open(4096, OverflowPolicy.BLOCK);
        b.write(ramp(0, 1000));
        Internals.whileAnotherThreadHolds("reader-A", body -> Internals.occupyReader(readerOf(b), body), () -> {
            assertThatThrownBy(() -> reads(b).getChunkWithOverlap(100, 0))
                    .isInstanceOf(ThreadSafetyViolationException.class).hasMessageContaining("reader-A");
            assertThatThrownBy(() -> reads(b).advanceReadPosition(100)).isInstanceOf(ThreadSafetyViolationException.class);
            assertThatThrownBy(() -> reads(b).readBatch(100, 0, 2)).isInstanceOf(ThreadSafetyViolationException.class);
            // Writers are not readers: they go on.
            assertThat(b.write(ramp(1000, 100), false, null)).isTrue();
        });
        assertThat(reads(b).availableSamples()).isEqualTo(1100);
        assertRamp(reads(b).getChunkWithOverlap(1100, 0).orElseThrow(), 0);
    }

    // ------------------------------------------------------------------------------- helpers

    private record Interrupted(Throwable thrown, boolean flagSetAgain) {
    }

    /** Runs a blocking call on a new thread, interrupts it once it waits, and reports how it ended. */
    private static Interrupted interruptWhileWaiting(Runnable call) throws InterruptedException {
        AtomicReference<Interrupted> result = new AtomicReference<>(new Interrupted(null, false));
        Thread t = new Thread(() -> {
            try {
                call.run();
            } catch (Throwable e) {
                result.set(new Interrupted(e, Thread.currentThread().isInterrupted()));
            }
        });
        t.start();
        awaitState(t);
        t.interrupt();
        t.join(10_000);
        return result.get();
    }

    private static void awaitState(Thread t) throws InterruptedException {
        long deadline = System.nanoTime() + SECONDS.toNanos(10);
        while (t.getState() != Thread.State.WAITING && t.getState() != Thread.State.TIMED_WAITING) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("thread did not wait: " + t.getState());
            }
            Thread.sleep(1);
        }
    }
}
