package io.cascade.buffer;

import io.cascade.buffer.engine.Snapshot;
import io.cascade.buffer.engine.Exclusive;
import io.cascade.buffer.engine.Figures;
import io.cascade.buffer.engine.Management;
import io.cascade.buffer.engine.Readers;
import io.cascade.buffer.engine.BufferSettings;
import io.cascade.buffer.engine.CurrentRing;
import io.cascade.buffer.engine.Frames;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.SharedFile;
import io.cascade.buffer.engine.SideState;
import io.cascade.buffer.engine.Signal;
import io.cascade.buffer.engine.PublishedPosition;
import io.cascade.buffer.engine.Writer;
import io.cascade.buffer.spi.AudioBufferProvider;

import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.Consumer;

/**
 * A ring buffer of float32 audio samples between a producer (capture, a decoder, a native
 * callback) and a consumer that reads overlapped chunks (voice-activity detection, ASR, feature
 * extraction). All sizes are in samples; with interleaved multichannel audio every size must be
 * a whole number of frames.
 *
 * <pre>{@code
 * AudioConfig config = AudioConfig.mono(16_000);
 * try (AudioRingBuffer buf = AudioRingBuffer.create(config, 2)) {      // 2 s, BLOCK, best backend
 *     buf.write(samples);                                              // waits while full
 *     Optional<AudioChunk> c = buf.getChunkWithOverlap(512, 256);      // 512 + 256 samples
 *     if (c.isPresent()) {
 *         vad(c.get().data());                                         // zero-copy MemorySegment
 *         buf.advanceReadPosition(512);
 *     }
 * }
 * AudioRingBuffer ring = AudioRingBuffer.builder(config)
 *         .capacitySeconds(5).overflowPolicy(OverflowPolicy.OVERWRITE).backend("ffm").build();
 * }</pre>
 *
 * <p>How threads, readers, claims, the steady path, zero copy and shared files behave is in the
 * {@linkplain io.cascade.buffer package guide}.
 */
public final class AudioRingBuffer implements ChunkReader, AutoCloseable {

    /** One operation in this many is timed for the latency figures of {@link BufferMetrics}. */
    public static final int TIMING_SAMPLE_INTERVAL = SideState.TIMING_SAMPLE_INTERVAL;

    /** How often a wait on a shared-file buffer re-tests its condition, in microseconds. */
    public static final int SHARED_POLL_MICROS = 50;

    /** Name of the reader behind the buffer's own read calls. */
    public static final String DEFAULT_READER = "default";

    /** The stream, policy, wait strategy, name, timing and the two signals, fixed at build. */
    private final BufferSettings settings;
    private final ProducerMode producers;
    private final AudioBufferProvider provider;
    /** The file this buffer lives in, or {@code null} for a buffer of this process alone. */
    private final SharedFile shared;

    /** The ring now (replaced only by resize) and the closed flag, both changed with every side held. */
    private final CurrentRing current;

    /** Writes, the room for claims, and the write side. */
    private final Writer writer;
    /** The buffer's one claim object: a claim holds the write side, so at most one is open. */
    private final WriteClaim claim;

