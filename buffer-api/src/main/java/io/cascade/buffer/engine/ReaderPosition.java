package io.cascade.buffer.engine;

import io.cascade.buffer.InsufficientDataException;
import io.cascade.buffer.OverflowPolicy;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * Where one reader is in the stream and what it has counted: its position, its cached view of
 * the write position, its counters, and where each is published (to this process's writer in a
 * field of its own, to the other process through the control block). {@link ReadCursor} adds
 * the calls that take and advance; the snapshot and the management calls read and store the
 * figures here. A layer of the cursor rather than an object it holds, so that a take reaches
 * these fields with no load more than before they were split out (JCTools layers its queues'
 * fields the same way). Only the thread inside the reader touches this state, except
 * management calls, which hold the reader first.
 */
abstract sealed class ReaderPosition permits ReadCursor {
    /**
     * The thread inside the reader (or the management sentinel, or null) and, reader-owned, the
     * reader's position, its counts and the last write position it read, never ahead of the real
     * one, so that a take or an advance that the cached value already covers reads nothing of the
     * writer's cache line (the writer does the same with the readers' positions). Padded: the
     * writer reads the reader's other fields. Package-private for the engine's tests, which hold
     * it as a reader thread would.
     */
    final SideState side = new SideState();
    /** What a lapped reader does: only OVERWRITE laps it. */
    final OverflowPolicy policy;
    /** Why this process may not read through this reader (another process holds it), or {@code null}. */
    final String refusal;
    /**
     * Whether the counts go to the block on every call too: the default reader of a shared
     * file, whose block the other process reads.
     */
    final boolean storesCounts;
    /**
     * The write position as this process's writer publishes it, or {@code null} for a buffer in
     * a shared file, whose writer may be another process: then the block's {@code TAIL}.
     */
    final PublishedPosition published;
    /**
     * This reader's position as it publishes it to this process's writer, or {@code null} for a
     * buffer in a shared file: then the block's {@code HEAD}.
     */
    private final PublishedPosition head;
    /**
     * Position and counters of an added reader, laid out as a control block's reader region and
     * read histogram (the rest is unused padding). Null for the default reader, whose figures live
     * in the ring's own control block and move with it on resize.
     */
    private final ControlBlock ownBlock;

    ReaderPosition(BufferSettings settings, ControlBlock ownBlock, String refusal, boolean shared) {
        this.policy = settings.policy();
        this.refusal = refusal;
        this.storesCounts = shared && ownBlock == null && refusal == null;
        this.published = shared ? null : settings.published();
        this.head = shared ? null : new PublishedPosition();
        this.ownBlock = ownBlock;
    }

    /**
     * A counter of this reader's: the per-call counts from the reader's own fields while it is
     * this process's, everything else (and, for a reader of another process, everything) from
     * its block in {@code r}.
     */
    final long counter(Ring r, long offset) {
        if (refusal == null) {
            if (offset == READ_OPS) {
                return side.opsNow();
            }
            if (offset == SAMPLES_READ) {
                return side.samplesNow();
            }
            if (offset == ZERO_COPY) {
                return side.zeroCopyNow();
            }
        }
        return block(r).get(offset);
    }

    /**
     * Stores this reader's counts into its block in {@code r} (held for management, which then
     * finds every figure there); a reader of another process keeps the counts it stored.
     */
    final void storeCounts(Ring r) {
        if (refusal == null) {
            side.storeReaderCounts(block(r));
            if (head != null) {
                side.storePosition(block(r), HEAD);
            }
        }
    }

    /**
     * This reader's position for the writer's gate: the one this process's reader publishes in
     * {@link #head}, or, in a shared file, its block's {@code HEAD}.
     */
    final long position(Ring r) {
        return head != null ? head.acquire() : block(r).acquire(HEAD);
    }

    /** This reader's position as the figures report it ({@link SideState#figure}). */
    final long positionFigure(Ring r) {
        return side.figure(block(r), HEAD, position(r));
    }

    /** The block that holds this reader's figures: an added reader's own, or the ring's control block. */
    final ControlBlock block(Ring r) {
        return ownBlock != null ? ownBlock : r.control;
    }

