package io.cascade.buffer.testkit;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioReader;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.ThreadSafetyViolationException;
import io.cascade.buffer.WaitStrategy;
import io.cascade.buffer.BufferClosedException;
import io.cascade.buffer.BufferInterruptedException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.MethodSource;

import java.time.Duration;
import java.util.Optional;
import java.util.SplittableRandom;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;

import static io.cascade.buffer.testkit.AudioRingBufferContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Threads against one buffer, for every backend. Each test checks every sample it reads, so a
 * broken publication (a reader seeing a position before the samples behind it), a torn block or
 * a lost wake-up makes it fail or time out.
 */
@Timeout(value = 120, unit = TimeUnit.SECONDS)
public abstract class ConcurrencyStress {

    /** How many times a side thread must act while the main work runs, for the test to count. */
    private static final int OVERLAP = 10;

    /** @return the backend under test */
    protected abstract String backend();

    private AudioRingBuffer.Builder builder(int capacity, OverflowPolicy policy) {
        return AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySamples(capacity).overflowPolicy(policy)
                .backend(backend());
    }

    static Stream<Arguments> modes() {
        return Stream.of(Arguments.of(ProducerMode.MULTI, WaitStrategy.PARK),
                Arguments.of(ProducerMode.SINGLE, WaitStrategy.PARK),
                Arguments.of(ProducerMode.SINGLE, WaitStrategy.YIELD),
                Arguments.of(ProducerMode.SINGLE, WaitStrategy.SPIN));
    }

