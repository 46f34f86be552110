package io.cascade.buffer.engine;

import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.BufferTimeoutException;
import io.cascade.buffer.OverflowPolicy;

import java.lang.invoke.VarHandle;
import java.util.concurrent.TimeUnit;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * Room for a block after the write position, as the overflow policy says: the check against
 * the writer's cached gate (so that most writes read no reader's line), the exact check against
 * the readers when that one says full, the floor that OVERWRITE raises, and the refusal of a
 * block that does not fit. Every call is made with the write side held.
 */
final class Room {
    /** The open readers, whose slowest position gates the writer. */
    private final Gate readers;
    private final OverflowPolicy policy;
    /** The buffer's name, for events. */
    private final String name;
    /** The write side's state: its position, floor and cached gate, which this reads and updates. */
    private final SideState writeSide;

    Room(Gate readers, OverflowPolicy policy, String name, SideState writeSide) {
        this.readers = readers;
        this.policy = policy;
        this.name = name;
        this.writeSide = writeSide;
    }

    /**
     * Checks that {@code count} samples fit after the write position, or makes room under
     * OVERWRITE by raising the floor.
     *
     * @return false when they do not fit (BLOCK and REJECT)
     */
    boolean make(Ring r, int count) {
        int capacity = r.capacity;
        long newTail = writeSide.position + count;
        long floor = writeSide.floor;
        if (newTail - Math.max(writeSide.cachedPosition, floor) <= capacity) {
            return true;
        }
        ControlBlock c = r.control;
        long fill = newTail - Math.max(refreshGate(r), floor);
        if (fill > capacity) {
            if (policy != OverflowPolicy.OVERWRITE) {
                return false;
            }
            fill = capacity;
            // Announce the overwrite before touching the samples: a reader that sees any
            // overwritten sample is ordered to see the new floor too (see isChunkValid).
            long lost = newTail - capacity - Math.max(writeSide.cachedPosition, floor);
            writeSide.floor = newTail - capacity;
            c.set(FLOOR, writeSide.floor);
            VarHandle.storeStoreFence();
            c.add(OVERFLOWS, 1);
            overflowEvent(count, lost, false, capacity);
        }
        // The gate was read, so this fill is exact: the ring's fullest moments are recorded
        // here, the rest at sampled writes and at status reads.
        c.max(PEAK_FILL, fill);
        return true;
    }

    /**
     * Decides what a block that does not fit gets, counting the overflow unless the caller may
     * wait: REJECT drops it; BLOCK throws when it can never fit, the caller does not wait, or the
     * deadline passed.
     *
     * @return {@code true} when REJECT dropped it; {@code false} when the caller may wait for room
     * @throws BufferFullException    if it cannot fit or the caller does not wait
     * @throws BufferTimeoutException if the deadline passed
     */
    boolean rejects(Ring r, String call, int count, boolean blocking, long timeoutNanos, long deadline) {
        ControlBlock c = r.control;
        if (policy == OverflowPolicy.REJECT) {
            c.add(OVERFLOWS, 1);
            overflowEvent(count, 0, true, r.capacity);
            return true;
        }
        if (count > r.capacity || !blocking) {
            c.add(OVERFLOWS, 1);
            c.add(FULL_ERRORS, 1);
            overflowEvent(count, 0, true, r.capacity);
            throw new BufferFullException(r.capacity, count, free(r));
        }
        if (Deadline.expired(timeoutNanos, deadline)) {
            c.add(OVERFLOWS, 1);
            overflowEvent(count, 0, true, r.capacity);
            throw new BufferTimeoutException(call + " of " + count + " samples timed out after "
                    + TimeUnit.NANOSECONDS.toMillis(timeoutNanos) + " ms: capacity=" + r.capacity
                    + ", free=" + free(r));
        }
        return false;
    }

    /** {@return the gate position the slowest reader must reach for {@code count} samples to fit} */
    long gateWanted(Ring r, int count) {
        return writeSide.position + count - r.capacity;
    }

    /** {@return samples that fit after the write position now} */
    int free(Ring r) {
        long tail = writeSide.position;
        return (int) (r.capacity - (tail - Math.max(readers.gate(r, tail), writeSide.floor)));
    }

    /**
     * Records the exact fill at a timed write (the cached gate overstates it), for the peak and
     * mean fill figures.
     */
    void recordFill(Ring r) {
        ControlBlock c = r.control;
        long fill = writeSide.position - Math.max(refreshGate(r), writeSide.floor);
        c.max(PEAK_FILL, fill);
        c.add(FILL_SUM, fill);
        c.add(FILL_SAMPLES, 1);
    }

    /** Reads the gate afresh into the writer's cache (after a management call, too); returns it. */
    long refreshGate(Ring r) {
        writeSide.cachedPosition = readers.gate(r, writeSide.position);
        return writeSide.cachedPosition;
    }

    private void overflowEvent(int attempted, long dropped, boolean refused, int capacity) {
        BufferEvents.overflow(name, policy.name(), attempted, dropped, refused, capacity);
    }
}
