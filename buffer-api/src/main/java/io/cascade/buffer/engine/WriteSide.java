package io.cascade.buffer.engine;

import io.cascade.buffer.BufferInterruptedException;
import io.cascade.buffer.ProducerMode;
import io.cascade.buffer.ThreadSafetyViolationException;
import io.cascade.buffer.WaitStrategy;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Who is inside the write side, as the {@link ProducerMode} says, chosen once when the buffer is
 * built (as the Disruptor picks its single- or multi-producer sequencer): {@link Single} refuses a
 * second writer thread, {@link Multi} makes it wait its turn. Both take the side with one
 * compare-and-set of its owner, and both let management calls ({@link SideState#MANAGEMENT})
 * in between writes. The side's state also holds the writer's cached gate.
 */
public abstract sealed class WriteSide permits WriteSide.Single, WriteSide.Multi {
    /** Longest park of a thread that polls for the side (single producer: nobody signals it). */
    static final long POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(50);

    /** The owner (a writer thread's id, {@link SideState#MANAGEMENT} or {@link SideState#FREE}) and the cached gate. */
    public final SideState state = new SideState();

    private WriteSide() {
    }

    /**
     * The write side for a producer mode.
     *
     * @param mode     the buffer's producer mode
     * @param strategy how a writer waits its turn (MULTI)
     * @return the side
     */
    public static WriteSide of(ProducerMode mode, WaitStrategy strategy) {
        return mode == ProducerMode.SINGLE ? new Single() : new Multi(strategy);
    }

    /**
     * Enters for a write, claim or batch of this thread.
     *
     * @param call the call entering, for messages
     * @return nanoseconds spent waiting for another writer (0 when it was free or only
     *         management held it), for the writer-wait figures
     * @throws IllegalStateException          if this thread holds the side already (its claim is open)
     * @throws ThreadSafetyViolationException (single producer) another writer thread is inside
     * @throws BufferInterruptedException     if interrupted while waiting
     */
    public final long enter(String call) {
        long me = Thread.currentThread().threadId();
        long holder = (long) SideState.OWNER.compareAndExchange(state, SideState.FREE, me);
        return holder == SideState.FREE ? 0 : contended(me, holder, call);
    }

    /** The entry when the side was taken, kept out of {@link #enter} so that the free case stays small. */
    private long contended(long me, long holder, String call) {
        if (holder == me) {
            throw new IllegalStateException(call + " while this thread's claim is open; commit or abort it first");
        }
        long t0 = System.nanoTime();
        boolean waitedForWriter = false;
        for (;;) {
            if (holder != SideState.MANAGEMENT) {
                otherWriterInside(holder, call);
                waitedForWriter = true;
            }
            try {
                awaitFree();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new BufferInterruptedException(call + " interrupted while waiting for "
                        + (waitedForWriter ? "another writer" : SideState.MANAGEMENT_CALL) + "; nothing was written", e);
            }
            holder = (long) SideState.OWNER.compareAndExchange(state, SideState.FREE, me);
            if (holder == SideState.FREE) {
                return waitedForWriter ? Math.max(1, System.nanoTime() - t0) : 0;
            }
        }
    }

    /** {@return whether this thread got the side, which was free} */
    public final boolean tryEnter() {
        return state.tryEnter();
    }

    /** Leaves the side that {@link #enter} or {@link #tryEnter} took. */
    public abstract void exit();

    /**
     * Takes the side for a management call, waiting for a writer or a claim to leave without
     * giving up on an interrupt (the flag is set again afterwards): management calls such as
     * close must not half-happen.
     */
    public final void holdForManagement() {
        boolean interrupted = false;
        while (!SideState.OWNER.compareAndSet(state, SideState.FREE, SideState.MANAGEMENT)) {
            try {
                awaitFree();
            } catch (InterruptedException e) {
                interrupted = true;
            }
        }
        if (interrupted) {
            Thread.currentThread().interrupt();
        }
    }

    /** Gives the side back after {@link #holdForManagement()}, waking threads waiting for it. */
    public abstract void releaseFromManagement();

    /** What a writer thread does on finding another writer thread inside: refuse, or wait its turn. */
    abstract void otherWriterInside(long holder, String call);

    /** Waits until the side looks free. */
    abstract void awaitFree() throws InterruptedException;

    /** {@return whether no thread and no management call holds the side} */
    public final boolean isFree() {
        return state.owner == SideState.FREE;
    }

    /**
     * {@link ProducerMode#SINGLE}: one writer thread at a time. Its exit signals nobody: only
     * management calls ever wait for this side, and they poll ({@link #POLL_NANOS}), as does the
     * writer that waits out one of them.
     */
    private static final class Single extends WriteSide {
        @Override
        public void exit() {
            state.exit();
        }

        @Override
        public void releaseFromManagement() {
            exit();
        }

        @Override
        void otherWriterInside(long holder, String call) {
            throw new ThreadSafetyViolationException(call + " from thread '" + Thread.currentThread().getName()
                    + "' while thread " + SideState.threadName(holder) + " is in the write side; "
                    + "producers(ProducerMode.SINGLE) allows one writer at a time");
        }

        @Override
        void awaitFree() throws InterruptedException {
            for (int round = 0; !isFree(); round++) {
                if (Thread.interrupted()) {
                    throw new InterruptedException();
                }
                if (round < Signal.SPINS) {
                    Thread.onSpinWait();
                } else if (round < Signal.SPINS + Signal.YIELDS) {
                    Thread.yield();
                } else {
                    LockSupport.parkNanos(this, POLL_NANOS);
                }
            }
        }
    }

    /**
     * {@link ProducerMode#MULTI}: writers take turns. A writer leaving signals the next one (a
     * load of the waiter count while nobody waits), waiting as the buffer's strategy says.
     */
    private static final class Multi extends WriteSide {
        private final WaitStrategy strategy;
        /** Writers and management calls wait here for the side; its holder signals on leaving. */
        private final Signal turn = new Signal();

        Multi(WaitStrategy strategy) {
            this.strategy = strategy;
        }

        @Override
        public void exit() {
            state.exit();
            turn.signal(strategy);
        }

        @Override
        public void releaseFromManagement() {
            state.exit();
            turn.signalAll();
        }

        @Override
        void otherWriterInside(long holder, String call) {
            // Waits its turn.
        }

        @Override
        void awaitFree() throws InterruptedException {
            turn.await(strategy, this::isFree, 0);
        }
    }
}