    /** {@return whether this is the default reader's cursor, whose figures live in the ring's control block} */
    public final boolean isDefault() {
        return ownBlock == null;
    }

    /**
     * Whether fewer than {@code need} samples are unread for certain, as far as the positions
     * tell: only for this process's writer and reader. The shortfall is tested first, so that a
     * take that finds its samples pays one load for this.
     */
    final boolean surelyFewer(long need) {
        return published != null && published.acquire() - side.position < need && refusal == null;
    }

    /**
     * The write position, enough for {@code need} samples after {@code from} if they are there:
     * the cached one when it shows them, else read afresh (and cached). A stale value only
     * understates what is there, and the samples below it were published before it was read.
     */
    final long tailFor(Ring r, long from, long need) {
        long tail = side.cachedPosition;
        if (tail - from < need) {
            tail = writePosition(r);
            side.cachedPosition = tail;
        }
        return tail;
    }

    /** {@return the write position now (an acquire load): this process's writer's, else the block's} */
    final long writePosition(Ring r) {
        return published != null ? published.acquire() : r.control.acquire(TAIL);
    }

    /** This reader's first unread position that is still in the ring. */
    final long firstUnread(Ring r) {
        return Math.max(position(r), r.control.acquire(FLOOR));
    }

    /**
     * Loads this reader's copies of its control-block fields from its block in {@code r}, which
     * a management call may have changed or replaced, and reads the write position afresh, as
     * the call may have moved it back ({@code recover}). The caller holds this reader (or made it).
     */
    final void reloadPosition(Ring r) {
        side.loadReader(block(r));
        if (head != null) {
            head.release(side.position);
        }
        side.cachedPosition = writePosition(r);
    }

    /**
     * Consumes {@code samples}: moves this reader's position with one release store, or up to
     * the floor when the writer lapped it. Caller is inside this reader.
     *
     * @return the new position
     * @throws InsufficientDataException if fewer samples are there
     */
    final long consume(Ring r, int samples) {
        ControlBlock mine = block(r);
        long head = side.position;
        long tail = tailFor(r, head, samples);
        if (samples > tail - head) {
            mine.add(INSUFFICIENT_ERRORS, 1);
            throw new InsufficientDataException((int) (tail - Math.max(head, r.control.acquire(FLOOR))), samples);
        }
        long floor = policy == OverflowPolicy.OVERWRITE ? r.control.acquire(FLOOR) : 0;
        if (floor > head) {
            lapped(mine, head, floor);
            return floor;
        }
        long newHead = head + samples;
        moveTo(mine, newHead);
        side.countSamples(samples);
        if (storesCounts) {
            side.storeReaderCounts(mine);
        }
        return newHead;
    }

    /**
     * {@link #catchUp} for a management call, which holds this reader and finds every position
     * in the blocks: the moved position is stored into this reader's block too.
     *
     * @return the stream position of the oldest sample this reader can read
     */
    final long catchUpHeld(Ring r) {
        long oldest = catchUp(r);
        storeCounts(r);
        return oldest;
    }

    /**
     * Moves this reader's position up to the floor when the writer lapped it, counting the lost
     * samples and the lap. Caller is inside this reader.
     */
    final long catchUp(Ring r) {
        long head = side.position;
        if (policy != OverflowPolicy.OVERWRITE) {
            return head;
        }
        long floor = r.control.acquire(FLOOR);
        if (floor > head) {
            lapped(block(r), head, floor);
            return floor;
        }
        return head;
    }

    private void lapped(ControlBlock mine, long head, long floor) {
        mine.add(DROPPED, floor - head);
        mine.add(LAPS, 1);
        moveTo(mine, floor);
    }

    /**
     * Publishes the reader's new position: to this process's writer in {@link #head}, which the
     * writer reads when its cached gate says full (management stores it into the block); in a
     * shared file, whose writer may be another process, to the block's {@code HEAD}.
     */
    private void moveTo(ControlBlock mine, long newHead) {
        if (head != null) {
            head.release(newHead);
        } else {
            mine.release(HEAD, newHead);
        }
        side.position = newHead;
    }
}