    /** The reader behind the buffer's own read calls; its figures live in the control block. */
    private final AudioReader defaultReader;
    /** The open readers (the writer's gate) and the sums of closed ones. */
    private final Readers<AudioReader> readers;
    /** Status, metrics, integrity and latency figures, and those kept at close. */
    private final Figures<AudioReader> figures;
    /** Adding and closing readers, clear, resize, recover, close. */
    private final Management<AudioReader> management;
    /**
     * A buffer over {@code ring}: a fresh one of this process, whose control block it
     * initialises, or the ring of a shared file, whose control block is already in use.
     */
    private AudioRingBuffer(AudioConfig config, OverflowPolicy policy, ProducerMode producers,
                            WaitStrategy waitStrategy, AudioBufferProvider provider, Ring ring, SharedFile shared,
                            String name, boolean timing) {
        this.producers = producers;
        this.provider = provider;
        this.current = new CurrentRing(ring, provider.name());
        this.shared = shared;
        // A process is not woken by another's signal, so the waiters of a shared file poll.
        long poll = TimeUnit.MICROSECONDS.toNanos(SHARED_POLL_MICROS);
        Signal space = shared == null ? new Signal() : new Signal(poll);
        Signal data = shared == null ? new Signal() : new Signal(poll);
        this.settings = new BufferSettings(config, policy, waitStrategy, name, timing, space, data,
                new PublishedPosition());
        if (shared == null) {
            ring.control.initialise();
        }
        boolean remoteWriter = shared != null && shared.role() == SharedRole.READER;
        boolean remoteReader = shared != null && shared.role() == SharedRole.WRITER;
        String writeRefusal = remoteWriter ? " on shared file " + shared.file() + ": this process is its reader; the "
                + "writer is the process in the file's writer role" : null;
        this.defaultReader = new AudioReader(this, DEFAULT_READER, null, remoteReader ? " on shared file "
                + shared.file() + ": this process is its writer; the buffer's own read calls belong to the process in the reader "
                + "role (readers added with newReader are this process's)" : null);
        this.readers = new Readers<>(new AudioReader[] {defaultReader}, AudioReader::cursor);
        this.writer = new Writer(current, readers, settings, producers, shared, writeRefusal);
        this.claim = new WriteClaim(writer);
        Exclusive<AudioReader> exclusive = new Exclusive<>(current, writer, readers, settings);
        this.figures = new Figures<>(current, settings, writer, readers, exclusive);
        this.management = new Management<>(current, settings, provider, shared, writeRefusal, writer, claim::free,
                readers, exclusive, figures);
    }

    private static AudioRingBuffer overSharedFile(SharedFile file, ProducerMode producers, WaitStrategy waitStrategy,
                                                  AudioBufferProvider provider, String name, boolean timing) {
        try {
            return new AudioRingBuffer(file.config(), file.policy(), producers, waitStrategy, provider,
                    new Ring(file, file.capacity(), file.controlBlock()), file, name, timing);
        } catch (RuntimeException | Error e) {
            file.close();
            throw e;
        }
    }

    // ------------------------------------------------------------------------------------------
    // Construction

    /**
     * A buffer of {@code capacitySeconds} seconds on the best available backend, policy
     * {@link OverflowPolicy#BLOCK}.
     *
     * @param config          the stream's sample rate and channels
     * @param capacitySeconds seconds of audio the buffer holds, greater than zero
     * @return the new buffer; the caller must close it
     * @throws IllegalArgumentException if the capacity is not positive or overflows an {@code int}
     * @throws IllegalStateException    if no backend is on the path
     */
    public static AudioRingBuffer create(AudioConfig config, int capacitySeconds) {
        return builder(config).capacitySeconds(capacitySeconds).build();
    }

    /**
     * A builder for a buffer with every option.
     *
     * @param config the stream's sample rate and channels
     * @return the builder; the default is one second, {@link OverflowPolicy#BLOCK}, best backend
     */
    public static Builder builder(AudioConfig config) {
        return new Builder(Objects.requireNonNull(config, "config"));
    }

    /**
     * Opens a shared-file buffer that another process (or this one) created, and takes a role in
     * it: {@code attach(file, role, null)}.
     *
     * @param file the file given to {@link Builder#sharedFile(Path, SharedRole)} or {@code cascade_ring_create}
     * @param role the side this process takes
     * @return the buffer; closing it gives the role back and leaves the file
     * @see #attach(Path, SharedRole, AudioConfig)
     */
    public static AudioRingBuffer attach(Path file, SharedRole role) {
        return attach(file, role, null);
    }

