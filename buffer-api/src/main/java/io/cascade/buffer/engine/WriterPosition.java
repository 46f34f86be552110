package io.cascade.buffer.engine;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * Where the writer is in the stream and what it has counted, and where each is published: the
 * write position to this process's readers in a field of its own, to the other process of a
 * shared file through the control block. {@link Writer} adds the calls that write; the snapshot
 * and the management calls read and store the figures here, holding the write side. A layer of
 * the writer rather than an object it holds, so that a write reaches these fields with no load
 * more than before they were split out, as {@link ReaderPosition} is for a reader.
 */
abstract sealed class WriterPosition permits Writer {
    /**
     * The write side's state; owner-only, its cached position is the last gate (the slowest open
     * reader's position) the writer computed, never ahead of the real one, so that most writes
     * read no reader's line. Padded: readers read the buffer's fields on every call.
     */
    final SideState writeSide;
    /**
     * Where this process's readers read the write position; the block's {@code TAIL} gets it when
     * a management call holds the writer (in a shared file, on every write, for the other process).
     */
    final PublishedPosition published;
    /** The file the buffer lives in (its heartbeat beats on each publication), or {@code null}. */
    final SharedFile shared;
    /** Why this process may not write (it is a shared file's reader), or {@code null}. */
    final String refusal;

    WriterPosition(SideState writeSide, BufferSettings settings, SharedFile shared, String refusal, Ring r) {
        this.writeSide = writeSide;
        this.published = settings.published();
        this.shared = shared;
        this.refusal = refusal;
        reload(r);
    }

    /**
     * {@return whether {@code t} is inside the write side: in a write call, or holding an open claim}
     *
     * @param t the thread
     */
    final boolean isHeldBy(Thread t) {
        return writeSide.isHeldBy(t);
    }

    /**
     * Writes so far: the write side's own count while it is this process's; in the reading
     * process of a shared file, the count the writer's process stored in {@code c}.
     */
    final long writeOps(ControlBlock c) {
        return refusal == null ? writeSide.opsNow() : c.get(WRITE_OPS);
    }

    /** Samples written so far, from where {@link #writeOps} takes its count. */
    final long samplesWritten(ControlBlock c) {
        return refusal == null ? writeSide.samplesNow() : c.get(SAMPLES_WRITTEN);
    }

    /**
     * Stores the write side's counts into {@code r}'s control block (held for management, which
     * then finds every figure there); in a shared file's reading process the block's counts are
     * the writer process's, and stay.
     */
    final void storeCounts(Ring r) {
        if (refusal == null) {
            writeSide.storeWriterCounts(r.control);
            if (shared == null) {
                writeSide.storePosition(r.control, TAIL);
            }
        }
    }

    /**
     * The write position as the figures report it ({@link SideState#figure}): what this
     * process's writer published, unless the block's {@code TAIL} says otherwise.
     */
    final long positionFigure(ControlBlock c) {
        return writeSide.figure(c, TAIL, shared == null ? published.acquire() : c.acquire(TAIL));
    }

    /**
     * Loads the write side's copies of its control-block fields from {@code r}, which a
     * management call may have changed or replaced, and publishes the write position to this
     * process's readers again (recover may have moved it). Held for management, or by the constructor.
     */
    final void reload(Ring r) {
        writeSide.loadWriter(r.control);
        published.release(writeSide.position);
    }
}