    @ParameterizedTest(name = "{0} producer, {1}")
    @MethodSource("modes")
    void producerAndConsumerStreamTenMillionSamplesOnceAndInOrder(ProducerMode mode, WaitStrategy strategy)
            throws Exception {
        final long total = 10_000_000;
        try (AudioRingBuffer b = builder(16_000, OverflowPolicy.BLOCK).producers(mode).waitStrategy(strategy).build();
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            Future<?> producer = pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(1);
                float[] block = new float[2048];
                long position = 0;
                while (position < total) {
                    int n = (int) Math.min(total - position, 1 + random.nextInt(block.length));
                    float[] src = n == block.length ? block : new float[n];
                    for (int i = 0; i < n; i++) {
                        src[i] = value(position + i);
                    }
                    b.write(src, true, Duration.ofSeconds(30));
                    position += n;
                }
            });
            Future<Long> consumer = pool.submit(() -> {
                SplittableRandom random = new SplittableRandom(2);
                ChunkView view = b.newChunkView();
                long position = 0;
                while (position < total) {
                    int chunk = (int) Math.min(total - position, 1 + random.nextInt(1024));
                    int overlap = (int) Math.min(total - position - chunk, random.nextInt(512));
                    boolean got;
                    if (random.nextInt(4) == 0) {
                        Optional<AudioChunk> c = b.awaitChunk(chunk, overlap, Duration.ofSeconds(30));
                        got = c.isPresent();
                        if (got) {
                            check(c.get(), position);
                        }
                    } else {
                        got = b.tryGetChunkWithOverlap(chunk, overlap, view);
                        if (got) {
                            check(view, position);
                        } else {
                            Thread.onSpinWait();
                        }
                    }
                    if (got) {
                        b.advanceReadPosition(chunk);
                        position += chunk;
                    }
                }
                return position;
            });
            producer.get(100, TimeUnit.SECONDS);
            assertThat(consumer.get(100, TimeUnit.SECONDS)).isEqualTo(total);
            assertThat(b.getBufferStatus().totalWritten()).isEqualTo(total);
            assertThat(b.getBufferStatus().totalRead()).isEqualTo(total);
            assertThat(b.isEmpty()).isTrue();
            assertThat(b.checkIntegrity().issues()).isEmpty();
        }
    }

    private static void awaitAtLeast(AtomicInteger counter, int count, String what) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (counter.get() < count) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError(what + ": " + counter.get() + " after 30 s, expected " + count);
            }
            Thread.sleep(1);
        }
    }

    private static void check(AudioChunk c, long expectedStart) {
        if (c.startPosition() != expectedStart) {
            throw new AssertionError("chunk starts at " + c.startPosition() + ", expected " + expectedStart);
        }
        for (int i = 0; i < c.length(); i++) {
            float v = c.get(i);
            if (v != value(expectedStart + i)) {
                throw new AssertionError("sample at " + (expectedStart + i) + " was " + v + ", expected "
                        + value(expectedStart + i));
            }
        }
    }

    @Test
    void blocksOfTwoProducersStayWhole() throws Exception {
        final int blocksEach = 20_000;
        final int[] sizes = {100, 37};
        try (AudioRingBuffer b = builder(4_000, OverflowPolicy.BLOCK).build();
             ExecutorService pool = Executors.newFixedThreadPool(3)) {
            Future<?>[] producers = new Future<?>[2];
            for (int p = 0; p < 2; p++) {
                final int id = p;
                producers[p] = pool.submit(() -> {
                    float[] block = new float[sizes[id]];
                    for (int k = 0; k < blocksEach; k++) {
                        for (int i = 0; i < block.length; i++) {
                            // producer, block number and offset, all exact in a float
                            block[i] = id * 4_000_000f + k * 128f + i;
                        }
                        b.write(block, true, Duration.ofSeconds(30));
                    }
                });
            }
            Future<?> consumer = pool.submit(() -> {
                int[] nextBlock = new int[2];
                int current = -1;
                int offset = 0;
                long remaining = (long) blocksEach * (sizes[0] + sizes[1]);
                while (remaining > 0) {
                    Optional<AudioChunk> c = b.awaitChunk(1, 0, Duration.ofSeconds(30));
                    int n = Math.min(b.availableSamples(), 500);
                    AudioChunk chunk = b.getChunkWithOverlap(n, 0).orElseThrow();
                    assertThat(c).isPresent();
                    for (int i = 0; i < n; i++) {
                        float v = chunk.get(i);
                        int id = v >= 4_000_000f ? 1 : 0;
                        int rest = (int) (v - id * 4_000_000f);
                        int k = rest / 128;
                        int at = rest % 128;
                        if (current == -1) {
                            if (at != 0 || k != nextBlock[id]) {
                                throw new AssertionError("block start expected, got producer " + id + " block " + k
                                        + " offset " + at);
                            }
                            current = id;
                            offset = 0;
                        } else if (id != current || k != nextBlock[id] || at != offset) {
                            throw new AssertionError("block of producer " + current + " interleaved with producer "
                                    + id + " block " + k + " offset " + at);
                        }
                        offset++;
                        if (offset == sizes[current]) {
                            nextBlock[current]++;
                            current = -1;
                        }
                    }
                    b.advanceReadPosition(n);
                    remaining -= n;
                }
                assertThat(nextBlock).containsExactly(blocksEach, blocksEach);
            });
            for (Future<?> p : producers) {
                p.get(100, TimeUnit.SECONDS);
            }
            consumer.get(100, TimeUnit.SECONDS);
        }
    }

    @Test
    void overwriteNeverHandsAValidChunkWithOverwrittenSamples() throws Exception {
        try (AudioRingBuffer b = builder(2_000, OverflowPolicy.OVERWRITE).build()) {
            AtomicBoolean stop = new AtomicBoolean();
            CompletableFuture<Long> writer = CompletableFuture.supplyAsync(() -> {
                SplittableRandom random = new SplittableRandom(3);
                long position = 0;
                while (!stop.get()) {
                    int n = 1 + random.nextInt(300);
                    float[] block = new float[n];
                    for (int i = 0; i < n; i++) {
                        block[i] = value(position + i);
                    }
                    b.write(block);
                    position += n;
                }
                return position;
            });
            SplittableRandom random = new SplittableRandom(4);
            long valid = 0;
            long invalid = 0;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(2);
            float[] copy = new float[2_000];
            while (System.nanoTime() < deadline) {
                int chunk = 1 + random.nextInt(800);
                int overlap = random.nextInt(800);
                Optional<AudioChunk> c = b.getChunkWithOverlap(chunk, overlap);
                if (c.isEmpty()) {
                    continue;
                }
                AudioChunk held = c.get();
                for (int spin = random.nextInt(2_000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
                held.copyTo(copy, 0);
                if (held.isValid()) {
                    valid++;
                    for (int i = 0; i < held.length(); i++) {
                        if (copy[i] != value(held.startPosition() + i)) {
                            throw new AssertionError("chunk at " + held.startPosition() + " said valid but sample "
                                    + i + " was overwritten");
                        }
                    }
                } else {
                    invalid++;
                }
                int advance = Math.min(chunk, b.availableSamples());
                b.advanceReadPosition(advance);
            }
            stop.set(true);
            writer.get(10, TimeUnit.SECONDS);
            assertThat(valid).as("valid chunks checked").isPositive();
            assertThat(b.getBufferStatus().droppedSamples()).as("the writer lapped the reader").isPositive();
            assertThat(invalid + valid).isPositive();
            assertThat(b.checkIntegrity().issues()).isEmpty();
        }
    }

    /**
     * Lost wake-ups would hang here: each round parks a reader (no timeout) and then writes the
     * one block it waits for, after a random delay that lands the write before, during and after
     * the reader's registration; then the same for a writer waiting for room.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    void noWakeUpIsLost(WaitStrategy strategy) throws Exception {
        SplittableRandom random = new SplittableRandom(5);
        try (AudioRingBuffer b = builder(1_000, OverflowPolicy.BLOCK).waitStrategy(strategy).build();
             ExecutorService pool = Executors.newSingleThreadExecutor()) {
            float[] block = new float[100];
            for (int round = 0; round < 2_000; round++) {
                Future<Optional<AudioChunk>> reader = pool.submit(() -> b.awaitChunk(100, 0, null));
                for (int spin = random.nextInt(3_000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
                b.write(block);
                assertThat(reader.get(10, TimeUnit.SECONDS)).as("round %d", round).isPresent();
                b.advanceReadPosition(100);
            }
            b.write(new float[1_000]);
            for (int round = 0; round < 2_000; round++) {
                Future<Boolean> writer = pool.submit(() -> b.write(block));
                for (int spin = random.nextInt(3_000); spin > 0; spin--) {
                    Thread.onSpinWait();
                }
                b.advanceReadPosition(100);
                assertThat(writer.get(10, TimeUnit.SECONDS)).as("round %d", round).isTrue();
            }
        }
    }

    /**
     * A waiting reader tests for data, and a monitor reads status, metrics and a held chunk's
     * validity, again and again while resize frees storage: none may read freed memory, which
     * fails with "already closed" and, on native memory, may set the reading thread's interrupt
     * flag (the wait would then end as interrupted).
     */
    @Test
    void waitersAndMonitorsOutlastResizesThatFreeTheirStorage() throws Exception {
        try (AudioRingBuffer b = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySeconds(1)
                .waitStrategy(WaitStrategy.SPIN).backend(backend()).build();
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            b.write(new float[160]);
            AudioReader monitored = b.newReader("monitored");
            ChunkView held = monitored.newChunkView();
            assertThat(monitored.tryGetChunkWithOverlap(80, 0, held)).isTrue();
            AtomicBoolean stop = new AtomicBoolean();
            AtomicInteger waits = new AtomicInteger();
            AtomicInteger looks = new AtomicInteger();
            Future<?> reader = pool.submit(() -> {
                while (!stop.get()) {
                    assertThat(b.awaitChunk(512, 0, Duration.ofMillis(2))).isEmpty();
                    waits.incrementAndGet();
                }
                return null;
            });
            Future<?> monitor = pool.submit(() -> {
                while (!stop.get()) {
                    assertThat(b.getBufferStatus().availableSamples()).isEqualTo(160);
                    assertThat(b.metrics().samplesWritten()).isEqualTo(160);
                    held.isValid();
                    assertThat(Thread.currentThread().isInterrupted()).as("interrupt flag after %d looks", looks.get())
                            .isFalse();
                    looks.incrementAndGet();
                }
                return null;
            });
            // Resizing goes on until both threads have been at work beside it: on a fast machine
            // 400 resizes can end before a pool thread has started.
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
            for (int i = 0; (i < 400 || waits.get() < OVERLAP || looks.get() < OVERLAP)
                    && !reader.isDone() && !monitor.isDone() && System.nanoTime() < deadline; i++) {
                assertThat(b.resize(1 + i % 2)).isTrue();
            }
            stop.set(true);
            reader.get(30, TimeUnit.SECONDS);
            monitor.get(30, TimeUnit.SECONDS);
            assertThat(waits.get()).as("waits while resizing").isGreaterThanOrEqualTo(OVERLAP);
            assertThat(looks.get()).as("looks while resizing").isGreaterThanOrEqualTo(OVERLAP);
            assertThat(b.availableSamples()).isEqualTo(160);
        }
    }

    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    void everyStrategyWakesOnCloseAndInterrupt(WaitStrategy strategy) throws Exception {
        AudioRingBuffer b = builder(1_000, OverflowPolicy.BLOCK).waitStrategy(strategy).build();
        b.write(new float[1_000]);
        CompletableFuture<Boolean> writer = CompletableFuture.supplyAsync(() -> b.write(new float[10]));
        Thread.sleep(50);
        assertThat(writer.isDone()).isFalse();
        b.advanceReadPosition(1_000);
        assertThat(writer.get(10, TimeUnit.SECONDS)).isTrue();
        b.advanceReadPosition(10);
        CompletableFuture<Optional<AudioChunk>> reader = CompletableFuture.supplyAsync(() -> b.awaitChunk(100, 0, null));
        Thread.sleep(50);
        assertThat(reader.isDone()).isFalse();
        b.close();
        assertThatThrownBy(() -> reader.get(10, TimeUnit.SECONDS)).isInstanceOf(ExecutionException.class)
                .cause().isInstanceOf(BufferClosedException.class);

        try (AudioRingBuffer c = builder(1_000, OverflowPolicy.BLOCK).waitStrategy(strategy).build()) {
            CountDownLatch started = new CountDownLatch(1);
            CompletableFuture<Throwable> waiting = CompletableFuture.supplyAsync(() -> {
                started.countDown();
                try {
                    c.awaitChunk(10, 0, Duration.ofSeconds(30));
                    return null;
                } catch (Throwable t) {
                    return Thread.currentThread().isInterrupted() ? t : new AssertionError("flag not set", t);
                }
            }, runnable -> {
                Thread t = new Thread(runnable);
                t.start();
                new Thread(() -> {
                    try {
                        started.await();
                        Thread.sleep(50);
                        t.interrupt();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                }).start();
            });
            assertThat(waiting.get(10, TimeUnit.SECONDS)).isInstanceOf(BufferInterruptedException.class);
        }
    }

    @ParameterizedTest
    @EnumSource(WaitStrategy.class)
    void aMultiProducerWriterWaitsItsTurnAndCountsTheWait(WaitStrategy strategy) throws Exception {
        try (AudioRingBuffer b = builder(4_000, OverflowPolicy.BLOCK).waitStrategy(strategy).build()) {
            b.write(AudioRingBufferContract.ramp(0, 100));
            assertThat(b.metrics().contentionCount()).as("an uncontended write does not wait").isZero();
            CompletableFuture<Boolean> second = new CompletableFuture<>();
            Internals.whileAnotherThreadHolds("writer-A", body -> Internals.occupyWriteSide(b, body), () -> {
                Thread t = new Thread(() -> {
                    try {
                        second.complete(b.write(AudioRingBufferContract.ramp(100, 100)));
                    } catch (Throwable e) {
                        second.completeExceptionally(e);
                    }
                }, "writer-B");
                t.start();
                Thread.sleep(50);
                assertThat(second.isDone()).as("writer-B waits while writer-A is inside").isFalse();
                assertThat(b.getBufferStatus().totalWritten()).isEqualTo(100);
            });
            assertThat(second.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(b.metrics().contentionCount()).isEqualTo(1);
            AudioRingBufferContract.assertRamp(b.getChunkWithOverlap(200, 0).orElseThrow(), 0);
        }
    }

    @Test
    void aWriterWaitingItsTurnCanBeInterruptedAndWritesNothing() throws Exception {
        try (AudioRingBuffer b = builder(4_000, OverflowPolicy.BLOCK).build()) {
            CompletableFuture<Throwable> second = new CompletableFuture<>();
            Internals.whileAnotherThreadHolds("writer-A", body -> Internals.occupyWriteSide(b, body), () -> {
                Thread t = new Thread(() -> {
                    try {
                        b.write(new float[100]);
                        second.complete(null);
                    } catch (Throwable e) {
                        second.complete(Thread.currentThread().isInterrupted() ? e : new AssertionError("flag not set", e));
                    }
                }, "writer-B");
                t.start();
                Thread.sleep(50);
                t.interrupt();
                assertThat(second.get(10, TimeUnit.SECONDS)).isInstanceOf(BufferInterruptedException.class)
                        .hasMessageContaining("waiting for another writer");
            });
            assertThat(b.getBufferStatus().totalWritten()).isZero();
            assertThat(b.write(new float[100])).isTrue();
        }
    }

    /**
     * A single producer's write side is never signalled: a management call that finds it held
     * polls. It must wait as long as a claim is open, then go on, keeping the committed samples.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    void aManagementCallWaitsOutASingleProducersClaimAndGoesOnWhenItCommits(WaitStrategy strategy) throws Exception {
        try (AudioRingBuffer b = builder(4_000, OverflowPolicy.BLOCK).producers(ProducerMode.SINGLE)
                .waitStrategy(strategy).build();
             ExecutorService pool = Executors.newFixedThreadPool(2)) {
            CountDownLatch claimed = new CountDownLatch(1);
            CountDownLatch commit = new CountDownLatch(1);
            Future<?> writer = pool.submit(() -> {
                try (var claim = b.claim(160, true, null)) {
                    claim.segment().fill((byte) 0);
                    claimed.countDown();
                    commit.await();
                    claim.commit();
                }
                return null;
            });
            assertThat(claimed.await(10, TimeUnit.SECONDS)).isTrue();
            Future<Boolean> resize = pool.submit(() -> b.resize(2));
            Thread.sleep(50);
            assertThat(resize.isDone()).as("resize finished while a claim held the write side").isFalse();
            assertThat(b.capacity()).isEqualTo(4_000);
            commit.countDown();
            writer.get(10, TimeUnit.SECONDS);
            assertThat(resize.get(10, TimeUnit.SECONDS)).isTrue();
            assertThat(b.capacity()).isEqualTo(32_000);
            assertThat(b.availableSamples()).isEqualTo(160);
        }
    }

    /**
     * A single producer and a consumer stream in order while another thread keeps making
     * management calls that hold the write side (recover, adding and closing a reader) and
     * reads status: the producer waits each one out by polling, and no sample is lost, doubled
     * or torn. (Not resize: it frees the storage that the consumer's chunks view.)
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(WaitStrategy.class)
    void aSingleProducerStreamsInOrderThroughManagementCalls(WaitStrategy strategy) throws Exception {
        try (AudioRingBuffer b = builder(16_000, OverflowPolicy.BLOCK).producers(ProducerMode.SINGLE)
                .waitStrategy(strategy).build()) {
            streamBeside(b, 1_920_000, "management calls", () -> {
                assertThat(b.recover().recovered()).isFalse();
                b.newReader("passer-by", AudioReader.Start.NEWEST).close();
                assertThat(b.getBufferStatus().availableSamples()).isBetween(0, b.capacity());
            });
        }
    }

    /**
     * Integrity checks made while a writer and a reader stream find nothing wrong: the totals
     * they compare with the positions (samples written against the write position, samples
     * read against the read position) belong to the same moment, not to either side of a
     * publication in flight.
     */
    @ParameterizedTest(name = "{0}")
    @EnumSource(ProducerMode.class)
    void integrityChecksDuringStreamingFindNothingWrong(ProducerMode producers) throws Exception {
        try (AudioRingBuffer b = builder(16_000, OverflowPolicy.BLOCK).producers(producers)
                .waitStrategy(WaitStrategy.YIELD).build()) {
            streamBeside(b, 1_440_000, "integrity checks",
                    () -> assertThat(b.checkIntegrity().issues()).isEmpty());
        }
    }

    /**
     * Streams {@code total} samples (a multiple of 960) through {@code b} (160-sample writes,
     * 480-sample chunks, every sample checked) while a third thread makes {@code call} again and again. Halfway,
     * the stream waits until the call has been made {@link #OVERLAP} times: on a fast machine
     * the whole stream could otherwise end before the third thread made one.
     */
    private static void streamBeside(AudioRingBuffer b, long total, String what, Runnable call) throws Exception {
        try (ExecutorService pool = Executors.newFixedThreadPool(3)) {
            AtomicBoolean done = new AtomicBoolean();
            AtomicInteger calls = new AtomicInteger();
            Future<?> producer = pool.submit(() -> {
                float[] block = new float[160];
                for (long position = 0; position < total; position += block.length) {
                    if (position == total / 2) {
                        awaitAtLeast(calls, OVERLAP, what + " halfway through the stream");
                    }
                    for (int i = 0; i < block.length; i++) {
                        block[i] = value(position + i);
                    }
                    b.write(block, true, Duration.ofSeconds(30));
                }
                return null;
            });
            Future<Long> consumer = pool.submit(() -> {
                long position = 0;
                while (position < total) {
                    Optional<AudioChunk> c = b.awaitChunk(480, 0, Duration.ofSeconds(30));
                    check(c.orElseThrow(), position);
                    b.advanceReadPosition(480);
                    position += 480;
                }
                return position;
            });
            Future<?> side = pool.submit(() -> {
                while (!done.get()) {
                    call.run();
                    calls.incrementAndGet();
                }
                return null;
            });
            long read;
            try {
                read = consumer.get(100, TimeUnit.SECONDS);
                producer.get(100, TimeUnit.SECONDS);
            } finally {
                done.set(true);
            }
            side.get(30, TimeUnit.SECONDS);
            assertThat(calls.get()).as(what).isGreaterThanOrEqualTo(OVERLAP);
            assertThat(read).isEqualTo(total);
            assertThat(b.getBufferStatus().totalWritten()).isEqualTo(total);
            assertThat(b.checkIntegrity().issues()).isEmpty();
        }
    }

    @Test
    void aSecondSingleProducerIsRefusedAndWritesNothing() throws Exception {
        try (AudioRingBuffer b = builder(4_000, OverflowPolicy.BLOCK).producers(ProducerMode.SINGLE).build()) {
            Internals.whileAnotherThreadHolds("writer-A", body -> Internals.occupyWriteSide(b, body), () ->
                    assertThatThrownBy(() -> b.write(new float[10])).isInstanceOf(ThreadSafetyViolationException.class)
                            .hasMessageContaining("writer-A").hasMessageContaining("ProducerMode.SINGLE"));
            assertThat(b.availableSamples()).isZero();
            assertThat(b.write(new float[10])).isTrue();
        }
    }
}