    /**
     * Opens a shared-file buffer and takes a role in it. The file's header is checked first
     * (magic, layout version, sizes, config, policy); capacity and policy come from it. A
     * reader starts where the file's reader position is: where the previous reader stopped, or
     * (OVERWRITE) at the oldest sample still there, so it never starts inside a block. The
     * buffer uses the default backend and {@link ProducerMode#MULTI}, {@link WaitStrategy#PARK};
     * for others, use {@link Builder#attach(Path, SharedRole)}.
     *
     * @param file     the shared file
     * @param role     the side this process takes
     * @param expected the config the caller expects, or {@code null} for the file's
     * @return the buffer; closing it gives the role back and leaves the file
     * @throws IllegalArgumentException if the file is not a shared buffer of this layout, or holds another config
     * @throws IllegalStateException    if the file is missing, or a running process holds the role
     */
    public static AudioRingBuffer attach(Path file, SharedRole role, AudioConfig expected) {
        Objects.requireNonNull(file, "file");
        Objects.requireNonNull(role, "role");
        AudioBufferProvider provider = Backends.select(null);
        return overSharedFile(SharedFile.attach(file, role, expected, provider), ProducerMode.MULTI, WaitStrategy.PARK,
                provider, file.getFileName().toString(), true);
    }

    /** Options of a new {@link AudioRingBuffer}. Not thread-safe; reusable. */
    public static final class Builder {
        private final AudioConfig config;
        private int capacitySamples;
        private OverflowPolicy policy = OverflowPolicy.BLOCK;
        private ProducerMode producers = ProducerMode.MULTI;
        private WaitStrategy waitStrategy = WaitStrategy.PARK;
        private String backend;
        private String name = "audio";
        private boolean timing = true;
        private Path sharedFile;
        private SharedRole sharedRole;

        private Builder(AudioConfig config) {
            this.config = config;
            this.capacitySamples = config.samplesPerSecond();
        }

        /**
         * Capacity as seconds of audio: {@code sampleRate * channels * seconds} samples.
         *
         * @param seconds greater than zero
         * @return this builder
         * @throws IllegalArgumentException if not positive or the samples overflow an {@code int}
         */
        public Builder capacitySeconds(int seconds) {
            this.capacitySamples = config.samplesForSeconds(seconds);
            return this;
        }

        /**
         * Capacity in samples.
         *
         * @param samples greater than zero and a whole number of frames
         * @return this builder
         * @throws IllegalArgumentException if not positive or not whole frames
         */
        public Builder capacitySamples(int samples) {
            if (samples <= 0) {
                throw new IllegalArgumentException("capacitySamples must be > 0, was " + samples);
            }
            Frames.require(config, "capacitySamples", samples);
            this.capacitySamples = samples;
            return this;
        }

        /**
         * What a write does when there is no room.
         *
         * @param policy the policy
         * @return this builder
         */
        public Builder overflowPolicy(OverflowPolicy policy) {
            this.policy = Objects.requireNonNull(policy, "policy");
            return this;
        }

        /**
         * How many threads may write at once: {@link ProducerMode#SINGLE} refuses a second writer,
         * {@link ProducerMode#MULTI} makes it wait its turn; an uncontended write costs the same in both.
         *
         * @param mode the producer mode; default {@link ProducerMode#MULTI}
         * @return this builder
         */
        public Builder producers(ProducerMode mode) {
            this.producers = Objects.requireNonNull(mode, "producers");
            return this;
        }

        /**
         * How blocking calls wait.
         *
         * @param strategy the wait strategy; default {@link WaitStrategy#PARK}
         * @return this builder
         */
        public Builder waitStrategy(WaitStrategy strategy) {
            this.waitStrategy = Objects.requireNonNull(strategy, "waitStrategy");
            return this;
        }

        /**
         * A name for this buffer in metrics ({@code name} tag), JFR events and messages.
         *
         * @param name for example {@code "mic-0"}; default {@code "audio"}
         * @return this builder
         */
        public Builder name(String name) {
            Objects.requireNonNull(name, "name");
            if (name.isBlank()) {
                throw new IllegalArgumentException("name must not be blank");
            }
            this.name = name;
            return this;
        }

        /**
         * Whether to time one operation in {@value AudioRingBuffer#TIMING_SAMPLE_INTERVAL} for the latency
         * figures (and sample the mean fill with it). Counters are kept either way; they are
         * plain stores by the side that owns them.
         *
         * @param enabled default {@code true}
         * @return this builder
         */
        public Builder latencyTiming(boolean enabled) {
            this.timing = enabled;
            return this;
        }

