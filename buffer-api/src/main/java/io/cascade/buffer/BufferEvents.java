package io.cascade.buffer;

import jdk.jfr.Category;
import jdk.jfr.Description;
import jdk.jfr.Event;
import jdk.jfr.Label;
import jdk.jfr.Name;
import jdk.jfr.StackTrace;
import jdk.jfr.Threshold;

/**
 * The buffer's JFR events, under the category "Cascade Buffer". They are made only off the
 * steady path (an overflow, a wait, a failed check, a resize), and a disabled event costs a
 * check of {@code isEnabled()} on an object that escape analysis removes.
 */
final class BufferEvents {
    private BufferEvents() {
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
    static final class WriterBlocked extends Event {
        @Label("Buffer")
        String buffer;
        @Label("Samples")
        int samples;
    }

    /** Records that awaitChunk on {@code buffer} timed out waiting for {@code requested} samples. */
    static void starved(String buffer, long requested, long available) {
        ReaderStarved e = new ReaderStarved();
        if (e.isEnabled()) {
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
