package io.cascade.buffer.engine;

import io.cascade.buffer.ThreadSafetyViolationException;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;

/**
 * What one side (the writer, or one reader) writes on every call, on cache lines of its own:
 * the owner taken by compare-and-set on entry (a thread id, not a {@code Thread}: a reference
 * store pays G1's post-write barrier, which fences again whenever the side lives in the old
 * generation, so each entry cost two locked instructions instead of one), the side's cached
 * view of the other side's position, the side's own position, and its per-call counts
 * (operations, samples, zero-copy chunks). Position and counts live here, not in the control
 * block: an access to a {@link java.lang.foreign.MemorySegment} checks the segment's session,
 * bounds and alignment, and the steady path was paying that for every count and every
 * position it published; an opaque or release store to a field is a plain store on x86.
 * Snapshots read the counts here ({@link #opsNow()}) and the position where the side publishes
 * it ({@link PublishedPosition}); a management call
 * stores them into the block when it takes the side ({@link #storeWriterCounts},
 * {@link #storeReaderCounts}, {@link #storePosition}) and loads everything again before it
 * leaves, as it may have changed the block or replaced it. A side whose block lies in a shared
 * file stores its position and counts there on every call too, for the other process. Without the padding these
 * would share a line with fields the other side reads on every call (the buffer's ring and
 * closed flag, say), and each entry would take that line away from the other thread. Padded by
 * inheritance, as JCTools does: a superclass's fields are laid out before a subclass's, and the
 * {@code int} fills the gap after a compressed object header that a hot field would otherwise
 * be packed into.
 */
public final class SideState extends SideFields {
    /** The {@code owner} field: taken by compare-and-set, left by a release store of {@link #FREE}. */
    public static final VarHandle OWNER;
    private static final VarHandle OPS;
    private static final VarHandle SAMPLES;
    private static final VarHandle ZERO_COPY;