        /**
         * The backend by name ({@code "ffm"}, {@code "heap"}); {@code null} chooses by system
         * property, then by priority.
         *
         * @param name a backend name, or {@code null}
         * @return this builder
         */
        public Builder backend(String name) {
            this.backend = name;
            return this;
        }

        /**
         * Makes {@link #build()} create the buffer in a new file that other processes attach to
         * (see {@link AudioRingBuffer#attach(Path, SharedRole)}), and take {@code role} in it.
         * Its capacity is rounded up to whole 65,536-byte granules of storage.
         *
         * @param file a path that does not exist yet, best on a memory file system ({@code /dev/shm})
         * @param role the side this process takes
         * @return this builder
         */
        public Builder sharedFile(Path file, SharedRole role) {
            this.sharedFile = Objects.requireNonNull(file, "file");
            this.sharedRole = Objects.requireNonNull(role, "role");
            return this;
        }

        /**
         * Allocates the buffer, or creates its shared file.
         *
         * @return the new buffer; the caller must close it
         * @throws IllegalArgumentException for an unknown or unavailable backend name
         * @throws IllegalStateException    if no backend is on the path, or the shared file exists
         * @throws UnsupportedOperationException if a shared file was asked of a backend that cannot map files
         */
        public AudioRingBuffer build() {
            AudioBufferProvider provider = Backends.select(backend);
            if (sharedFile != null) {
                return overSharedFile(SharedFile.create(sharedFile, config, capacitySamples, policy, producers,
                        sharedRole, provider), producers, waitStrategy, provider, name, timing);
            }
            return new AudioRingBuffer(config, policy, producers, waitStrategy, provider,
                    Ring.allocate(provider, capacitySamples), null, name, timing);
        }

        /**
         * Opens an existing shared-file buffer with this builder's producer mode, wait strategy,
         * name, timing and backend; capacity and policy come from the file, and its config must
         * be this builder's.
         *
         * @param file the shared file
         * @param role the side this process takes
         * @return the buffer
         * @see AudioRingBuffer#attach(Path, SharedRole, AudioConfig)
         */
        public AudioRingBuffer attach(Path file, SharedRole role) {
            Objects.requireNonNull(file, "file");
            Objects.requireNonNull(role, "role");
            AudioBufferProvider provider = Backends.select(backend);
            return overSharedFile(SharedFile.attach(file, role, config, provider), producers, waitStrategy, provider,
                    name, timing);
        }
    }

    // ------------------------------------------------------------------------------------------
    // Writing

    /**
     * Appends all samples, waiting while the buffer is full: {@code write(samples, true, null)}.
     *
     * @param samples the block, a whole number of frames
     * @return {@code true} when written; {@code false} only under {@link OverflowPolicy#REJECT}
     * @see #write(float[], boolean, Duration)
     */
    public boolean write(float[] samples) {
        return write(samples, true, null);
    }

    /**
     * Appends all samples or none. When there is no room, the policy decides:
     * {@link OverflowPolicy#BLOCK} waits (if {@code blocking}, up to {@code timeout}, then
     * {@link BufferTimeoutException}) or throws {@link BufferFullException};
     * {@link OverflowPolicy#REJECT} returns {@code false}; {@link OverflowPolicy#OVERWRITE} drops
     * the oldest unread samples. A block longer than {@link #capacity()} never fits: BLOCK throws
     * at once, REJECT returns {@code false}, OVERWRITE keeps its newest {@code capacity()}
     * samples (the stream position still advances by the whole block).
     *
     * @param samples  the block, a whole number of frames
     * @param blocking whether a BLOCK write may wait for room
     * @param timeout  longest wait, {@code null} for no limit
     * @return {@code true} when written, {@code false} when REJECT dropped the block
     * @throws BufferFullException        BLOCK, not blocking (or block longer than capacity)
     * @throws BufferTimeoutException     BLOCK, blocking, no room within the timeout
     * @throws BufferInterruptedException interrupted while waiting; nothing was written
     * @throws BufferClosedException      the buffer is closed, or closed while waiting
     * @throws IllegalArgumentException   the length is not whole frames, or the timeout is negative
     */
    public boolean write(float[] samples, boolean blocking, Duration timeout) {
        return writer.write(samples, blocking, timeout);
    }

