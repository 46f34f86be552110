package io.cascade.buffer;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One condition that threads wait for (room to write, data to read), with the wait strategy's
 * phases: spin, yield, then park until signalled.
 *
 * <p>No lost wake-up. A waiter about to park registers in {@code waiters} with a full fence
 * (a volatile read-modify-write) and then tests its condition again, holding {@code lock}. A
 * publisher stores its position and then, after a full fence, reads {@code waiters}. Of two
 * threads that each store and then load the other's variable with a full fence between, at
 * least one sees the other's store: either the waiter sees the new position and does not
 * park, or the publisher sees the registration and signals under {@code lock}, which the
 * waiter holds from its test until it is inside {@code await}, so the signal cannot fall in
 * between. Strategies that never park skip all of this: their waiters re-test on their own.
 */
final class Signal {
    /** Spins before the first yield. */
    static final int SPINS = 128;
    /** Yields before parking (PARK only). */
    static final int YIELDS = 16;

    private static final VarHandle WAITERS;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(Signal.class, "waiters", int.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a waiter waits for; may throw (closed) to end the wait. */
    @FunctionalInterface
    interface Ready {
        boolean test();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();
    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile int waiters;

    /** Publisher side, after a position was published: wakes parked waiters. */
    void signal(WaitStrategy strategy) {
        if (!strategy.parks()) {
            return;
        }
        VarHandle.fullFence();
        if ((int) WAITERS.getVolatile(this) != 0) {
            signalAll();
        }
    }

    /** Wakes every parked waiter so that it re-tests (close, clear, resize). */
    void signalAll() {
        lock.lock();
        try {
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether a thread is registered as parked or about to park} */
    boolean hasWaiters() {
        return (int) WAITERS.getVolatile(this) != 0;
    }

    /**
     * Waits until {@code ready} holds or the deadline passes.
     *
     * @param deadline {@link System#nanoTime()} to give up at, or 0 for no limit
     * @return {@code true} when ready, {@code false} at the deadline
     * @throws InterruptedException if the thread was or is interrupted (its flag is cleared)
     */
    boolean await(WaitStrategy strategy, Ready ready, long deadline) throws InterruptedException {
        for (int round = 0; ; round++) {
            if (ready.test()) {
                return true;
            }
            if (deadline != 0 && System.nanoTime() - deadline >= 0) {
                return false;
            }
            if (Thread.interrupted()) {
                throw new InterruptedException();
            }
            if (strategy == WaitStrategy.SPIN || round < SPINS) {
                Thread.onSpinWait();
            } else if (strategy == WaitStrategy.YIELD || round < SPINS + YIELDS) {
                Thread.yield();
            } else {
                return park(ready, deadline);
            }
        }
    }

    /** The parking phase alone (jcstress tests the handshake through it). */
    boolean park(Ready ready, long deadline) throws InterruptedException {
        lock.lock();
        WAITERS.getAndAdd(this, 1);
        try {
            while (!ready.test()) {
                if (deadline == 0) {
                    condition.await();
                } else {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    condition.awaitNanos(remaining);
                }
            }
            return true;
        } finally {
            WAITERS.getAndAdd(this, -1);
            lock.unlock();
        }
    }
}
