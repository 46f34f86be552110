package io.cascade.buffer.engine;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The buffer's JFR events, under the category "Cascade Buffer". They are made only off the
 * steady path (an overflow, a wait, a failed check, a resize). An event object is made only
 * once its type is enabled: the check asks a probe instance made once per type, as
 * {@code isEnabled()} reads only the type's state. Making the event first and asking it left
 * the object to escape analysis, which a path the JIT compiled cold (a rare overflow) or did
 * not inline does not get: a REJECT write that overflowed allocated an event with no recording
 * running.
 */
public final class BufferEvents {
    private static final Overflow OVERFLOW = new Overflow();
    private static final WriterBlocked WRITER_BLOCKED = new WriterBlocked();
    private static final IntegrityProblem INTEGRITY_PROBLEM = new IntegrityProblem();
    private static final Resize RESIZE = new Resize();
    private static final ReaderStarved READER_STARVED = new ReaderStarved();

    private BufferEvents() {
    }

    /**
     * Records that a write found no room.
     *
     * @param buffer    the buffer's name
     * @param policy    its overflow policy
     * @param attempted samples the write had
     * @param dropped   unread samples overwritten (OVERWRITE), else 0
     * @param refused   whether the write was refused
     * @param capacity  the buffer's capacity
     */
    public static void overflow(String buffer, String policy, int attempted, long dropped, boolean refused,
                                int capacity) {
        if (!OVERFLOW.isEnabled()) {
            return;
        }
        Overflow e = new Overflow();
        if (e.shouldCommit()) {
            e.buffer = buffer;
            e.policy = policy;
            e.attempted = attempted;
            e.dropped = dropped;
            e.refused = refused;
            e.capacity = capacity;
            e.commit();
        }
    }

    /** {@return a writer's wait for room, begun now, or {@code null} when the event is off; give it to {@link #endWriterBlocked}} */
    public static WriterBlocked beginWriterBlocked() {
        if (!WRITER_BLOCKED.isEnabled()) {
            return null;
        }
        WriterBlocked e = new WriterBlocked();
        e.begin();
        return e;
    }

    /**
     * Ends a writer's wait for room, recorded if it lasted past the event's threshold.
     *
     * @param e       the wait {@link #beginWriterBlocked()} began, or {@code null}
     * @param buffer  the buffer's name
     * @param samples samples the writer waited to write
     */
    public static void endWriterBlocked(WriterBlocked e, String buffer, int samples) {
        if (e == null) {
            return;
        }
        e.end();
        if (e.shouldCommit()) {
            e.buffer = buffer;
            e.samples = samples;
            e.commit();
        }
    }

    /**
     * Records broken invariants that an integrity check found.
     *
     * @param buffer the buffer's name
     * @param issues the issues, one string
     */
    public static void integrityProblem(String buffer, String issues) {
        if (!INTEGRITY_PROBLEM.isEnabled()) {
            return;
        }
        IntegrityProblem e = new IntegrityProblem();
        if (e.shouldCommit()) {
            e.buffer = buffer;
            e.issues = issues;
            e.commit();
        }
    }

    /**
     * Records a resize, done or refused.
     *
     * @param buffer      the buffer's name
     * @param oldCapacity capacity before
     * @param newCapacity capacity asked for
     * @param unread      unread samples that had to fit
     * @param resized     whether it was done
     */
    public static void resize(String buffer, int oldCapacity, int newCapacity, long unread, boolean resized) {
        if (!RESIZE.isEnabled()) {
            return;
        }
        Resize e = new Resize();
        if (e.shouldCommit()) {
            e.buffer = buffer;
            e.oldCapacity = oldCapacity;
            e.newCapacity = newCapacity;
            e.unread = unread;
            e.resized = resized;
            e.commit();
        }
    }

    /** A write found no room: samples were dropped (OVERWRITE) or refused (REJECT, BLOCK). */
    @Name("io.cascade.buffer.Overflow")
    @Label("Buffer Overflow")
    @Category("Cascade Buffer")
    @Description("A write found no room: samples dropped (OVERWRITE) or the write refused (REJECT, BLOCK)")
    @StackTrace(false)
    static final class Overflow extends Event {
        @Label("Buffer")
        String buffer;
        @Label("Policy")
        String policy;
        @Label("Attempted Samples")
        int attempted;
        @Label("Dropped Samples")
        @Description("Unread samples overwritten (OVERWRITE); 0 when the write was refused")
        long dropped;
        @Label("Refused")
        boolean refused;
        @Label("Capacity")
        int capacity;
    }

    /** A writer waited for room longer than the threshold. */
    @Name("io.cascade.buffer.WriterBlocked")
    @Label("Writer Blocked")
    @Category("Cascade Buffer")
    @Description("A blocking write waited for room")
    @Threshold("1 ms")
    public static final class WriterBlocked extends Event {
        private WriterBlocked() {
        }

        @Label("Buffer")
        String buffer;
        @Label("Samples")
        int samples;
    }

    /**
     * Records that awaitChunk timed out.
     *
     * @param buffer    the buffer's name
     * @param requested samples it waited for
     * @param available samples there at the end
     */
    public static void starved(String buffer, long requested, long available) {
        if (READER_STARVED.isEnabled()) {
            ReaderStarved e = new ReaderStarved();
            e.begin();
            e.end();
            if (e.shouldCommit()) {
                e.buffer = buffer;
                e.requested = requested;
                e.available = available;
                e.commit();
            }
        }
    }

    /** awaitChunk timed out without its chunk. */
    @Name("io.cascade.buffer.ReaderStarved")
    @Label("Reader Starved")
    @Category("Cascade Buffer")
    @Description("awaitChunk timed out before its chunk was there")
    static final class ReaderStarved extends Event {
        @Label("Buffer")
        String buffer;
        @Label("Requested Samples")
        long requested;
        @Label("Available Samples")
        long available;
    }

    /** checkIntegrity() found broken invariants. */
    @Name("io.cascade.buffer.IntegrityProblem")
    @Label("Integrity Problem")
    @Category("Cascade Buffer")
    @Description("checkIntegrity() found broken invariants")
    @StackTrace(false)
    static final class IntegrityProblem extends Event {
        @Label("Buffer")
        String buffer;
        @Label("Issues")
        String issues;
    }

    /** resize() ran. */
    @Name("io.cascade.buffer.Resize")
    @Label("Buffer Resize")
    @Category("Cascade Buffer")
    @Description("resize() moved the unread samples to new storage, or refused")
    @StackTrace(false)
    static final class Resize extends Event {
        @Label("Buffer")
        String buffer;
        @Label("Old Capacity")
        int oldCapacity;
        @Label("New Capacity")
        int newCapacity;
        @Label("Unread Samples")
        long unread;
        @Label("Resized")
        boolean resized;
    }
}