    /**
     * Appends all samples of a segment of native-order floats (heap or native), like
     * {@link #write(float[], boolean, Duration)}.
     *
     * @param samples  the block; its byte size a multiple of 4 and a whole number of frames
     * @param blocking whether a BLOCK write may wait for room
     * @param timeout  longest wait, {@code null} for no limit
     * @return {@code true} when written, {@code false} when REJECT dropped the block
     * @throws IllegalArgumentException if the byte size is not a multiple of 4 or not whole frames
     * @throws IllegalStateException    if the segment is closed or not accessible by this thread
     */
    public boolean write(MemorySegment samples, boolean blocking, Duration timeout) {
        return writer.write(samples, blocking, timeout);
    }

    /**
     * Appends {@code samples} native-order floats of {@code source} starting {@code byteOffset}
     * bytes in, like {@link #write(MemorySegment, boolean, Duration)}, with one copy and no
     * slice: the form for relaying a range of other memory, a chunk taken from another buffer
     * ({@code write(view.segment(), view.byteOffset(), view.length(), ...)}) or a native period.
     *
     * @param source     the memory the samples lie in (heap or native)
     * @param byteOffset where they begin in it
     * @param samples    how many to append, a whole number of frames
     * @param blocking   whether a BLOCK write may wait for room
     * @param timeout    longest wait, {@code null} for no limit
     * @return {@code true} when written, {@code false} when REJECT dropped the block
     * @throws IndexOutOfBoundsException if the range does not lie inside {@code source} (nothing is written)
     * @throws IllegalArgumentException  if {@code samples} is negative or not whole frames
     * @throws IllegalStateException     if the segment is closed or not accessible by this thread
     */
    public boolean write(MemorySegment source, long byteOffset, int samples, boolean blocking, Duration timeout) {
        return writer.write(source, byteOffset, samples, blocking, timeout);
    }

    /**
     * Writes blocks in order, each whole, without waiting, holding the write side throughout (so
     * no other writer's block lands between them).
     *
     * @param blocks the blocks; each a whole number of frames
     * @return how many blocks were written before the first that did not fit
     * @throws NullPointerException     if the list or a block is null (nothing is written)
     * @throws IllegalArgumentException if a block is not whole frames (nothing is written)
     */
    public int writeBatch(List<float[]> blocks) {
        return writer.writeBatch(blocks);
    }

    // ------------------------------------------------------------------------------------------
    // Claims

    /**
     * Claims room for {@code samples} samples that the caller fills in place and then publishes
     * with {@link WriteClaim#commit()} (or fewer with {@link WriteClaim#commit(int)}), or drops
     * with {@link WriteClaim#abort()}; a claim closed without a commit is aborted. Room is made
     * as for {@link #write(float[], boolean, Duration)}: BLOCK waits (or throws), REJECT returns
     * {@code null}, OVERWRITE drops the oldest unread samples now. See {@link WriteClaim} for
     * where the samples go and how long the segment lives.
     *
     * <pre>{@code
     * try (WriteClaim c = buf.claim(160, true, Duration.ofMillis(20))) {
     *     libc.memcpy(c.segment(), capture, 160L * Float.BYTES);  // a native producer fills it
     *     c.commit();
     * }
     * }</pre>
     *
     * @param samples  samples to claim, greater than zero, whole frames, at most {@link #capacity()}
     * @param blocking whether a BLOCK claim may wait for room
     * @param timeout  longest wait, {@code null} for no limit
     * @return the open claim, or {@code null} when REJECT found no room
     * @throws IllegalArgumentException   for a size that is not positive, not whole frames or above the capacity
     * @throws IllegalStateException      if this thread already has an open claim
     * @throws BufferFullException        BLOCK, not blocking, no room
     * @throws BufferTimeoutException     BLOCK, blocking, no room within the timeout
     * @throws BufferInterruptedException interrupted while waiting; nothing was claimed
     * @throws BufferClosedException      the buffer is closed, or closed while waiting
     */
    public WriteClaim claim(int samples, boolean blocking, Duration timeout) {
        Ring r = writer.claimRoom(samples, blocking, timeout);
        if (r == null) {
            return null;
        }
        try {
            claim.open(r, writer.position(), samples);
        } catch (RuntimeException | Error e) {
            writer.releaseClaim();
            throw e;
        }
        return claim;
    }

