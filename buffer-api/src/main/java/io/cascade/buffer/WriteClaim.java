package io.cascade.buffer;

import io.cascade.buffer.engine.Frames;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.SideState;
import io.cascade.buffer.engine.Writer;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;

/**
 * Room for samples in an {@link AudioRingBuffer} that the producer fills in place (a decoder, a
 * {@link MemorySegment#copy}, a native function given {@code segment()}), then publishes with
 * {@link #commit()} or {@link #commit(int)}, or drops with {@link #abort()}. Made by
 * {@link AudioRingBuffer#claim(int, boolean, java.time.Duration)}.
 *
 * <pre>{@code
 * try (WriteClaim claim = buf.claim(160, true, null)) {
 *     int decoded = decoder.decodeInto(claim.segment());   // fills up to 160 floats
 *     claim.commit(decoded);                               // readers see them from here on
 * }                                                        // not committed: aborted
 * }</pre>
 *
 * <h2>Where the samples go</h2>
 * On native (ffm) storage the segment is the claimed slice of the ring itself, on mirrored
 * storage always and on plain storage unless the claim crosses the end of storage, and commit
 * copies nothing. Otherwise (heap storage, a wrapping claim on plain storage) it is native
 * scratch memory of the buffer's that commit copies into the ring, so a native producer can fill
 * any claim. {@link #inPlace()} says which. Its contents when handed out are unspecified: fill
 * all of it, or commit fewer.
 *
 * <h2>Lifetime and cost</h2>
 * Each buffer has one claim object, opened again by every {@code claim}; claiming, filling and
 * committing allocate nothing. The segment is valid from the claim until its commit or abort:
 * after that {@link #segment()} and every other call but {@link #isOpen()} throw
 * {@link IllegalStateException}, and a second commit or abort says the claim already ended. A
 * segment reference kept past the commit is not stopped (stopping it would take an arena per
 * claim): a late write through it changes the ring, so do not keep it, as with any claimed slot
 * of a ring buffer. While a claim is open the claiming thread holds the buffer's write side:
 * other writers wait (or, with {@link ProducerMode#SINGLE}, are refused), and
 * {@link AudioRingBuffer#close()}, {@code clear()} and {@code resize()} wait for it; the same
 * thread may not write, claim again, or call those until it commits or aborts. Keep claims short.
 */
public final class WriteClaim implements AutoCloseable {
    private final Writer writer;

    /**
     * The claiming thread's id while open, else 0. Plain: only that thread ever sees itself here.
     * An id, and the ring and end stored only when they change, because each reference store
     * into this long-lived object may run G1's fencing post-write barrier (see {@code SideState}).
     */
    private long owner;
    /** The ring of the latest claim; kept after it ends (the buffer holds it anyway). */
    private Ring ring;
    private long position;
    private int samples;
    /** In place: the claim's byte offset in the ring's samples; else unused. */
    private long byteOffset;
    private boolean inPlace;
    private String ended = "was never opened";

    /**
     * Native memory for claims that cannot be in place, grown to the largest such claim and
     * freed with the buffer ({@link #free()}); {@code scratchView} is its slice for the last size
     * asked, so that a stream of equal claims reuses one view. Used only with the write side held.
     */
    private Arena scratchArena;
    private MemorySegment scratch;
    private MemorySegment scratchView;

    WriteClaim(Writer writer) {
        this.writer = writer;
    }

    /** Called with the write side held and room made for {@code samples} at {@code position}. */
    void open(Ring r, long position, int samples) {
        int index = r.index(position);
        boolean contiguous = r.mirrored || index + samples <= r.slots;
        if (contiguous && r.samples.isNative()) {
            this.byteOffset = (long) index * Float.BYTES;
            this.inPlace = true;
        } else {
            useScratch((long) samples * Float.BYTES);
            this.inPlace = false;
        }
        if (ring != r) {
            ring = r;
        }
        this.position = position;
        this.samples = samples;
        this.owner = Thread.currentThread().threadId();
    }

    private void useScratch(long bytes) {
        if (scratchView != null && scratchView.byteSize() == bytes) {
            return;
        }
        if (scratch == null || scratch.byteSize() < bytes) {
            // Shared: claims of a MULTI buffer come from any thread. Grows only to a larger claim.
            Arena grown = Arena.ofShared();
            MemorySegment memory;
            try {
                memory = grown.allocate(bytes, 64);
            } catch (RuntimeException | Error e) {
                grown.close(); // out of native memory: the claim fails, the old scratch stays
                throw e;
            }
            free();
            scratchArena = grown;
            scratch = memory;
        }
        scratchView = scratch.asSlice(0, bytes);
    }

    /** Frees the scratch memory; the buffer calls it at close, with the write side held. */
    void free() {
        if (scratchArena != null) {
            scratchArena.close();
            scratchArena = null;
            scratch = null;
            scratchView = null;
        }
    }

    /**
     * The memory to fill: {@link #samples()} native-order floats. In place, each call returns a
     * new view object of the same memory; used within the calling method, the JIT removes it.
     *
     * @return the segment, valid until this claim is committed or aborted
     * @throws IllegalStateException if the claim is committed or aborted, or used from another thread
     */
    public MemorySegment segment() {
        requireOpen("segment");
        return inPlace ? ring.samples.asSlice(byteOffset, (long) samples * Float.BYTES) : scratchView;
    }
    /**
     * Fills the whole claim from {@code source}: {@link #samples()} native-order floats starting
     * at byte {@code sourceOffset}. Unlike a copy into {@link #segment()}, it makes no view object,
     * so it allocates nothing even where the JIT cannot remove one (an upcall from a native
     * audio thread, a period's buffer reached by address). Fill a part, or convert while
     * copying, through {@code segment()} instead.
     *
     * @param source       memory holding at least {@code samples() * 4} bytes from {@code sourceOffset}
     * @param sourceOffset byte offset of the first sample in {@code source}
     * @throws IndexOutOfBoundsException if {@code source} is too short from {@code sourceOffset}
     *                                   (the claim stays open, its memory unchanged)
     * @throws IllegalStateException     if the claim is committed or aborted, or used from another
     *                                   thread, or {@code source}'s arena is closed
     */
    public void copyFrom(MemorySegment source, long sourceOffset) {
        requireOpen("copyFrom");
        long bytes = (long) samples * Float.BYTES;
        if (inPlace) {
            MemorySegment.copy(source, sourceOffset, ring.samples, byteOffset, bytes);
        } else {
            MemorySegment.copy(source, sourceOffset, scratchView, 0, bytes);
        }
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
        return owner != 0;
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
        Frames.require(writer.config(), "commit", samplesWritten);
        try {
            writer.commitClaim(ring, inPlace ? null : scratchView, samplesWritten);
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
        if (owner == Thread.currentThread().threadId()) {
            end("was aborted");
        }
    }

    private void end(String how) {
        owner = 0;
        if (ended != how) {
            ended = how;
        }
        writer.releaseClaim();
    }

    private void requireOpen(String call) {
        long t = owner;
        if (t == 0) {
            throw new IllegalStateException(call + " on a claim that " + ended + "; claim again");
        }
        if (t != Thread.currentThread().threadId()) {
            throw new IllegalStateException(call + " from thread '" + Thread.currentThread().getName()
                    + "' on a claim open on thread " + SideState.threadName(t) + "; a claim belongs to the thread that made it");
        }
    }

    @Override
    public String toString() {
        return "WriteClaim[" + (owner == 0 ? "closed: " + ended : samples + " samples at " + position) + "]";
    }
}
