package io.cascade.buffer;

import io.cascade.buffer.engine.BufferEvents;
import io.cascade.buffer.engine.ControlBlock;
import io.cascade.buffer.engine.Deadline;
import io.cascade.buffer.engine.Frames;
import io.cascade.buffer.engine.ReadCursor;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * One consumer's cursor into an {@link AudioRingBuffer}: the read side of the buffer's contract
 * ({@link #getChunkWithOverlap(int, int)}, {@link #getChunkWithSmartOverlap(int, int)},
 * {@link #awaitChunk(int, int, Duration)}, {@link #readBatch(int, int, int)},
 * {@link #advanceReadPosition(int)}, {@link #availableSamples()}) at this reader's own pace.
 * Every sample written is seen by every open reader, in order.
 *
 * <pre>{@code
 * try (AudioRingBuffer mic = AudioRingBuffer.create(AudioConfig.mono(16_000), 2);
 *      AudioReader asr = mic.newReader("asr");
 *      AudioReader recorder = mic.newReader("recorder")) {
 *     // producer: mic.write(block) ...
 *     // VAD reads through the buffer's own calls (its default reader):
 *     mic.getChunkWithOverlap(512, 256).ifPresent(c -> { vad(c.data()); mic.advanceReadPosition(512); });
 *     // ASR and the recorder read the same samples at their own pace:
 *     asr.awaitChunk(8_000, 1_600, Duration.ofSeconds(1)).ifPresent(c -> { asr(c.data()); asr.advanceReadPosition(8_000); });
 *     recorder.getChunkWithOverlap(1_600, 0).ifPresent(c -> { save(c.toArray()); recorder.advanceReadPosition(1_600); });
 * }
 * }</pre>
 *
 * <p>The overflow policy acts on the slowest open reader: {@link OverflowPolicy#BLOCK} writes
 * wait for it, {@link OverflowPolicy#REJECT} refuses, {@link OverflowPolicy#OVERWRITE} laps it
 * (its held chunks report {@code isValid() == false}, its cursor jumps to the oldest sample still
 * there, and its {@link ReaderStatus#laps()} and dropped samples count it). A reader that is
 * closed no longer holds the writer back.
 *
 * <p>Like the buffer's read side, a reader is for one thread at a time: it takes no lock, and a
 * second thread entering it while one is inside gets {@link ThreadSafetyViolationException}.
 * Different readers may be used from different threads at once. Its position and counters lie on
 * cache lines of their own; the writer reads the positions of all open readers without a lock.
 */
public final class AudioReader implements ChunkReader, AutoCloseable {

    /** Where a new reader's cursor starts. */
    public enum Start {
        /** At the oldest sample that an open reader has not consumed yet (or the newest, with none open). */
        OLDEST_UNREAD,
        /** At the write position: the reader sees only samples written after it was made. */
        NEWEST
    }

    private final AudioRingBuffer buffer;
    private final String name;
    /** The buffer's stream, kept here: every take and advance checks sizes against it. */
    private final AudioConfig config;
    /** The position, counters and steady-path calls; this class checks arguments and waits. */
    private final ReadCursor cursor;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    AudioReader(AudioRingBuffer buffer, String name, ControlBlock ownBlock, String refusal) {
        this.buffer = buffer;
        this.name = name;
        this.config = buffer.config();
        this.cursor = new ReadCursor(buffer.current(), buffer.settings(), name, ownBlock, refusal, buffer.isShared());
    }

    /** {@return this reader's name, as given to {@link AudioRingBuffer#newReader(String)}} */
    public String name() {
        return name;
    }

    /** {@return the buffer this reader reads} */
    public AudioRingBuffer buffer() {
        return buffer;
    }

    /** {@return whether this reader, or its buffer, is closed} */
    public boolean isClosed() {
        return cursor.isClosed() || buffer.isClosed();
    }

    /** {@return the cursor behind this reader, for the buffer's management and figures} */
    ReadCursor cursor() {
        return cursor;
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    @Override
    public ChunkView newChunkView() {
        return new ChunkView(this);
    }

    @Override
    public Optional<AudioChunk> getChunkWithOverlap(int chunkSize, int overlapSize) {
        ChunkView view = new ChunkView(this);
        return tryGetChunkWithOverlap(chunkSize, overlapSize, view) ? Optional.of(view) : Optional.empty();
    }

    @Override
    public boolean tryGetChunkWithOverlap(int chunkSize, int overlapSize, ChunkView view) {
        return tryTake("getChunkWithOverlap", chunkSize, overlapSize, false, false, view);
    }

    @Override
    public AudioChunk takeChunk(int chunkSize, int overlapSize) {
        ChunkView view = new ChunkView(this);
        tryTake("takeChunk", chunkSize, overlapSize, false, true, view);
        return view;
    }

    @Override
    public Optional<AudioChunk> getChunkWithSmartOverlap(int chunkSize, int requestedOverlap) {
        ChunkView view = new ChunkView(this);
        return tryGetChunkWithSmartOverlap(chunkSize, requestedOverlap, view) ? Optional.of(view) : Optional.empty();
    }

    @Override
    public boolean tryGetChunkWithSmartOverlap(int chunkSize, int requestedOverlap, ChunkView view) {
        return tryTake("getChunkWithSmartOverlap", chunkSize, requestedOverlap, true, false, view);
    }

    private boolean tryTake(String call, int chunkSize, int overlapSize, boolean shrink, boolean strict,
                            ChunkView view) {
        checkWindow(chunkSize, overlapSize);
        checkView(view);
        return cursor.tryTake(call, chunkSize, overlapSize, shrink, strict, view.window());
    }

    @Override
    public Optional<AudioChunk> awaitChunk(int chunkSize, int overlapSize, Duration timeout) {
        ChunkView view = new ChunkView(this);
        return awaitChunk(chunkSize, overlapSize, timeout, view) ? Optional.of(view) : Optional.empty();
    }

    @Override
    public boolean awaitChunk(int chunkSize, int overlapSize, Duration timeout, ChunkView view) {
        long timeoutNanos = Deadline.timeoutNanos(timeout);
        if (tryGetChunkWithOverlap(chunkSize, overlapSize, view)) {
            return true;
        }
        long deadline = Deadline.of(timeoutNanos);
        long need = (long) chunkSize + overlapSize;
        long waitStart = 0;
        try {
            for (;;) {
                if (Deadline.expired(timeoutNanos, deadline)) {
                    if (waitStart != 0) {
                        BufferEvents.starved(buffer.name(), need, isClosed() ? 0 : availableSamples());
                    }
                    return false;
                }
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                try {
                    buffer.settings().data().await(buffer.waitStrategy(), () -> cursor.dataFor(need), deadline,
                            cursor.tailNeeded(need));
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BufferInterruptedException("awaitChunk interrupted while waiting for " + need
                            + " samples; nothing was consumed", e);
                }
                if (tryGetChunkWithOverlap(chunkSize, overlapSize, view)) {
                    return true;
                }
            }
        } finally {
            if (waitStart != 0) {
                cursor.recordWait(System.nanoTime() - waitStart);
            }
        }
    }

    @Override
    public List<AudioChunk> readBatch(int chunkSize, int overlapSize, int maxChunks) {
        checkWindow(chunkSize, overlapSize);
        if (maxChunks < 0) {
            throw new IllegalArgumentException("maxChunks must be >= 0, was " + maxChunks);
        }
        List<AudioChunk> chunks = new ArrayList<>();
        cursor.takeBatch(chunkSize, overlapSize, maxChunks, () -> {
            ChunkView view = new ChunkView(this);
            chunks.add(view);
            return view.window();
        });
        return chunks;
    }

    @Override
    public void advanceReadPosition(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("advance must be >= 0, was " + samples);
        }
        Frames.require(config, "advance", samples);
        cursor.advance(samples);
    }

    @Override
    public int availableSamples() {
        return status().lagSamples();
    }

    /** {@return this reader's position, lag, laps and counters; after close, the figures at close} */
    public ReaderStatus status() {
        return buffer.readerStatus(this);
    }

    /**
     * Stops this reader: it no longer holds the writer back, and every later read call on it
     * throws {@link BufferClosedException}. Idempotent; waits for a call inside this reader to
     * return. Closing the default reader ({@link AudioRingBuffer#defaultReader()}) makes the
     * buffer's own read calls throw, for pipelines that read only through added readers.
     */
    @Override
    public void close() {
        buffer.closeReader(this);
    }

    /** Runs {@code listener} once this reader is closed by {@link #close()} (not when its buffer closes). */
    void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (cursor.isClosed() && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    void runCloseListeners() {
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
    }

    // ------------------------------------------------------------------------------------------
    // Argument checks

    private void checkWindow(int chunkSize, int overlapSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
        }
        if (overlapSize < 0) {
            throw new IllegalArgumentException("overlapSize must be >= 0, was " + overlapSize);
        }
        Frames.require(config, "chunkSize", chunkSize);
        Frames.require(config, "overlapSize", overlapSize);
        // The cursor checks the window against the capacity of the ring it holds.
    }

    private void checkView(ChunkView view) {
        Objects.requireNonNull(view, "view");
        if (view.owner() != this) {
            throw new IllegalArgumentException("the ChunkView belongs to another buffer or reader; make one with "
                    + "newChunkView() of the reader that takes the chunk");
        }
    }

    @Override
    public String toString() {
        return "AudioReader[" + name + " of " + buffer.name() + (isClosed() ? ", closed" : "") + "]";
    }
}