    // ------------------------------------------------------------------------------------------
    // Reading: the buffer's own read calls are those of its default reader

    @Override
    public ChunkView newChunkView() {
        return defaultReader.newChunkView();
    }

    @Override
    public Optional<AudioChunk> getChunkWithOverlap(int chunkSize, int overlapSize) {
        return defaultReader.getChunkWithOverlap(chunkSize, overlapSize);
    }

    @Override
    public boolean tryGetChunkWithOverlap(int chunkSize, int overlapSize, ChunkView view) {
        return defaultReader.tryGetChunkWithOverlap(chunkSize, overlapSize, view);
    }

    @Override
    public AudioChunk takeChunk(int chunkSize, int overlapSize) {
        return defaultReader.takeChunk(chunkSize, overlapSize);
    }

    @Override
    public Optional<AudioChunk> getChunkWithSmartOverlap(int chunkSize, int requestedOverlap) {
        return defaultReader.getChunkWithSmartOverlap(chunkSize, requestedOverlap);
    }

    @Override
    public boolean tryGetChunkWithSmartOverlap(int chunkSize, int requestedOverlap, ChunkView view) {
        return defaultReader.tryGetChunkWithSmartOverlap(chunkSize, requestedOverlap, view);
    }

    @Override
    public Optional<AudioChunk> awaitChunk(int chunkSize, int overlapSize, Duration timeout) {
        return defaultReader.awaitChunk(chunkSize, overlapSize, timeout);
    }

    @Override
    public boolean awaitChunk(int chunkSize, int overlapSize, Duration timeout, ChunkView view) {
        return defaultReader.awaitChunk(chunkSize, overlapSize, timeout, view);
    }

    @Override
    public List<AudioChunk> readBatch(int chunkSize, int overlapSize, int maxChunks) {
        return defaultReader.readBatch(chunkSize, overlapSize, maxChunks);
    }

    @Override
    public void advanceReadPosition(int samples) {
        defaultReader.advanceReadPosition(samples);
    }

    // ------------------------------------------------------------------------------------------
    // Readers

    /**
     * A new reader with its own cursor, starting at the oldest unread sample:
     * {@code newReader(name, AudioReader.Start.OLDEST_UNREAD)}.
     *
     * @param name a name unique among this buffer's open readers, for status, metrics and messages
     * @return the reader; close it when the consumer stops, so that it no longer holds writers back
     * @see AudioReader
     */
    public AudioReader newReader(String name) {
        return newReader(name, AudioReader.Start.OLDEST_UNREAD);
    }

    /**
     * A new reader with its own cursor. It sees every sample from its start on, at its own
     * pace; the overflow policy acts on the slowest open reader. Waits for writers and readers to
     * leave their current call.
     *
     * @param name  a name unique among this buffer's open readers
     * @param start where its cursor starts
     * @return the reader
     * @throws IllegalArgumentException if the name is blank or an open reader has it
     * @throws BufferClosedException    if the buffer is closed
     */
    public AudioReader newReader(String name, AudioReader.Start start) {
        Objects.requireNonNull(start, "start");
        return management.newReader(name, start == AudioReader.Start.NEWEST,
                block -> new AudioReader(this, name, block, null));
    }

    /** Runs {@code listener} for every reader added from now on (the Micrometer binder's per-reader meters). */
    void onNewReader(Consumer<AudioReader> listener) {
        readers.onAdded(listener);
    }

    /** {@return the reader behind the buffer's own read calls (named {@value #DEFAULT_READER})} */
    public AudioReader defaultReader() {
        return defaultReader;
    }

