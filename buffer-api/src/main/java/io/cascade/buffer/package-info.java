/**
 * Cascade Buffer's API: {@link io.cascade.buffer.AudioRingBuffer}, a ring of float32 audio samples
 * between a producer and consumers that read overlapped chunks, and what comes with it (readers,
 * chunks, claims, status and metrics, exceptions). This page is the guide to how the pieces behave
 * together; each type's page says what its calls do.
 *
 * <h2>Threads</h2>
 * With the default {@link ProducerMode#MULTI} any number of threads may write; each write appends
 * its whole block or nothing, and blocks of different threads never interleave: a writer enters the
 * write side with one compare-and-set of its owner, and a writer that finds another inside waits
 * its turn (as the {@link WaitStrategy} says). With {@link ProducerMode#SINGLE} a second thread
 * entering the write side gets {@link ThreadSafetyViolationException} instead. The read side
 * (taking chunks, {@link AudioRingBuffer#advanceReadPosition(int)}) is for one consumer at a time:
 * it takes no lock, and a thread that enters it while another thread is in it gets
 * {@link ThreadSafetyViolationException} rather than a corrupted read position. Management calls
 * ({@link AudioRingBuffer#clear()}, {@link AudioRingBuffer#resize(int)},
 * {@link AudioRingBuffer#close()}) may come from any thread; they wait for the writer and the
 * readers to leave their current call. Blocking calls wait as the {@link WaitStrategy} says (by
 * default a short spin, then parking) and wake on room, data, close, timeout and interrupt.
 *
 * <h2>Several consumers: {@link AudioRingBuffer#newReader(String)}</h2>
 * The buffer's own read calls are those of its default reader. Each further consumer (a recorder
 * and ASR beside VAD, say) gets an {@link AudioReader} with its own cursor; every open reader sees
 * every sample in order, and the overflow policy acts on the slowest of them:
 * <pre>{@code
 * try (AudioReader asr = buf.newReader("asr")) {          // starts at the oldest unread sample
 *     asr.awaitChunk(8_000, 1_600, Duration.ofSeconds(1))
 *        .ifPresent(c -> { transcribe(c.data()); asr.advanceReadPosition(8_000); });
 * }                                                        // closed: no longer holds writers back
 * }</pre>
 *
 * <h2>Writing in place: {@link AudioRingBuffer#claim(int, boolean, java.time.Duration)}</h2>
 * A producer that decodes or captures straight into the ring claims room, fills the claim's segment
 * and commits it; no intermediate array:
 * <pre>{@code
 * try (WriteClaim c = buf.claim(160, true, null)) {        // waits for room like write
 *     MemorySegment.copy(captured, 0, c.segment(), 0, 160L * Float.BYTES);   // or a native call
 *     c.commit();                                          // published; not committed: aborted
 * }
 * }</pre>
 *
 * <h2>Steady path</h2>
 * {@link AudioRingBuffer#write(float[], boolean, java.time.Duration)} with room,
 * {@link AudioRingBuffer#tryGetChunkWithOverlap(int, int, ChunkView)} and
 * {@link AudioRingBuffer#advanceReadPosition(int)} allocate nothing, and so do the same calls on an
 * {@link AudioReader}, and so do {@link AudioRingBuffer#claim(int, boolean, java.time.Duration)}
 * and its commit. The {@code Optional} and {@code List} forms allocate one chunk object per chunk.
 *
 * <h2>Zero copy</h2>
 * A chunk that lies in one piece of storage is a view of it ({@link AudioChunk#isContinuous()}). On
 * non-mirrored storage a chunk that crosses the end of storage is copied into scratch memory owned
 * by the buffer, and taking the same chunk again reuses that copy. On mirrored storage (ffm on
 * Linux) no chunk is ever copied.
 *
 * <h2>Across processes: {@code Builder.sharedFile}, {@code attach}</h2>
 * A buffer can live in a file (under {@code /dev/shm}, say) that one writer process and one reader
 * process map: {@link AudioRingBuffer.Builder#sharedFile(java.nio.file.Path, SharedRole)} creates
 * it, {@link AudioRingBuffer#attach(java.nio.file.Path, SharedRole)} opens it;
 * {@code cascade_ring.h} gives a C process the same layout. Each process takes its role when it
 * opens the file; the other side's calls are refused in it. The file fixes capacity and policy, so
 * {@link AudioRingBuffer#clear()}, {@link AudioRingBuffer#resize(int)} and
 * {@link AudioRingBuffer#recover()} are refused, and waits poll (every
 * {@value AudioRingBuffer#SHARED_POLL_MICROS} us), since a process cannot wake a thread of another.
 * Readers added with {@link AudioRingBuffer#newReader(String)} live in the writer's process, where
 * the writer sees them.
 * <pre>{@code
 * // capture process                                   // inference process
 * AudioRingBuffer out = AudioRingBuffer                AudioRingBuffer in = AudioRingBuffer.attach(
 *     .builder(AudioConfig.mono(16_000))                   Path.of("/dev/shm/mic"), SharedRole.READER);
 *     .capacitySeconds(2)                              in.awaitChunk(512, 256, Duration.ofSeconds(1))
 *     .sharedFile(Path.of("/dev/shm/mic"), SharedRole.WRITER)    .ifPresent(c -> { vad(c.data());
 *     .build();                                                       in.advanceReadPosition(512); });
 * out.write(block);
 * }</pre>
 */
package io.cascade.buffer;
