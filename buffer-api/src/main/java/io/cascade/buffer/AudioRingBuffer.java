package io.cascade.buffer;

import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.ReentrantLock;

import static io.cascade.buffer.ControlBlockLayout.*;

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
 * <h2>Threads</h2>
 * Any number of threads may write; each write appends its whole block or nothing, and blocks
 * of different threads never interleave (writers serialise on a writer lock). The read side
 * (taking chunks, {@link #advanceReadPosition(int)}) is for one consumer at a time: it takes no
 * lock, and a thread that enters it while another thread is in it gets
 * {@link ThreadSafetyViolationException} rather than a corrupted read position. Management
 * calls ({@link #clear()}, {@link #resize(int)}, {@link #close()}) may come from any thread; they
 * wait for the writer and the reader to leave their current call. Blocking calls wait on
 * conditions, not by spinning, and wake on room, data, close, timeout and interrupt.
 *
 * <h2>Steady path</h2>
 * {@link #write(float[], boolean, Duration)} with room, {@link #tryGetChunkWithOverlap(int, int,
 * ChunkView)} and {@link #advanceReadPosition(int)} allocate nothing. The {@code Optional} and
 * {@code List} forms allocate one chunk object per chunk.
 *
 * <h2>Zero copy</h2>
 * A chunk that lies in one piece of storage is a view of it ({@link AudioChunk#isContinuous()}).
 * On non-mirrored storage a chunk that crosses the end of storage is copied into scratch memory
 * owned by the buffer, and taking the same chunk again reuses that copy. On mirrored storage
 * (ffm on Linux) no chunk is ever copied.
 */
public final class AudioRingBuffer implements AutoCloseable {

    /** One operation in this many is timed for the latency figures of {@link BufferMetrics}. */
    public static final int TIMING_SAMPLE_INTERVAL = 64;

    private static final VarHandle READER_OWNER;
    private static final VarHandle WRITER_OWNER;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            READER_OWNER = lookup.findVarHandle(AudioRingBuffer.class, "readerOwner", Object.class);
            WRITER_OWNER = lookup.findVarHandle(AudioRingBuffer.class, "writerOwner", Object.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** Holds a side (read, or single-producer write) while a management call changes positions or storage. */
    private static final Object MANAGEMENT = new Object() {
        @Override
        public String toString() {
            return "a management call (clear, resize, close, status)";
        }
    };

    private final AudioConfig config;
    private final OverflowPolicy policy;
    private final ProducerMode producers;
    private final WaitStrategy waitStrategy;
    private final AudioBufferProvider provider;
    private final String name;
    /** Whether one operation in {@link #TIMING_SAMPLE_INTERVAL} is timed (and the mean fill sampled). */
    private final boolean timing;
    private final long createdNanos = System.nanoTime();
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();
    private volatile long lastPeriodicCheck;

    /** Replaced only by resize and close, with the writer lock and the read side held. */
    private volatile Ring ring;
    private volatile boolean closed;
    private volatile Snapshot closedSnapshot;
    private volatile long[] closedWriteHistogram = new long[HISTOGRAM_BUCKETS];
    private volatile long[] closedReadHistogram = new long[HISTOGRAM_BUCKETS];
    private volatile long closedNanos;

    /** Writer-owned (under the writer lock): the last head the writer read, never ahead of the real one. */
    private long headCache;

    /** Serialises {@link ProducerMode#MULTI} writers, and management against all writers. */
    private final ReentrantLock writerLock = new ReentrantLock();
    /** Writers wait here for room; readers signal it when they advance. */
    private final Signal space = new Signal();
    /** Readers wait here for data; writers signal it when they publish. */
    private final Signal data = new Signal();
    /** The thread inside the read side, {@link #MANAGEMENT}, or null. */
    @SuppressWarnings("unused") // accessed through READER_OWNER
    private volatile Object readerOwner;
    /** The thread inside the write side in {@link ProducerMode#SINGLE}, {@link #MANAGEMENT}, or null. */
    @SuppressWarnings("unused") // accessed through WRITER_OWNER
    private volatile Object writerOwner;

    private AudioRingBuffer(AudioConfig config, OverflowPolicy policy, ProducerMode producers,
                            WaitStrategy waitStrategy, AudioBufferProvider provider, int capacity, String name,
                            boolean timing) {
        this.name = name;
        this.timing = timing;
        this.config = config;
        this.policy = policy;
        this.producers = producers;
        this.waitStrategy = waitStrategy;
        this.provider = provider;
        this.ring = newRing(provider, capacity);
        ring.control.initialise();
    }

    private static Ring newRing(AudioBufferProvider provider, int capacity) {
        SampleStorage storage = provider.allocate(capacity);
        try {
            return new Ring(storage, capacity);
        } catch (RuntimeException | Error e) {
            storage.close();
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
            this.capacitySamples = capacityForSeconds(config, seconds);
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
            requireFrames(config, "capacitySamples", samples);
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
         * How many threads may write at once: {@link ProducerMode#SINGLE} makes writes lock-free.
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
         * Allocates the buffer.
         *
         * @return the new buffer; the caller must close it
         * @throws IllegalArgumentException for an unknown or unavailable backend name
         * @throws IllegalStateException    if no backend is on the path
         */
        public AudioRingBuffer build() {
            return new AudioRingBuffer(config, policy, producers, waitStrategy, Backends.select(backend), capacitySamples,
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
        Objects.requireNonNull(samples, "samples");
        long timeoutNanos = timeoutNanos(timeout);
        requireFrames(config, "write length", samples.length);
        return writeBlock(samples, null, samples.length, blocking, timeoutNanos);
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
        Objects.requireNonNull(samples, "samples");
        long timeoutNanos = timeoutNanos(timeout);
        long bytes = samples.byteSize();
        if (bytes % Float.BYTES != 0) {
            throw new IllegalArgumentException("segment byte size " + bytes + " is not a multiple of "
                    + Float.BYTES + " (float32 samples)");
        }
        if (bytes / Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("segment of " + bytes / Float.BYTES + " samples exceeds an int");
        }
        if (!samples.scope().isAlive()) {
            throw new IllegalStateException("source segment is already closed");
        }
        if (!samples.isAccessibleBy(Thread.currentThread())) {
            throw new IllegalStateException("source segment is confined to another thread");
        }
        int count = (int) (bytes / Float.BYTES);
        requireFrames(config, "write length", count);
        return writeBlock(null, samples, count, blocking, timeoutNanos);
    }

    /**
     * Writes blocks in order, each whole, without waiting, under one acquisition of the writer
     * lock (so no other writer's block lands between them).
     *
     * @param blocks the blocks; each a whole number of frames
     * @return how many blocks were written before the first that did not fit
     * @throws NullPointerException     if the list or a block is null (nothing is written)
     * @throws IllegalArgumentException if a block is not whole frames (nothing is written)
     */
    public int writeBatch(List<float[]> blocks) {
        Objects.requireNonNull(blocks, "blocks");
        for (int i = 0; i < blocks.size(); i++) {
            float[] block = Objects.requireNonNull(blocks.get(i), "blocks[" + i + "]");
            requireFrames(config, "blocks[" + i + "] length", block.length);
        }
        enterWriter("writeBatch");
        try {
            int written = 0;
            for (float[] block : blocks) {
                Ring r = openRing("writeBatch");
                if (!append(r, block, null, block.length)) {
                    r.control.add(OVERFLOWS, 1);
                    break;
                }
                written++;
            }
            return written;
        } finally {
            exitWriter();
        }
    }

    private boolean writeBlock(float[] array, MemorySegment segment, int count, boolean blocking, long timeoutNanos) {
        long deadline = deadline(timeoutNanos);
        long waitStart = 0;
        BufferEvents.WriterBlocked blocked = null;
        try {
            for (;;) {
                enterWriter("write");
                try {
                    Ring r = openRing("write");
                    if (append(r, array, segment, count)) {
                        return true;
                    }
                    ControlBlock c = r.control;
                    if (policy == OverflowPolicy.REJECT) {
                        c.add(OVERFLOWS, 1);
                        overflowEvent(count, 0, true, r.capacity);
                        return false;
                    }
                    if (count > r.capacity || !blocking) {
                        c.add(OVERFLOWS, 1);
                        c.add(FULL_ERRORS, 1);
                        overflowEvent(count, 0, true, r.capacity);
                        throw new BufferFullException(r.capacity, count, free(r));
                    }
                    if (timeoutNanos == 0 || (deadline != 0 && System.nanoTime() - deadline >= 0)) {
                        c.add(OVERFLOWS, 1);
                        overflowEvent(count, 0, true, r.capacity);
                        throw new BufferTimeoutException("write of " + count + " samples timed out after "
                                + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: capacity=" + r.capacity
                                + ", free=" + free(r));
                    }
                } finally {
                    exitWriter();
                }
                // Wait outside the write side, so that other writers and management calls go on.
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                    blocked = new BufferEvents.WriterBlocked();
                    blocked.begin();
                }
                try {
                    space.await(waitStrategy, () -> roomFor(count), deadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BufferInterruptedException("write of " + count
                            + " samples interrupted while waiting for room; nothing was written", e);
                }
            }
        } finally {
            if (waitStart != 0) {
                recordWait(true, System.nanoTime() - waitStart);
                blocked.end();
                if (blocked.shouldCommit()) {
                    blocked.buffer = name;
                    blocked.samples = count;
                    blocked.commit();
                }
            }
        }
    }

    /** Whether a waiting write may retry: room, or a reason to fail (closed, longer than a resized capacity). */
    private boolean roomFor(int count) {
        Ring r = openRing("write");
        try {
            ControlBlock c = r.control;
            return count > r.capacity
                    || c.acquire(TAIL) + count - Math.max(c.acquire(HEAD), c.acquire(FLOOR)) <= r.capacity;
        } catch (IllegalStateException storageFreed) {
            openRing("write");
            throw storageFreed;
        }
    }

    /** Whether {@code need} samples are available to a waiting reader; throws once the buffer is closed. */
    private boolean dataFor(long need) {
        Ring r = openRing("awaitChunk");
        try {
            ControlBlock c = r.control;
            return c.acquire(TAIL) - Math.max(c.acquire(HEAD), c.acquire(FLOOR)) >= need;
        } catch (IllegalStateException storageFreed) {
            openRing("awaitChunk");
            throw storageFreed;
        }
    }

    /**
     * Appends the block if there is room, or makes room under OVERWRITE. Caller holds the writer lock.
     *
     * @return false when the block does not fit (BLOCK and REJECT)
     */
    private boolean append(Ring r, float[] array, MemorySegment segment, int count) {
        ControlBlock c = r.control;
        int capacity = r.capacity;
        boolean timed = timing && (c.get(WRITE_OPS) & (TIMING_SAMPLE_INTERVAL - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0;

        long tail = c.get(TAIL);
        long floor = c.get(FLOOR);
        long newTail = tail + count;
        if (newTail - Math.max(headCache, floor) > capacity) {
            headCache = c.acquire(HEAD);
            if (newTail - Math.max(headCache, floor) > capacity) {
                if (policy != OverflowPolicy.OVERWRITE) {
                    return false;
                }
                // Announce the overwrite before touching the samples: a reader that sees any
                // overwritten sample is ordered to see the new floor too (see isChunkValid).
                long lost = newTail - capacity - Math.max(headCache, floor);
                floor = newTail - capacity;
                c.set(FLOOR, floor);
                VarHandle.storeStoreFence();
                c.add(OVERFLOWS, 1);
                overflowEvent(count, lost, false, capacity);
            }
        }
        int skip = count > capacity ? count - capacity : 0;
        r.copyIn(array, segment, skip, tail + skip, count - skip);
        c.release(TAIL, newTail);
        data.signal(waitStrategy);

        c.add(WRITE_OPS, 1);
        c.add(SAMPLES_WRITTEN, count);
        if (timed) {
            recordTimedWrite(c, t0, newTail, floor);
        } else if (newTail - Math.max(headCache, floor) > c.get(PEAK_FILL)) {
            recordPeak(c, newTail, floor);
        }
        return true;
    }

    /** The cached head may be stale (fill overestimated): reads the real one before recording a peak. */
    private long recordPeak(ControlBlock c, long tail, long floor) {
        headCache = c.acquire(HEAD);
        long fill = tail - Math.max(headCache, floor);
        c.max(PEAK_FILL, fill);
        return fill;
    }

    /** Kept out of {@code append}, so that the common, untimed write stays small for the JIT. */
    private void recordTimedWrite(ControlBlock c, long t0, long tail, long floor) {
        long fill = recordPeak(c, tail, floor);
        c.add(FILL_SUM, fill);
        c.add(FILL_SAMPLES, 1);
        long nanos = System.nanoTime() - t0;
        c.add(WRITE_NANOS, nanos);
        c.add(WRITES_TIMED, 1);
        c.add(WRITE_HISTOGRAM + (long) ControlBlockLayout.bucketOf(nanos) * Long.BYTES, 1);
    }

    private void overflowEvent(int attempted, long dropped, boolean refused, int capacity) {
        BufferEvents.Overflow e = new BufferEvents.Overflow();
        if (e.shouldCommit()) {
            e.buffer = name;
            e.policy = policy.name();
            e.attempted = attempted;
            e.dropped = dropped;
            e.refused = refused;
            e.capacity = capacity;
            e.commit();
        }
    }

    /** Enters the write side: the writer lock ({@link ProducerMode#MULTI}) or owner CAS ({@link ProducerMode#SINGLE}). */
    private void enterWriter(String call) {
        if (producers == ProducerMode.SINGLE) {
            acquireSide(WRITER_OWNER, call, "write side", "producers(ProducerMode.SINGLE) allows one writer at a time");
            return;
        }
        if (writerLock.tryLock()) {
            return;
        }
        long t0 = System.nanoTime();
        try {
            writerLock.lockInterruptibly();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new BufferInterruptedException("interrupted while waiting for the writer lock; nothing was written", e);
        }
        if (!closed) {
            ControlBlock c = ring.control;
            c.add(WRITER_WAITS, 1);
            c.add(WRITER_WAIT_NANOS, System.nanoTime() - t0);
        }
    }

    private void exitWriter() {
        if (producers == ProducerMode.SINGLE) {
            WRITER_OWNER.setRelease(this, null);
        } else {
            writerLock.unlock();
        }
    }

    private boolean tryEnterWriter() {
        return producers == ProducerMode.SINGLE ? WRITER_OWNER.compareAndSet(this, null, Thread.currentThread())
                : writerLock.tryLock();
    }

    private int free(Ring r) {
        ControlBlock c = r.control;
        return (int) (r.capacity - (c.get(TAIL) - Math.max(c.acquire(HEAD), c.get(FLOOR))));
    }

    // ------------------------------------------------------------------------------------------
    // Reading

    /**
     * A reusable chunk for the allocation-free read methods.
     *
     * @return a new, empty view owned by this buffer
     */
    public ChunkView newChunkView() {
        return new ChunkView(this);
    }

    /**
     * The chunk of {@code chunkSize + overlapSize} samples at the read position, without
     * advancing; empty when fewer samples are available.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @return the chunk, or empty
     * @throws IllegalArgumentException if a size is bad or {@code chunkSize + overlapSize > capacity()}
     * @throws ThreadSafetyViolationException if another thread is in the read side
     */
    public Optional<AudioChunk> getChunkWithOverlap(int chunkSize, int overlapSize) {
        ChunkView view = new ChunkView(this);
        return tryGetChunkWithOverlap(chunkSize, overlapSize, view) ? Optional.of(view) : Optional.empty();
    }

    /**
     * The allocation-free form of {@link #getChunkWithOverlap(int, int)}: fills {@code view} in
     * place and says whether there was a chunk. On {@code false} the view is unchanged.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param view        a view made by {@link #newChunkView()} of this buffer
     * @return whether {@code view} now holds the chunk
     */
    public boolean tryGetChunkWithOverlap(int chunkSize, int overlapSize, ChunkView view) {
        checkWindow(chunkSize, overlapSize);
        checkView(view);
        enterReader("getChunkWithOverlap");
        try {
            Ring r = openRing("getChunkWithOverlap");
            long oldest = catchUp(r);
            long available = r.control.acquire(TAIL) - oldest;
            if (available < (long) chunkSize + overlapSize) {
                return false;
            }
            take(r, oldest, oldest, chunkSize, overlapSize, available, view);
            return true;
        } finally {
            exitReader();
        }
    }

    /**
     * Like {@link #getChunkWithOverlap(int, int)}, but when fewer than {@code chunkSize +
     * requestedOverlap} samples are there the overlap shrinks to what is available beyond the
     * chunk (the seed's OverlapHandler); empty only when fewer than {@code chunkSize} are there.
     *
     * @param chunkSize        samples in the main part, greater than zero, whole frames
     * @param requestedOverlap the overlap wanted, zero or more, whole frames
     * @return the chunk, whose {@link AudioChunk#overlapSize()} is the actual overlap, or empty
     */
    public Optional<AudioChunk> getChunkWithSmartOverlap(int chunkSize, int requestedOverlap) {
        ChunkView view = new ChunkView(this);
        return tryGetChunkWithSmartOverlap(chunkSize, requestedOverlap, view) ? Optional.of(view) : Optional.empty();
    }

    /**
     * The allocation-free form of {@link #getChunkWithSmartOverlap(int, int)}.
     *
     * @param chunkSize        samples in the main part, greater than zero, whole frames
     * @param requestedOverlap the overlap wanted, zero or more, whole frames
     * @param view             a view made by {@link #newChunkView()} of this buffer
     * @return whether {@code view} now holds a chunk
     */
    public boolean tryGetChunkWithSmartOverlap(int chunkSize, int requestedOverlap, ChunkView view) {
        checkWindow(chunkSize, requestedOverlap);
        checkView(view);
        enterReader("getChunkWithSmartOverlap");
        try {
            Ring r = openRing("getChunkWithSmartOverlap");
            long oldest = catchUp(r);
            long available = r.control.acquire(TAIL) - oldest;
            if (available < chunkSize) {
                return false;
            }
            int overlap = (int) Math.min(requestedOverlap, available - chunkSize);
            overlap -= overlap % config.channels();
            take(r, oldest, oldest, chunkSize, overlap, available, view);
            return true;
        } finally {
            exitReader();
        }
    }

    /**
     * Waits until the chunk of {@code chunkSize + overlapSize} samples is there and returns it,
     * without advancing.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param timeout     longest wait, {@code null} for no limit
     * @return the chunk, or empty at the timeout
     * @throws BufferInterruptedException interrupted while waiting; nothing was consumed
     * @throws BufferClosedException      the buffer is closed, or closed while waiting
     */
    public Optional<AudioChunk> awaitChunk(int chunkSize, int overlapSize, Duration timeout) {
        checkWindow(chunkSize, overlapSize);
        long timeoutNanos = timeoutNanos(timeout);
        long deadline = deadline(timeoutNanos);
        long need = (long) chunkSize + overlapSize;
        ChunkView view = new ChunkView(this);
        long waitStart = 0;
        try {
            for (;;) {
                if (tryGetChunkWithOverlap(chunkSize, overlapSize, view)) {
                    return Optional.of(view);
                }
                if (timeoutNanos == 0 || (deadline != 0 && System.nanoTime() - deadline >= 0)) {
                    if (waitStart != 0) {
                        starvedEvent(waitStart, need);
                    }
                    return Optional.empty();
                }
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                }
                try {
                    data.await(waitStrategy, () -> dataFor(need), deadline);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BufferInterruptedException("awaitChunk interrupted while waiting for " + need
                            + " samples; nothing was consumed", e);
                }
            }
        } finally {
            if (waitStart != 0) {
                recordWait(false, System.nanoTime() - waitStart);
            }
        }
    }

    private void starvedEvent(long waitStart, long need) {
        BufferEvents.ReaderStarved e = new BufferEvents.ReaderStarved();
        if (e.isEnabled()) {
            e.begin();
            e.end();
            if (e.shouldCommit()) {
                e.buffer = name;
                e.requested = need;
                e.available = closed ? 0 : snapshot().available();
                e.commit();
            }
        }
    }

    /**
     * Counts a wait in the waiting side's counters. Statistics only: skipped when the buffer is
     * closed or the side is busy, rather than waiting for it.
     */
    private void recordWait(boolean writer, long nanos) {
        boolean held = writer ? tryEnterWriter() : READER_OWNER.compareAndSet(this, null, Thread.currentThread());
        if (!held) {
            return;
        }
        try {
            if (!closed) {
                ControlBlock c = ring.control;
                c.add(writer ? WRITER_WAITS : READER_WAITS, 1);
                c.add(writer ? WRITER_WAIT_NANOS : READER_WAIT_NANOS, nanos);
            }
        } finally {
            if (writer) {
                exitWriter();
            } else {
                exitReader();
            }
        }
    }

    /**
     * Consecutive chunks from the read position, without advancing: chunk {@code i} starts
     * {@code i * chunkSize} samples after the read position, and each has the full overlap.
     *
     * @param chunkSize   samples in the main part, greater than zero, whole frames
     * @param overlapSize samples of overlap, zero or more, whole frames
     * @param maxChunks   most chunks to return, zero or more
     * @return as many chunks as are fully available, up to {@code maxChunks}
     */
    public List<AudioChunk> readBatch(int chunkSize, int overlapSize, int maxChunks) {
        checkWindow(chunkSize, overlapSize);
        if (maxChunks < 0) {
            throw new IllegalArgumentException("maxChunks must be >= 0, was " + maxChunks);
        }
        enterReader("readBatch");
        try {
            Ring r = openRing("readBatch");
            long oldest = catchUp(r);
            long available = r.control.acquire(TAIL) - oldest;
            long window = (long) chunkSize + overlapSize;
            long fit = available < window ? 0 : 1 + (available - window) / chunkSize;
            int n = (int) Math.min(maxChunks, fit);
            List<AudioChunk> chunks = new ArrayList<>(n);
            for (int i = 0; i < n; i++) {
                ChunkView view = new ChunkView(this);
                take(r, oldest, oldest + (long) i * chunkSize, chunkSize, overlapSize, available, view);
                chunks.add(view);
            }
            return chunks;
        } finally {
            exitReader();
        }
    }

    /**
     * Consumes samples from the read position and wakes writers waiting for room.
     *
     * <p>Under {@link OverflowPolicy#OVERWRITE}, if the writer lapped the reader after its last
     * take (a held chunk then reports {@code isValid() == false}), the advance is absorbed: the
     * read position moves to the oldest sample still there, so that the next chunk starts there.
     *
     * @param samples samples to consume, zero or more, whole frames
     * @throws InsufficientDataException if more than the available samples
     */
    public void advanceReadPosition(int samples) {
        if (samples < 0) {
            throw new IllegalArgumentException("advance must be >= 0, was " + samples);
        }
        requireFrames(config, "advance", samples);
        enterReader("advanceReadPosition");
        try {
            Ring r = openRing("advanceReadPosition");
            ControlBlock c = r.control;
            long head = c.get(HEAD);
            long tail = c.acquire(TAIL);
            if (samples > tail - head) {
                c.add(INSUFFICIENT_ERRORS, 1);
                throw new InsufficientDataException((int) (tail - Math.max(head, c.acquire(FLOOR))), samples);
            }
            long floor = policy == OverflowPolicy.OVERWRITE ? c.acquire(FLOOR) : 0;
            if (floor > head) {
                c.add(DROPPED, floor - head);
                c.release(HEAD, floor);
            } else {
                c.release(HEAD, head + samples);
                c.add(SAMPLES_READ, samples);
            }
        } finally {
            exitReader();
        }
        if (policy == OverflowPolicy.BLOCK) {
            space.signal(waitStrategy);
        }
    }

    /**
     * Moves the head up to the floor when the writer lapped the reader, counting the lost
     * samples. Caller holds the read side.
     *
     * @return the stream position of the oldest readable sample
     */
    private long catchUp(Ring r) {
        ControlBlock c = r.control;
        long head = c.get(HEAD);
        if (policy != OverflowPolicy.OVERWRITE) {
            return head;
        }
        long floor = c.acquire(FLOOR);
        if (floor > head) {
            c.add(DROPPED, floor - head);
            c.release(HEAD, floor);
            return floor;
        }
        return head;
    }

    private void take(Ring r, long oldest, long start, int chunkSize, int overlapSize, long available, ChunkView view) {
        ControlBlock c = r.control;
        long ops = c.get(READ_OPS);
        boolean timed = timing && (ops & (TIMING_SAMPLE_INTERVAL - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0;

        int length = chunkSize + overlapSize;
        int index = r.index(start);
        long generation = c.get(GENERATION);
        double level = (double) available / r.capacity;
        if (r.mirrored || index + length <= r.slots) {
            view.fill(r, r.samples, (long) index * Float.BYTES, chunkSize, overlapSize, ops, start, generation,
                    level, index, true, null);
            c.add(ZERO_COPY, 1);
        } else {
            WrapCache.Entry e = r.wrapCache.acquire(start, length, oldest, generation);
            view.fill(r, e.scratch, (start - e.start) * Float.BYTES, chunkSize, overlapSize, ops, start, generation,
                    level, index, false, e);
            c.add(COPIED, 1);
        }
        c.add(READ_OPS, 1);
        if (timed) {
            recordTimedRead(c, t0);
        }
    }

    private static void recordTimedRead(ControlBlock c, long t0) {
        long nanos = System.nanoTime() - t0;
        c.add(READ_NANOS, nanos);
        c.add(READS_TIMED, 1);
        c.add(READ_HISTOGRAM + (long) ControlBlockLayout.bucketOf(nanos) * Long.BYTES, 1);
    }

    /**
     * Whether a chunk's samples are still those of its stream position. The acquire fence first
     * orders the caller's reads of the samples before these checks, as in a sequence lock: the
     * writer raises the floor before it overwrites, so a chunk that saw an overwritten sample
     * sees the raised floor here.
     */
    boolean isChunkValid(ChunkView view) {
        VarHandle.acquireFence();
        Ring r = ring;
        if (closed || view.ring != r) {
            return false;
        }
        ControlBlock c = r.control;
        try {
            if (c.get(GENERATION) != view.generation || view.startPosition < c.acquire(HEAD)
                    || view.startPosition < c.acquire(FLOOR)) {
                return false;
            }
        } catch (IllegalStateException closedWhileChecking) {
            return false;
        }
        return view.entry == null || view.entry.stamp == view.entryStamp;
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
        long overlap = Math.min(config.samplesForMillis(16), chunkSize / 5);
        return (int) (overlap - overlap % config.channels());
    }

    /** {@return unread samples} */
    public int availableSamples() {
        return (int) snapshot().available();
    }

    /** {@return samples that can be written without waiting or overwriting} */
    public int remainingCapacity() {
        Snapshot s = snapshot();
        return (int) (s.capacity() - s.available());
    }

    /** {@return most unread samples the buffer holds: {@code sampleRate * channels * seconds}} */
    public int capacity() {
        Snapshot s = closedSnapshot;
        return s != null ? s.capacity() : ring.capacity;
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
        return config;
    }

    /** {@return the overflow policy} */
    public OverflowPolicy policy() {
        return policy;
    }

    /** {@return the buffer's name, as given to the builder} */
    public String name() {
        return name;
    }

    /** {@return how many threads may write at once} */
    public ProducerMode producers() {
        return producers;
    }

    /** {@return how blocking calls wait} */
    public WaitStrategy waitStrategy() {
        return waitStrategy;
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
        Snapshot s = snapshot();
        Ring r = ring;
        double usage = s.usage();
        return new BufferStatus(s.capacity(), (int) s.available(), (int) (s.capacity() - s.available()), usage,
                BufferStatus.Level.of(usage), s.overflows(), s.dropped(), ratio(s.peakFill(), s.capacity()),
                s.samplesWritten(), s.samplesRead(), s.writeIndex(), s.readIndex(), policy, provider.name(),
                r.mirrored, closed ? 0 : r.storage.allocatedBytes(), r.storage.alignment(), closed);
    }

    /**
     * Counters and rates from one snapshot. Answers after close too (rates then over the
     * buffer's open lifetime).
     *
     * @return the metrics
     */
    public BufferMetrics metrics() {
        Snapshot s = snapshot();
        long uptime = (closed ? closedNanos : System.nanoTime()) - createdNanos;
        double seconds = Math.max(uptime, 1) / 1e9;
        long ops = s.writeOps() + s.readOps();
        long errors = s.fullErrors() + s.insufficientErrors();
        long waits = s.writerWaits() + s.readerWaits();
        return new BufferMetrics(s.writeOps(), s.readOps(), s.samplesWritten(), s.samplesRead(),
                s.samplesWritten() * Float.BYTES, s.samplesRead() * Float.BYTES,
                ratio(s.writeNanos(), s.writesTimed()), ratio(s.readNanos(), s.readsTimed()),
                s.zeroCopy(), s.copied(), s.zeroCopy() + s.copied() == 0 ? 1.0 : ratio(s.zeroCopy(), s.zeroCopy() + s.copied()),
                s.fullErrors(), s.insufficientErrors(), waits, ratio(s.writerWaitNanos() + s.readerWaitNanos(), waits),
                ratio(s.peakFill(), s.capacity()), s.fillSamples() == 0 ? 0 : (double) s.fillSum() / s.fillSamples() / s.capacity(),
                s.cacheHits(), s.cacheMisses(), s.cacheEvictions(), ratio(s.cacheHits(), s.cacheHits() + s.cacheMisses()),
                s.samplesWritten() * Float.BYTES / seconds, s.samplesRead() * Float.BYTES / seconds, ops / seconds,
                ratio(errors, ops + errors), uptime);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /**
     * The seed's health monitor: position and size consistency, storage alignment and layout,
     * and warnings for a buffer over 90 % or under 10 % full and for reads lagging writes.
     * Answers after close too.
     *
     * @return the report
     */
    public IntegrityReport checkIntegrity() {
        Snapshot s = snapshot();
        Ring r = ring;
        IntegrityReport report = Integrity.check(s, r, closed, provider.name());
        if (!report.healthy()) {
            BufferEvents.IntegrityProblem e = new BufferEvents.IntegrityProblem();
            if (e.shouldCommit()) {
                e.buffer = name;
                e.issues = String.join("; ", report.issues());
                e.commit();
            }
        }
        return report;
    }

    /**
     * The seed's periodic health check, without a thread of our own: call it as often as is
     * convenient (from a scheduled task the application owns, say); it checks at most once per
     * {@code interval}.
     *
     * @param interval least time between two checks
     * @return the report when a check was due, else empty
     */
    public Optional<IntegrityReport> checkIntegrityIfDue(Duration interval) {
        long due = Objects.requireNonNull(interval, "interval").toNanos();
        long now = System.nanoTime();
        long last = lastPeriodicCheck;
        if (last != 0 && now - last < due) {
            return Optional.empty();
        }
        lastPeriodicCheck = now;
        return Optional.of(checkIntegrity());
    }

    /**
     * The seed's recovery: when positions or totals are inconsistent (see
     * {@link #checkIntegrity()}), resets them to a safe empty state (every unread sample is
     * given up, counted as cleared), counts the recovery, and reports what was lost. Chunks taken
     * before become invalid. Does nothing when positions are consistent. Storage problems (closed
     * or unmapped storage) are not recoverable here: close the buffer and make a new one.
     *
     * @return what was found and what was lost
     */
    public RecoveryReport recover() {
        enterManagement();
        try {
            Ring r = openRing("recover");
            Snapshot s = Snapshot.capture(r);
            List<String> issues = Integrity.positionIssues(s);
            if (issues.isEmpty()) {
                return new RecoveryReport(false, 0, issues);
            }
            ControlBlock c = r.control;
            // The count of samples written is the one figure no reader touches: trust it.
            long tail = Math.max(0, s.samplesWritten());
            long lost = Math.max(0, Math.min(r.capacity, tail - Math.max(0, Math.max(s.head(), s.floor()))));
            c.set(MAGIC, MAGIC_VALUE);
            c.set(VERSION, VERSION_VALUE);
            c.set(SAMPLES_WRITTEN, tail);
            c.release(TAIL, tail);
            c.release(FLOOR, Math.min(Math.max(0, s.floor()), tail));
            c.release(HEAD, tail);
            c.set(CLEARED, tail - s.samplesRead() - s.droppedObserved());
            c.add(RECOVERIES, 1);
            c.add(GENERATION, 1);
            headCache = tail;
            return new RecoveryReport(true, lost, issues);
        } finally {
            exitManagement();
        }
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
        long[] buckets = closed ? closedHistogram(writes) : histogram(ring.control, writes);
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(phi * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= Math.max(rank, 1)) {
                return Math.pow(2, i + 1);
            }
        }
        return Math.pow(2, buckets.length);
    }

    private static long[] histogram(ControlBlock c, boolean writes) {
        long base = writes ? WRITE_HISTOGRAM : READ_HISTOGRAM;
        long[] buckets = new long[HISTOGRAM_BUCKETS];
        for (int i = 0; i < buckets.length; i++) {
            buckets[i] = c.get(base + (long) i * Long.BYTES);
        }
        return buckets;
    }

    private long[] closedHistogram(boolean writes) {
        return writes ? closedWriteHistogram : closedReadHistogram;
    }

    /** The raw figures, for the Micrometer binder. */
    Snapshot rawSnapshot() {
        return snapshot();
    }

    /** Runs {@code listener} once the buffer is closed (at once if it already is). */
    void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (closed && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    /**
     * A snapshot in which head, tail and floor belong to one moment: read optimistically, and
     * if either side moved during the read, again; after a few tries, with both sides held.
     */
    private Snapshot snapshot() {
        for (int attempt = 0; attempt < 8; attempt++) {
            Snapshot done = closedSnapshot;
            if (done != null) {
                return done;
            }
            Ring r = ring;
            try {
                Snapshot s = Snapshot.capture(r);
                ControlBlock c = r.control;
                if (r == ring && s.tail() == c.acquire(TAIL) && s.head() == c.acquire(HEAD)
                        && s.floor() == c.acquire(FLOOR)) {
                    return s;
                }
            } catch (IllegalStateException storageClosed) {
                // close() freed the storage between our reads; the closed snapshot is set before that.
            }
        }
        enterManagement();
        try {
            Snapshot done = closedSnapshot;
            return done != null ? done : Snapshot.capture(ring);
        } finally {
            exitManagement();
        }
    }

    // ------------------------------------------------------------------------------------------
    // Management

    /** Drops all unread samples; counters stay monotonic and chunks taken before become invalid. */
    public void clear() {
        enterManagement();
        try {
            Ring r = openRing("clear");
            ControlBlock c = r.control;
            long oldest = catchUp(r);
            long tail = c.get(TAIL);
            c.add(CLEARED, tail - oldest);
            c.release(HEAD, tail);
            c.add(GENERATION, 1);
        } finally {
            exitManagement();
        }
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
        int newCapacity = capacityForSeconds(config, newCapacitySeconds);
        enterManagement();
        try {
            Ring old = openRing("resize");
            long oldest = catchUp(old);
            long tail = old.control.get(TAIL);
            boolean fits = tail - oldest <= newCapacity;
            BufferEvents.Resize event = new BufferEvents.Resize();
            if (event.shouldCommit()) {
                event.buffer = name;
                event.oldCapacity = old.capacity;
                event.newCapacity = newCapacity;
                event.unread = tail - oldest;
                event.resized = fits;
                event.commit();
            }
            if (!fits) {
                return false;
            }
            Ring next = newRing(provider, newCapacity);
            try {
                next.control.copyFrom(old.control);
                old.transferTo(next, oldest, tail);
                next.control.add(GENERATION, 1);
            } catch (RuntimeException | Error e) {
                next.storage.close();
                throw e;
            }
            ring = next;
            old.storage.close();
            return true;
        } finally {
            exitManagement();
        }
    }

    /**
     * Closes the buffer and frees its storage. Idempotent. Threads waiting in it wake with
     * {@link BufferClosedException}; every later data or management call throws it; status,
     * metrics and {@link #checkIntegrity()} still answer. Native chunk views throw
     * {@link IllegalStateException} when used after this.
     */
    @Override
    public void close() {
        enterManagement();
        try {
            if (closed) {
                return;
            }
            Ring r = ring;
            r.control.add(GENERATION, 1);
            closedNanos = System.nanoTime();
            closedSnapshot = Snapshot.capture(r);
            closedWriteHistogram = histogram(r.control, true);
            closedReadHistogram = histogram(r.control, false);
            closed = true;
            r.storage.close();
        } finally {
            exitManagement();
        }
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
    }

    /** {@return whether {@link #close()} was called} */
    public boolean isClosed() {
        return closed;
    }

    private Ring openRing(String call) {
        if (closed) {
            throw new BufferClosedException(call + " on a closed buffer (" + provider.name() + ", capacity "
                    + capacity() + " samples)");
        }
        return ring;
    }

    // ------------------------------------------------------------------------------------------
    // Read-side ownership

    private void enterReader(String call) {
        acquireSide(READER_OWNER, call, "read side", "the read side is for one consumer at a time");
    }

    private void exitReader() {
        READER_OWNER.setRelease(this, null);
    }

    /** Takes a side for this thread; waits out a management call, refuses another thread. */
    private void acquireSide(VarHandle side, String call, String name, String rule) {
        Thread me = Thread.currentThread();
        for (int spins = 0; ; spins++) {
            Object owner = side.compareAndExchange(this, null, me);
            if (owner == null) {
                return;
            }
            if (owner != MANAGEMENT) {
                throw new ThreadSafetyViolationException(call + " from thread '" + me.getName() + "' while thread '"
                        + ((Thread) owner).getName() + "' is in the " + name + "; " + rule);
            }
            backOff(spins);
        }
    }

    private static void backOff(int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Takes the writer lock, then both sides: no writer and no reader is inside a call afterwards. */
    private void enterManagement() {
        writerLock.lock();
        for (int spins = 0; !WRITER_OWNER.compareAndSet(this, null, MANAGEMENT); spins++) {
            backOff(spins);
        }
        for (int spins = 0; !READER_OWNER.compareAndSet(this, null, MANAGEMENT); spins++) {
            backOff(spins);
        }
    }

    /** Releases both sides and wakes every waiter, which re-tests its condition (room, data, closed). */
    private void exitManagement() {
        READER_OWNER.setRelease(this, null);
        WRITER_OWNER.setRelease(this, null);
        try {
            space.signalAll();
            data.signalAll();
        } finally {
            writerLock.unlock();
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
        requireFrames(config, "chunkSize", chunkSize);
        requireFrames(config, "overlapSize", overlapSize);
        int capacity = capacity();
        if ((long) chunkSize + overlapSize > capacity) {
            throw new IllegalArgumentException("chunkSize + overlapSize = " + ((long) chunkSize + overlapSize)
                    + " exceeds the capacity of " + capacity + " samples: such a chunk can never be available");
        }
    }

    private void checkView(ChunkView view) {
        Objects.requireNonNull(view, "view");
        if (view.owner() != this) {
            throw new IllegalArgumentException("the ChunkView belongs to another buffer; make one with newChunkView()");
        }
    }

    private static void requireFrames(AudioConfig config, String what, long samples) {
        // Mono needs no division: the steady path checks several sizes per chunk.
        int channels = config.channels();
        if (channels != 1 && samples % channels != 0) {
            throw new IllegalArgumentException(what + " = " + samples + " is not a whole number of frames (channels="
                    + config.channels() + ")");
        }
    }

    private static int capacityForSeconds(AudioConfig config, int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("capacitySeconds must be > 0, was " + seconds);
        }
        long samples = (long) config.samplesPerSecond() * seconds;
        if (samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity of " + seconds + " s at " + config.sampleRate() + " Hz x "
                    + config.channels() + " channels = " + samples + " samples overflows an int");
        }
        return (int) samples;
    }

    /** {@return the {@link System#nanoTime()} deadline of a positive timeout, 0 for none} */
    private static long deadline(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return 0;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        return deadline == 0 ? 1 : deadline;
    }

    private static long timeoutNanos(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    @Override
    public String toString() {
        return "AudioRingBuffer[" + name + ", " + provider.name() + ", " + config + ", capacity=" + capacity() + ", policy="
                + policy + (closed ? ", closed" : "") + "]";
    }
}