    /** {@return the open readers, the default reader first while it is open} */
    public List<AudioReader> readers() {
        return List.of(readers.open());
    }

    /** Closes a reader: keeps its counters in the buffer's sums and stops it gating the writer. */
    void closeReader(AudioReader reader) {
        if (management.closeReader(reader)) {
            reader.runCloseListeners();
        }
    }

    /** A reader's status from a consistent snapshot; a closed reader's figures are those at its close. */
    ReaderStatus readerStatus(AudioReader reader) {
        return figures.readerStatus(reader.cursor());
    }

    // ------------------------------------------------------------------------------------------
    // Sizes and state

    /**
     * The overlap that VAD context usually needs: {@code min(16 ms of samples, chunkSize / 5)},
     * rounded down to whole frames.
     *
     * @param chunkSize the chunk size in samples, greater than zero
     * @return the overlap in samples
     */
    public int optimalOverlap(int chunkSize) {
        if (chunkSize <= 0) {
            throw new IllegalArgumentException("chunkSize must be > 0, was " + chunkSize);
        }
        AudioConfig config = settings.config();
        long overlap = Math.min(config.samplesForMillis(16), chunkSize / 5);
        return (int) (overlap - overlap % config.channels());
    }

    /** {@inheritDoc} The default reader's. */
    @Override
    public int availableSamples() {
        return defaultReader.availableSamples();
    }

    /** {@return samples that can be written without waiting or overwriting (bounded by the slowest open reader)} */
    public int remainingCapacity() {
        Snapshot s = figures.snapshot();
        return (int) (s.capacity() - s.available());
    }

    /** {@return most unread samples the buffer holds: {@code sampleRate * channels * seconds}} */
    public int capacity() {
        Snapshot s = figures.closedSnapshot();
        return s != null ? s.capacity() : current.get().capacity;
    }

    /** {@return whether no samples are unread} */
    public boolean isEmpty() {
        return availableSamples() == 0;
    }

    /** {@return whether no more samples fit without waiting or overwriting} */
    public boolean isFull() {
        return remainingCapacity() == 0;
    }

    /** {@return the stream's configuration} */
    public AudioConfig config() {
        return settings.config();
    }

    /** {@return the overflow policy} */
    public OverflowPolicy policy() {
        return settings.policy();
    }

    /** {@return the buffer's name, as given to the builder} */
    public String name() {
        return settings.name();
    }

    /** {@return how many threads may write at once} */
    public ProducerMode producers() {
        return producers;
    }

    /** {@return how blocking calls wait} */
    public WaitStrategy waitStrategy() {
        return settings.waitStrategy();
    }

    /** {@return the backend's name} */
    public String backend() {
        return provider.name();
    }

    /**
     * One consistent snapshot of fill state and counters. Answers after close too.
     *
     * @return the status
     */
    public BufferStatus getBufferStatus() {
        return figures.status();
    }

    /**
     * Counters and rates from one snapshot. Answers after close too (rates then over the
     * buffer's open lifetime).
     *
     * @return the metrics
     */
    public BufferMetrics metrics() {
        return figures.metrics();
    }

    /**
     * Checks position and size consistency, storage alignment and layout, and warns
     * of a buffer over 90 % or under 10 % full and of reads lagging writes.
     * Answers after close too.
     *
     * @return the report
     */
    public IntegrityReport checkIntegrity() {
        return figures.checkIntegrity();
    }

    /**
     * The strict form of {@link #checkIntegrity()}, for callers that must not go on with a
     * broken buffer: the report when nothing is broken (warnings may be there), else
     * {@link BufferCorruptionException} naming every issue. {@link #recover()} then resets the
     * positions, or close the buffer and make a new one.
     *
     * @return the report of a healthy buffer
     * @throws BufferCorruptionException if any invariant is broken
     */
    public IntegrityReport verifyIntegrity() {
        IntegrityReport report = checkIntegrity();
        if (!report.healthy()) {
            throw new BufferCorruptionException(this + " is inconsistent: " + String.join("; ", report.issues()));
        }
        return report;
    }

