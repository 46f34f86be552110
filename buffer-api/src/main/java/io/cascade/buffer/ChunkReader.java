package io.cascade.buffer;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * The read side of a buffer: what a consumer of overlapped chunks needs. An
 * {@link AudioRingBuffer} is one (its own calls read through its default reader), and so is
 * each {@link AudioReader} made by {@link AudioRingBuffer#newReader(String)}, so that a stage
 * can be written once and handed either.
 *
 * <pre>{@code
 * static void vad(ChunkReader in, ChunkView view) {          // the buffer, or buf.newReader("vad")
 *     while (in.tryGetChunkWithOverlap(512, 256, view)) {     // allocation-free steady path
 *         detect(view.segment(), view.byteOffset(), view.length());
 *         in.advanceReadPosition(512);
 *     }
 * }
 * }</pre>
 *
 * <p>A reader is for one thread at a time: it takes no lock, and a second thread entering it
 * while one is inside gets {@link ThreadSafetyViolationException}. All sizes are in samples and
 * must be whole frames.
 */
public interface ChunkReader {

    /**
     * A reusable chunk for the allocation-free read methods.
     *
     * @return a new, empty view owned by this reader
     */
    ChunkView newChunkView();

    /**
     * The chunk of {@code chunkSize + overlapSize} samples at the read position, without
     * advancing; empty when fewer samples are available.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @return the chunk, or empty
     * @throws IllegalArgumentException       if a size is bad or {@code chunkSize + overlapSize > capacity()}
     * @throws ThreadSafetyViolationException if another thread is in this reader
     * @throws BufferClosedException          if the buffer or this reader is closed
     */
    Optional<AudioChunk> getChunkWithOverlap(int chunkSize, int overlapSize);

    /**
     * The allocation-free form of {@link #getChunkWithOverlap(int, int)}: fills {@code view} in
     * place and says whether there was a chunk. On {@code false} the view is unchanged.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param view        a view made by {@link #newChunkView()} of this reader
     * @return whether {@code view} now holds the chunk
     */
    boolean tryGetChunkWithOverlap(int chunkSize, int overlapSize, ChunkView view);

    /**
     * The strict non-blocking form of {@link #getChunkWithOverlap(int, int)}: the chunk, or an
     * exception that says why there is none. Changes nothing when it throws.
     *
     * <pre>{@code
     * try {
     *     AudioChunk c = reader.takeChunk(512, 256);
     *     vad(c.data());
     *     reader.advanceReadPosition(512);
     * } catch (InsufficientDataException notYet) {                // BufferEmptyException: none at all
     *     log(notYet.available() + " of " + notYet.required());
     * }
     * }</pre>
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @return the chunk
     * @throws BufferEmptyException      if no sample is unread
     * @throws InsufficientDataException if fewer than {@code chunkSize + overlapSize} are (counted
     *                                   in {@link BufferMetrics#insufficientDataErrors()})
     * @throws IllegalArgumentException  if a size is bad or {@code chunkSize + overlapSize > capacity()}
     * @throws BufferClosedException     if the buffer or this reader is closed
     */
    AudioChunk takeChunk(int chunkSize, int overlapSize);

    /**
     * Like {@link #getChunkWithOverlap(int, int)}, but when fewer than {@code chunkSize +
     * requestedOverlap} samples are there the overlap shrinks to what is available beyond the
     * chunk, in whole frames; empty only when fewer than {@code chunkSize} are there.
     *
     * @param chunkSize        samples in the main part, greater than zero, whole frames
     * @param requestedOverlap the overlap wanted, zero or more, whole frames
     * @return the chunk, whose {@link AudioChunk#overlapSize()} is the actual overlap, or empty
     */
    Optional<AudioChunk> getChunkWithSmartOverlap(int chunkSize, int requestedOverlap);

    /**
     * The allocation-free form of {@link #getChunkWithSmartOverlap(int, int)}.
     *
     * @param chunkSize        samples in the main part, greater than zero, whole frames
     * @param requestedOverlap the overlap wanted, zero or more, whole frames
     * @param view             a view made by {@link #newChunkView()} of this reader
     * @return whether {@code view} now holds a chunk
     */
    boolean tryGetChunkWithSmartOverlap(int chunkSize, int requestedOverlap, ChunkView view);

    /**
     * Waits until the chunk of {@code chunkSize + overlapSize} samples is there and returns it,
     * without advancing.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param timeout     longest wait, {@code null} for no limit
     * @return the chunk, or empty at the timeout
     * @throws BufferInterruptedException interrupted while waiting; nothing was consumed
     * @throws BufferClosedException      the buffer or reader is closed, or closed while waiting
     */
    Optional<AudioChunk> awaitChunk(int chunkSize, int overlapSize, Duration timeout);

    /**
     * The allocation-free form of {@link #awaitChunk(int, int, Duration)} for a consumer that
     * blocks on every chunk: waits, then fills {@code view} in place. Only a wait that parks
     * allocates (the condition it re-tests); a chunk already there costs what
     * {@link #tryGetChunkWithOverlap(int, int, ChunkView)} does.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param timeout     longest wait, {@code null} for no limit
     * @param view        a view made by {@link #newChunkView()} of this reader
     * @return whether {@code view} now holds the chunk; {@code false} at the timeout
     * @throws BufferInterruptedException interrupted while waiting; nothing was consumed
     * @throws BufferClosedException      the buffer or reader is closed, or closed while waiting
     */
    boolean awaitChunk(int chunkSize, int overlapSize, Duration timeout, ChunkView view);

    /**
     * Consecutive chunks from the read position, without advancing: chunk {@code i} starts
     * {@code i * chunkSize} samples after the read position, and each has the full overlap.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param maxChunks   most chunks to return, zero or more
     * @return as many chunks as are fully available, up to {@code maxChunks}
     */
    List<AudioChunk> readBatch(int chunkSize, int overlapSize, int maxChunks);

    /**
     * Consumes samples from the read position and wakes writers waiting for room.
     *
     * <p>Under {@link OverflowPolicy#OVERWRITE}, if the writer lapped this reader after its last
     * take (a held chunk then reports {@code isValid() == false}), the advance is absorbed: the
     * read position moves to the oldest sample still there, so that the next chunk starts there.
     *
     * @param samples samples to consume, zero or more, whole frames
     * @throws InsufficientDataException if more than the available samples
     */
    void advanceReadPosition(int samples);

    /** {@return unread samples at the read position; answers from any thread, and after close} */
    int availableSamples();
}