    static {
        try {
            MethodHandles.Lookup lookup = MethodHandles.lookup();
            OWNER = lookup.findVarHandle(SideFields.class, "owner", long.class);
            OPS = lookup.findVarHandle(SideFields.class, "ops", long.class);
            SAMPLES = lookup.findVarHandle(SideFields.class, "samples", long.class);
            ZERO_COPY = lookup.findVarHandle(SideFields.class, "zeroCopy", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** One operation in this many is timed, for the latency figures (the side's count decides which). */
    public static final int TIMING_SAMPLE_INTERVAL = 64;

    /** The owner of a side that nobody holds. Thread ids are positive. */
    public static final long FREE = 0;
    /** Holds a side while a management call (clear, resize, close, a held status) changes positions or storage. */
    public static final long MANAGEMENT = -1;
    /** What {@link #MANAGEMENT} is, for messages. */
    public static final String MANAGEMENT_CALL = "a management call (clear, resize, close, status)";

    /** A side with no owner and a cached position of zero. */
    public SideState() {
    }

    /**
     * Takes this side for the calling thread, for a side that is one thread's at a time (a
     * reader): waits out a management call, refuses another thread.
     *
     * @param call     the call entering, for the message
     * @param sideName what this side is, for the message
     * @param rule     the rule the other thread broke, for the message
     * @throws ThreadSafetyViolationException if another thread is inside
     */
    public void enterAlone(String call, String sideName, String rule) {
        long me = Thread.currentThread().threadId();
        for (int spins = 0; ; spins++) {
            long holder = (long) OWNER.compareAndExchange(this, FREE, me);
            if (holder == FREE) {
                return;
            }
            if (holder != MANAGEMENT) {
                throw new ThreadSafetyViolationException(call + " from thread '" + Thread.currentThread().getName()
                        + "' while thread " + threadName(holder) + " is in the " + sideName + "; " + rule);
            }
            backOff(spins);
        }
    }

    /** {@return whether the calling thread took this side, which was free} */
    public boolean tryEnter() {
        return OWNER.compareAndSet(this, FREE, Thread.currentThread().threadId());
    }

    /** Takes this side for a management call, spinning while a call inside finishes. */
    public void holdForManagement() {
        for (int spins = 0; !OWNER.compareAndSet(this, FREE, MANAGEMENT); spins++) {
            backOff(spins);
        }
    }

    /** Leaves this side (a release store of {@link #FREE}). */
    public void exit() {
        OWNER.setRelease(this, FREE);
    }

    /**
     * {@return whether {@code t} is inside this side}
     *
     * @param t the thread
     */
    public boolean isHeldBy(Thread t) {
        return owner == t.threadId();
    }

    /**
     * The name of the live platform thread with id {@code id}, quoted, for a message; slow (it
     * lists every thread), so only for a call that is about to fail.
     *
     * @param id a thread id, as the owner field holds it
     * @return {@code 'name'}, or {@code #id} when no live platform thread has it (a virtual thread)
     */
    public static String threadName(long id) {
        for (Thread t : Thread.getAllStackTraces().keySet()) {
            if (t.threadId() == id) {
                return "'" + t.getName() + "'";
            }
        }
        return "#" + id;
    }

    /**
     * One step of waiting out a short critical section of another thread: spin, then yield.
     *
     * @param spins steps taken so far
     */
    public static void backOff(int spins) {
        if (spins < 100) {
            Thread.onSpinWait();
        } else {
            Thread.yield();
        }
    }

    /** Owner only: counts an operation (a write, or a chunk taken). */
    public void countOp() {
        OPS.setOpaque(this, ops + 1);
    }

    /**
     * Owner only: counts samples (written, or consumed by an advance).
     *
     * @param n samples to add
     */
    public void countSamples(long n) {
        SAMPLES.setOpaque(this, samples + n);
    }

    /** Owner only: counts a chunk handed out as a view of storage. */
    public void countZeroCopy() {
        ZERO_COPY.setOpaque(this, zeroCopy + 1);
    }

    /** {@return the operations counted so far, read by any thread (an opaque load)} */
    public long opsNow() {
        return (long) OPS.getOpaque(this);
    }

    /** {@return the samples counted so far, read by any thread (an opaque load)} */
    public long samplesNow() {
        return (long) SAMPLES.getOpaque(this);
    }

    /** {@return the zero-copy chunks counted so far, read by any thread (an opaque load)} */
    public long zeroCopyNow() {
        return (long) ZERO_COPY.getOpaque(this);
    }

    /**
     * Stores the writer's counts into its region of {@code c}, so that a management call that
     * holds the write side finds them there; the caller holds the write side.
     *
     * @param c the ring's control block
     */
    public void storeWriterCounts(ControlBlock c) {
        c.set(ControlBlockDescriptor.WRITE_OPS, ops);
        c.set(ControlBlockDescriptor.SAMPLES_WRITTEN, samples);
    }

    /**
     * Stores a reader's counts into its block; the caller holds that reader.
     *
     * @param b the reader's block
     */
    public void storeReaderCounts(ControlBlock b) {
        b.set(ControlBlockDescriptor.READ_OPS, ops);
        b.set(ControlBlockDescriptor.SAMPLES_READ, samples);
        b.set(ControlBlockDescriptor.ZERO_COPY, zeroCopy);
    }

    /**
     * Stores the side's position into its block at {@code offset} unless the block no longer
     * holds the value this side last stored or loaded there: such a value is a stray write into
     * the block, and stays there for the integrity check to report (and {@code recover} to
     * repair). The caller holds the side.
     *
     * @param b      the side's block
     * @param offset {@code TAIL} or {@code HEAD}
     */
    public void storePosition(ControlBlock b, long offset) {
        if (b.acquire(offset) == storedPosition) {
            b.release(offset, position);
            storedPosition = position;
        }
    }

    /**
     * The side's position as the figures report it: the block's value where it is not what this
     * side last stored there (a stray write, or a position the block's other process moved, in
     * a shared file), else the side's own, which is newer.
     *
     * @param b      the side's block
     * @param offset {@code TAIL} or {@code HEAD}
     * @param own    the side's own position now
     * @return the position
     */
    public long figure(ControlBlock b, long offset, long own) {
        long inBlock = b.acquire(offset);
        return inBlock == storedPosition ? own : inBlock;
    }

    /**
     * Loads the writer's copies from its region of {@code c}; the caller holds the write side.
     *
     * @param c the ring's control block
     */
    public void loadWriter(ControlBlock c) {
        position = c.acquire(ControlBlockDescriptor.TAIL);
        storedPosition = position;
        floor = c.acquire(ControlBlockDescriptor.FLOOR);
        ops = c.get(ControlBlockDescriptor.WRITE_OPS);
        samples = c.get(ControlBlockDescriptor.SAMPLES_WRITTEN);
    }

    /**
     * Loads a reader's copies from its region of {@code b}; the caller holds that reader.
     *
     * @param b the reader's block
     */
    public void loadReader(ControlBlock b) {
        position = b.acquire(ControlBlockDescriptor.HEAD);
        storedPosition = position;
        ops = b.get(ControlBlockDescriptor.READ_OPS);
        samples = b.get(ControlBlockDescriptor.SAMPLES_READ);
        zeroCopy = b.get(ControlBlockDescriptor.ZERO_COPY);
    }

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** The fields of {@link SideState}. */
abstract class SideFields extends PadBefore {
    /**
     * The id of the thread inside the side, {@link SideState#MANAGEMENT} or {@link SideState#FREE};
     * through {@link SideState#OWNER}.
     */
    public volatile long owner;
    /** The side's cached position of the other side (writer: the gate; reader: the tail). Side-owned. */
    public long cachedPosition;
    /**
     * The side's own position (writer: {@code TAIL}; reader: {@code HEAD}). Side-owned; the
     * other side of this process reads the side's {@link PublishedPosition}.
     */
    public long position;
    /**
     * The position as this side last stored it into its block or loaded it from there;
     * changed only with the side held. Volatile for the snapshots that read it unheld.
     */
    volatile long storedPosition;
    /** Writer: {@code FLOOR} as last stored. Side-owned. */
    public long floor;
    /** Operations (writer: {@code WRITE_OPS}; reader: {@code READ_OPS}). Side-owned; stored opaquely. */
    public long ops;
    /** Samples (writer: {@code SAMPLES_WRITTEN}; reader: {@code SAMPLES_READ}). Side-owned; stored opaquely. */
    public long samples;
    /** Reader: chunks handed out as views ({@code ZERO_COPY}). Side-owned; stored opaquely. */
    public long zeroCopy;
}