    /**
     * A periodic health check without a thread of the buffer's own: call it as often as is
     * convenient (from a scheduled task the application owns, say); it checks at most once per
     * {@code interval}.
     *
     * @param interval least time between two checks
     * @return the report when a check was due, else empty
     */
    public Optional<IntegrityReport> checkIntegrityIfDue(Duration interval) {
        return figures.checkIntegrityIfDue(interval);
    }

    /**
     * Recovers from inconsistent positions: when positions or totals are inconsistent (see
     * {@link #checkIntegrity()}), resets them to a safe empty state (every unread sample is
     * given up, counted as cleared), counts the recovery, and reports what was lost. Chunks taken
     * before become invalid. Does nothing when positions are consistent. Storage problems (closed
     * or unmapped storage) are not recoverable here: close the buffer and make a new one.
     *
     * @return what was found and what was lost
     */
    public RecoveryReport recover() {
        return management.recover();
    }

    /**
     * A percentile of the sampled write or take latencies, from a histogram of powers of two:
     * the upper edge of the bucket that holds it, so within a factor of two above the true value.
     *
     * @param writes {@code true} for writes, {@code false} for chunk takes
     * @param phi    between 0 and 1, for example 0.99
     * @return nanoseconds, or 0 before any operation was timed
     */
    double latencyPercentileNanos(boolean writes, double phi) {
        return figures.latencyPercentileNanos(writes, phi);
    }

    /** The raw figures, for the Micrometer binder. */
    Snapshot rawSnapshot() {
        return figures.snapshot();
    }

    /** Runs {@code listener} once the buffer is closed (at once if it already is). */
    void onClose(Runnable listener) {
        management.onClose(listener);
    }

    // ------------------------------------------------------------------------------------------
    // Management

    /** Drops all unread samples; counters stay monotonic and chunks taken before become invalid. */
    public void clear() {
        management.clear();
    }

    /**
     * Changes the capacity, keeping every unread sample in order (stream positions, sequence
     * numbers and counters carry over). Chunks taken before become invalid.
     *
     * @param newCapacitySeconds seconds of audio, greater than zero
     * @return {@code true} when resized; {@code false}, with nothing changed, when the unread
     *         samples would not fit
     * @throws IllegalArgumentException if not positive or the samples overflow an {@code int}
     */
    public boolean resize(int newCapacitySeconds) {
        return management.resize(settings.config().samplesForSeconds(newCapacitySeconds));
    }

    /**
     * Closes the buffer and frees its storage. Idempotent. Threads waiting in it wake with
     * {@link BufferClosedException}; every later data or management call throws it; status,
     * metrics and {@link #checkIntegrity()} still answer. Native chunk views throw
     * {@link IllegalStateException} when used after this.
     */
    @Override
    public void close() {
        management.close();
    }

    /**
     * What the shared file says about the processes on it: the writer's pid, whether it runs,
     * its last heartbeat (every write and commit beats), the reader's pid.
     *
     * @return the status, or empty for a buffer of this process alone
     * @throws BufferClosedException if the buffer is closed
     */
    public Optional<SharedFileStatus> sharedFileStatus() {
        if (shared == null) {
            return Optional.empty();
        }
        openRing("sharedFileStatus");
        return Optional.of(shared.status());
    }

    /** {@return whether this buffer lives in a shared file} */
    boolean isShared() {
        return shared != null;
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return current.isClosed();
    }

    /** {@return the ring now and the closed flag, for the engine's parts} */
    CurrentRing current() {
        return current;
    }

    Ring openRing(String call) {
        return current.open(call);
    }

    /** {@return the current ring, open or not} */
    Ring currentRing() {
        return current.get();
    }

    /** {@return what the buffer fixed at build, which its readers' cursors take} */
    BufferSettings settings() {
        return settings;
    }

    @Override
    public String toString() {
        return "AudioRingBuffer[" + name() + ", " + provider.name() + ", " + config() + ", capacity=" + capacity()
                + ", policy=" + policy() + (isClosed() ? ", closed" : "") + "]";
    }
}
