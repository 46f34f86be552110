package io.cascade.buffer;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Room for samples in an {@link AudioRingBuffer} that the producer fills in place (a decoder, a
 * {@link MemorySegment#copy}, a native function given {@code segment().address()}), then
 * publishes with {@link #commit()} or {@link #commit(int)}, or drops with {@link #abort()}.
 * Made by {@link AudioRingBuffer#claim(int, boolean, java.time.Duration)}.
 *
 * <pre>{@code
 * try (WriteClaim claim = buf.claim(160, true, null)) {
 *     int decoded = decoder.decodeInto(claim.segment());   // fills up to 160 floats
 *     claim.commit(decoded);                               // readers see them from here on
 * }                                                        // not committed: aborted
 * }</pre>
 *
 * <h2>Where the samples go</h2>
 * On ffm storage with native access, the segment is the claimed slice of the ring itself (on
 * mirrored storage always; on plain storage unless the claim crosses the end of storage), and
 * commit copies nothing. Otherwise (heap storage, a wrapping claim on plain storage, native
 * access disabled) it is scratch memory that commit copies into the ring. {@link #inPlace()}
 * says which. Its contents when handed out are unspecified: fill all of it, or commit fewer.
 *
 * <h2>Lifetime</h2>
 * The segment belongs to a confined arena of the claim: it is accessible only from the thread
 * that claimed, and {@link #commit()}, {@link #commit(int)}, {@link #abort()} and
 * {@link #close()} close that arena, so a late write through a kept reference throws
 * {@link IllegalStateException} instead of changing published samples. That arena is the one
 * allocation of the claim path. While a claim is open the claiming thread holds the buffer's
 * write side: other writers wait (or, with {@link ProducerMode#SINGLE}, are refused), and
 * {@link AudioRingBuffer#close()}, {@code clear()} and {@code resize()} wait for it; the same
 * thread may not write, claim again, or call those until it commits or aborts. Keep claims short.
 *
 * <p>Each buffer has one claim object, handed out again by every {@code claim}: do not keep it
 * past its commit.
 */
public final class WriteClaim implements AutoCloseable {
    private final AudioRingBuffer buffer;

    /** The claiming thread while open, else null. Plain: only that thread ever sees itself here. */
    private Thread thread;
    private Ring ring;
    private long position;
    private int samples;
    private Arena arena;
    private MemorySegment segment;
    private boolean inPlace;
    private String ended = "was never opened";

    WriteClaim(AudioRingBuffer buffer) {
        this.buffer = buffer;
    }

    /** Called with the write side held and room made for {@code samples} at {@code position}. */
    void open(Ring r, long position, int samples) {
        Arena a = Arena.ofConfined();
        long bytes = (long) samples * Float.BYTES;
        int index = r.index(position);
        try {
            MemorySegment view = r.mirrored || index + samples <= r.slots
                    ? r.storage.scopedView((long) index * Float.BYTES, bytes, a) : null;
            this.inPlace = view != null;
            this.segment = view != null ? view : a.allocate(bytes, 64);
        } catch (RuntimeException | Error e) {
            a.close();
            throw e;
        }
        this.arena = a;
        this.ring = r;
        this.position = position;
        this.samples = samples;
        this.thread = Thread.currentThread();
    }

    /** {@return whether {@code t} holds this claim open} */
    boolean isOpenOn(Thread t) {
        return thread == t;
    }

    /**
     * The memory to fill: {@link #samples()} native-order floats.
     *
     * @return the segment, valid until this claim is committed or aborted
     * @throws IllegalStateException if the claim is committed or aborted, or used from another thread
     */
    public MemorySegment segment() {
        requireOpen("segment");
        return segment;
    }

    /** {@return samples claimed} */
    public int samples() {
        requireOpen("samples");
        return samples;
    }

    /** {@return stream position of the claim's first sample} */
    public long position() {
        requireOpen("position");
        return position;
    }

    /** {@return whether {@link #segment()} is the ring itself (no copy at commit) rather than scratch} */
    public boolean inPlace() {
        requireOpen("inPlace");
        return inPlace;
    }

    /** {@return whether the claim is open: not yet committed or aborted} */
    public boolean isOpen() {
        return thread != null;
    }

    /**
     * Publishes all claimed samples.
     *
     * @throws IllegalStateException if the claim is committed or aborted, or used from another thread
     */
    public void commit() {
        commit(samples());
    }

    /**
     * Publishes the first {@code samplesWritten} samples and gives the rest back.
     *
     * @param samplesWritten from 0 to {@link #samples()}, whole frames
     * @throws IllegalArgumentException if out of range or not whole frames (the claim stays open)
     * @throws IllegalStateException    if the claim is committed or aborted, or used from another thread
     */
    public void commit(int samplesWritten) {
        requireOpen("commit");
        if (samplesWritten < 0 || samplesWritten > samples) {
            throw new IllegalArgumentException("commit of " + samplesWritten + " samples: the claim holds " + samples);
        }
        AudioRingBuffer.requireFrames(buffer.config(), "commit", samplesWritten);
        try {
            buffer.commitClaim(ring, inPlace ? null : segment, samplesWritten);
        } finally {
            end("was committed");
        }
    }

    /**
     * Drops the claim: nothing is published. Under {@link OverflowPolicy#OVERWRITE}, samples
     * dropped to make room for it stay dropped.
     *
     * @throws IllegalStateException if the claim is committed or aborted, or used from another thread
     */
    public void abort() {
        requireOpen("abort");
        end("was aborted");
    }

    /** Aborts the claim if it is still open (for try-with-resources); otherwise does nothing. */
    @Override
    public void close() {
        if (thread == Thread.currentThread()) {
            end("was aborted");
        }
    }

    private void end(String how) {
        Arena a = arena;
        arena = null;
        segment = null;
        ring = null;
        thread = null;
        ended = how;
        try {
            a.close();
        } finally {
            buffer.releaseClaim();
        }
    }

    private void requireOpen(String call) {
        Thread t = thread;
        if (t == null) {
            throw new IllegalStateException(call + " on a claim that " + ended + "; claim again");
        }
        if (t != Thread.currentThread()) {
            throw new IllegalStateException(call + " from thread '" + Thread.currentThread().getName()
                    + "' on a claim open on thread '" + t.getName() + "'; a claim belongs to the thread that made it");
        }
    }

    @Override
    public String toString() {
        Thread t = thread;
        return "WriteClaim[" + (t == null ? "closed: " + ended : samples + " samples at " + position) + "]";
    }
}
