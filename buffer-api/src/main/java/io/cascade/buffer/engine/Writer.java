package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.BufferInterruptedException;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.WaitStrategy;

import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * The write side of a buffer: writes, batches and the room for claims, and the waits for room
 * (the {@link Room} each block gets is the overflow policy's), over the writer's position and
 * counts ({@link WriterPosition}). It owns the write side (a {@link WriteSide}
 * of the buffer's producer mode, with the cached gate); the buffer's management calls hold it
 * through {@link #holdForManagement()}, and the buffer's claim object holds it from
 * {@link #claimRoom} to its commit or abort.
 */
public final class Writer extends WriterPosition {
    private final CurrentRing current;
    /** Room for each block as the overflow policy says, against the readers' gate. */
    private final Room room;
    private final AudioConfig config;
    private final WaitStrategy waitStrategy;
    private final String name;
    /** Whether one operation in {@link SideState#TIMING_SAMPLE_INTERVAL} is timed. */
    private final boolean timing;

    /** Who is inside: one writer thread, writers in turn, or a management call (as the producer mode says). */
    private final WriteSide side;
    /** Writers wait here for room; readers signal it when they advance. */
    private final Signal space;
    /** Readers wait here for data; a publication signals it. */
    private final Signal data;

    /**
     * The write side of a buffer.
     *
     * @param current   the buffer's ring and closed flag
     * @param readers   the open readers, whose slowest position gates the writer
     * @param settings  the buffer's fixed settings
     * @param producers the producer mode
     * @param shared    the buffer's shared file, or {@code null}
     * @param refusal   why this process may not write (a shared file's reader), or {@code null}
     */
    public Writer(CurrentRing current, Gate readers, BufferSettings settings, ProducerMode producers,
                  SharedFile shared, String refusal) {
        this(current, readers, settings, WriteSide.of(producers, settings.waitStrategy()), shared, refusal);
    }

    private Writer(CurrentRing current, Gate readers, BufferSettings settings, WriteSide side, SharedFile shared,
                   String refusal) {
        super(side.state, settings, shared, refusal, current.get());
        this.current = current;
        this.config = settings.config();
        this.waitStrategy = settings.waitStrategy();
        this.side = side;
        this.room = new Room(readers, settings.policy(), settings.name(), writeSide);
        this.name = settings.name();
        this.timing = settings.timing();
        this.space = settings.space();
        this.data = settings.data();
    }

    /** {@return the stream this writer takes} */
    public AudioConfig config() {
        return config;
    }

    // ------------------------------------------------------------------------------------------
    // The buffer's write calls (documented on AudioRingBuffer)

    /**
     * Appends a block, as {@code AudioRingBuffer.write(float[], boolean, Duration)} says.
     *
     * @param samples  the block
     * @param blocking whether a BLOCK write may wait for room
     * @param timeout  longest wait, {@code null} for none
     * @return whether it was written ({@code false}: REJECT dropped it)
     */
    public boolean write(float[] samples, boolean blocking, Duration timeout) {
        Objects.requireNonNull(samples, "samples");
        long timeoutNanos = Deadline.timeoutNanos(timeout);
        Frames.require(config, "write length", samples.length);
        return writeBlock(samples, null, 0, samples.length, blocking, timeoutNanos);
    }

    /**
     * Appends a block of native-order floats, as {@code AudioRingBuffer.write(MemorySegment, boolean, Duration)} says.
     *
     * @param samples  the block
     * @param blocking whether a BLOCK write may wait for room
     * @param timeout  longest wait, {@code null} for none
     * @return whether it was written ({@code false}: REJECT dropped it)
     */
    public boolean write(MemorySegment samples, boolean blocking, Duration timeout) {
        Objects.requireNonNull(samples, "samples");
        return write(samples, 0, Frames.samplesIn(samples), blocking, timeout);
    }

    /**
     * Appends {@code count} native-order floats of a segment from {@code byteOffset}, as
     * {@code AudioRingBuffer.write(MemorySegment, long, int, boolean, Duration)} says.
     *
     * @param source     the segment
     * @param byteOffset where the samples begin in it
     * @param count      samples to append
     * @param blocking   whether a BLOCK write may wait for room
     * @param timeout    longest wait, {@code null} for none
     * @return whether it was written ({@code false}: REJECT dropped it)
     */
    public boolean write(MemorySegment source, long byteOffset, int count, boolean blocking, Duration timeout) {
        Objects.requireNonNull(source, "samples");
        long timeoutNanos = Deadline.timeoutNanos(timeout);
        Frames.requireReadable(source, byteOffset, count);
        Frames.require(config, "write length", count);
        return writeBlock(null, source, byteOffset, count, blocking, timeoutNanos);
    }

    /**
     * Writes blocks in order without waiting, holding the write side throughout.
     *
     * @param blocks the blocks
     * @return how many were written before the first that did not fit
     */
    public int writeBatch(List<float[]> blocks) {
        Objects.requireNonNull(blocks, "blocks");
        for (int i = 0; i < blocks.size(); i++) {
            float[] block = Objects.requireNonNull(blocks.get(i), "blocks[" + i + "]");
            Frames.require(config, "blocks[" + i + "] length", block.length);
        }
        enterWriter("writeBatch");
        try {
            int written = 0;
            for (float[] block : blocks) {
                Ring r = current.open("writeBatch");
                if (!room.make(r, block.length)) {
                    r.control.add(OVERFLOWS, 1);
                    break;
                }
                publish(r, block, null, 0, block.length);
                written++;
            }
            return written;
        } finally {
            exitWriter();
        }
    }

    /**
     * Enters the write side and makes room for a claim of {@code samples}, as
     * {@code AudioRingBuffer.claim} says; on success the side stays held until the claim's
     * {@link #commitClaim} or {@link #releaseClaim}.
     *
     * @param samples  samples to claim
     * @param blocking whether a BLOCK claim may wait for room
     * @param timeout  longest wait, {@code null} for none
     * @return the ring, room made at {@link #position()}; {@code null} when REJECT found no room
     */
    public Ring claimRoom(int samples, boolean blocking, Duration timeout) {
        if (samples <= 0) {
            throw new IllegalArgumentException("claim of " + samples + " samples: must be > 0");
        }
        Frames.require(config, "claim", samples);
        long timeoutNanos = Deadline.timeoutNanos(timeout);
        int capacity = current.get().capacity;
        if (samples > capacity) {
            throw new IllegalArgumentException("claim of " + samples + " samples exceeds the capacity of " + capacity
                    + ": write(...) keeps the newest samples of such a block");
        }
        return acquireRoom("claim", samples, blocking, timeoutNanos);
    }

    /** {@return the write position; the caller holds the write side} */
    public long position() {
        return writeSide.position;
    }

    private boolean writeBlock(float[] array, MemorySegment segment, long segmentBase, int count, boolean blocking,
                               long timeoutNanos) {
        Ring r = acquireRoom("write", count, blocking, timeoutNanos);
        if (r == null) {
            return false;
        }
        try {
            publish(r, array, segment, segmentBase, count);
            return true;
        } finally {
            exitWriter();
        }
    }

    /**
     * Enters the write side and makes room for {@code count} samples as the policy says, waiting
     * for it (outside the write side) where the policy and the caller allow. The first attempt
     * is all a write that fits runs; it is kept apart from the refusals and the wait
     * ({@link #awaitRoom}) so that it stays under the JIT's size limit for inlining a hot method
     * (325 bytes of bytecode): in one method of 451 bytes it was a call on every write.
     *
     * @return the ring, with the write side held and room made; {@code null} when REJECT refused
     */
    private Ring acquireRoom(String call, int count, boolean blocking, long timeoutNanos) {
        enterWriter(call);
        boolean roomMade = false;
        try {
            Ring r = current.open(call);
            roomMade = room.make(r, count);
            if (roomMade) {
                return r;
            }
        } finally {
            if (!roomMade) {
                exitWriter();
            }
        }
        return awaitRoom(call, count, blocking, timeoutNanos);
    }

    /** What {@link #acquireRoom} does when the first attempt found no room: refuse, or wait and try again. */
    private Ring awaitRoom(String call, int count, boolean blocking, long timeoutNanos) {
        long deadline = Deadline.of(timeoutNanos);
        long waitStart = 0;
        BufferEvents.WriterBlocked blocked = null;
        boolean roomMade = false;
        long gateWanted = Long.MIN_VALUE;
        try {
            for (;;) {
                enterWriter(call);
                try {
                    Ring r = current.open(call);
                    if (room.make(r, count)) {
                        roomMade = true;
                        return r;
                    }
                    if (room.rejects(r, call, count, blocking, timeoutNanos, deadline)) {
                        return null;
                    }
                    gateWanted = room.gateWanted(r, count);
                } finally {
                    if (!roomMade) {
                        exitWriter();
                    }
                }
                // Wait outside the write side, so that other writers and management calls go on.
                if (waitStart == 0) {
                    waitStart = System.nanoTime();
                    blocked = BufferEvents.beginWriterBlocked();
                }
                try {
                    space.await(waitStrategy, () -> roomFor(count), deadline, gateWanted);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new BufferInterruptedException(call + " of " + count
                            + " samples interrupted while waiting for room; nothing was written", e);
                }
            }
        } finally {
            if (waitStart != 0) {
                recordWait(System.nanoTime() - waitStart, roomMade);
                BufferEvents.endWriterBlocked(blocked, name, count);
            }
        }
    }

    /**
     * Whether a waiting write may retry: room, or a reason to fail (closed, longer than a resized
     * capacity). Tests inside the write side, as resize frees storage only with it held (freeing
     * memory under a reading thread sets that thread's interrupt flag); while another writer or a
     * management call holds it, the retry waits for it instead.
     */
    private boolean roomFor(int count) {
        if (!tryEnterWriter()) {
            return true;
        }
        try {
            Ring r = current.open("write");
            return count > r.capacity || count <= room.free(r);
        } finally {
            exitWriter();
        }
    }

    /**
     * Copies a block in after {@link Room#make} (none when {@code array} and {@code segment} are
     * null: a claim filled the ring in place) and publishes it. Caller holds the write side.
     */
    private void publish(Ring r, float[] array, MemorySegment segment, long segmentBase, int count) {
        ControlBlock c = r.control;
        SideState w = writeSide;
        boolean timed = timing && (w.ops & (SideState.TIMING_SAMPLE_INTERVAL - 1)) == 0;
        long t0 = timed ? System.nanoTime() : 0;
        long tail = w.position;
        long newTail = tail + count;
        if (array != null || segment != null) {
            int skip = count > r.capacity ? count - r.capacity : 0;
            r.copyIn(array, segment, segmentBase, skip, tail + skip, count - skip);
        }
        if (shared == null) {
            // This process's readers read it here; management stores it into the block.
            published.release(newTail);
        } else {
            c.release(TAIL, newTail);
        }
        w.position = newTail;
        w.countOp();
        w.countSamples(count);
        data.signal(waitStrategy, newTail);
        if (shared != null) {
            w.storeWriterCounts(c);
            shared.beat();
        }
        if (timed) {
            recordTimedWrite(c, t0, r);
        }
    }

    /** Kept out of {@link #publish}, so that the common, untimed write stays small for the JIT. */
    private void recordTimedWrite(ControlBlock c, long t0, Ring r) {
        room.recordFill(r);
        long nanos = System.nanoTime() - t0;
        c.add(WRITE_NANOS, nanos);
        c.add(WRITES_TIMED, 1);
        c.add(WRITE_HISTOGRAM + (long) ControlBlockDescriptor.bucketOf(nanos) * Long.BYTES, 1);
    }

    /**
     * Enters the write side ({@link WriteSide#enter}), counting a wait for another writer. The
     * check of the process's role is a load of a final field; an open claim of this thread is
     * found by the side's owner being this thread.
     */
    private void enterWriter(String call) {
        if (refusal != null) {
            throw new IllegalStateException(call + refusal);
        }
        long waited = side.enter(call);
        if (waited != 0) {
            recordWait(waited, true);
        }
    }

    private void exitWriter() {
        side.exit();
    }

    private boolean tryEnterWriter() {
        return side.tryEnter();
    }

    /**
     * Counts a writer's wait (for room, or for its turn): at once when the caller holds the
     * write side, else only if the write side is free (statistics are not worth waiting for).
     */
    private void recordWait(long nanos, boolean holding) {
        if (!holding && !tryEnterWriter()) {
            return;
        }
        try {
            if (!current.isClosed()) {
                ControlBlock c = current.get().control;
                c.add(WRITER_WAITS, 1);
                c.add(WRITER_WAIT_NANOS, nanos);
            }
        } finally {
            if (!holding) {
                exitWriter();
            }
        }
    }

    /**
     * Publishes a claim's samples, copying them from scratch first unless filled in place, and
     * keeps the write side held (the claim leaves it with {@link #releaseClaim()}).
     *
     * @param r       the ring {@link #claimRoom} returned
     * @param scratch where the samples were filled, or {@code null} for in place
     * @param count   samples to publish
     */
    public void commitClaim(Ring r, MemorySegment scratch, int count) {
        if (count > 0) {
            publish(r, null, scratch, 0, count);
        }
    }

    /** Leaves the write side that an open claim held. */
    public void releaseClaim() {
        exitWriter();
    }

    // ------------------------------------------------------------------------------------------
    // For the buffer's management calls

    /** Takes the write side for a management call ({@link WriteSide#holdForManagement()}). */
    public void holdForManagement() {
        side.holdForManagement();
    }

    /** Gives the write side back after {@link #holdForManagement()} and wakes writers waiting for it. */
    public void releaseFromManagement() {
        side.releaseFromManagement();
    }

    /**
     * Caches the gate afresh after a management call, which may have moved the readers back;
     * after the readers reloaded their positions. Held for management.
     *
     * @param r the current ring
     */
    public void cacheGate(Ring r) {
        room.refreshGate(r);
    }
}
