package io.cascade.buffer.engine;

import io.cascade.buffer.WaitStrategy;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * One condition that threads wait for (room to write, data to read), with the wait strategy's
 * phases: spin, yield, then park until signalled.
 *
 * <p>A publisher pays for wake-ups only while a thread waits: after publishing its position it
 * reads {@code waiters} (an opaque load of a line that nobody writes while nobody parks) and
 * takes the lock to signal only when it is not zero. There is no fence between the publisher's
 * store and that load, so the classic Dekker race is possible: a waiter that registers (a
 * volatile read-modify-write) while a publisher's store is still in its core's store buffer
 * may test its condition, see the old position, and park, while the publisher, whose load of
 * {@code waiters} ran before the registration was visible, does not signal. That window lasts
 * as long as a store takes to drain, nanoseconds. So the first park after registering is timed
 * ({@link #RECHECK_NANOS}): the waiter then tests again, by which time any store that raced its
 * registration is visible. Later parks need no timer: a publication after that re-test loads
 * {@code waiters} after the registration became visible, and signals. A signal is taken under
 * {@code lock}, which the waiter holds from its test until it is inside {@code await}, so a
 * signal cannot fall in between. A raced wake-up is thus late by at most
 * {@link #RECHECK_NANOS}, never lost; the jcstress tests {@code DataWakeUpTest} and
 * {@code CloseWakesWaiterTest} check it. Strategies that never park skip all of this.
 *
 * <p>A waiter may say which position it waits for ({@link #await(WaitStrategy, Ready, long, long)}):
 * then a publication below it signals nobody. The wanted position is stored after the waiter
 * registers and before it tests, so the race above covers it too: a publisher that misses it
 * misses the registration's window, and the timed first park re-tests.
 *
 * <p>A publisher in another process (a shared file's writer or reader) cannot signal. A signal
 * made with {@link #Signal(long)} therefore times every park, so its waiters poll.
 */
public final class Signal {
    /** Spins before the first yield. */
    public static final int SPINS = 128;
    /** Yields before parking (PARK only). */
    public static final int YIELDS = 16;
    /** Longest the first park lasts before the waiter tests its condition again. */
    public static final long RECHECK_NANOS = 100_000;

    private static final VarHandle WAITERS;
    private static final VarHandle WANTED;

    static {
        try {
            WAITERS = MethodHandles.lookup().findVarHandle(Signal.class, "waiters", int.class);
            WANTED = MethodHandles.lookup().findVarHandle(Signal.class, "wanted", long.class);
        } catch (ReflectiveOperationException e) {
            throw new ExceptionInInitializerError(e);
        }
    }

    /** What a waiter waits for; may throw (closed) to end the wait. */
    @FunctionalInterface
    public interface Ready {
        /** {@return whether the wait is over} */
        boolean test();
    }

    private final ReentrantLock lock = new ReentrantLock();
    private final Condition condition = lock.newCondition();
    @SuppressWarnings("unused") // accessed through WAITERS
    private volatile int waiters;
    /**
     * The lowest position a parked waiter waits for ({@link Long#MIN_VALUE}: any publication),
     * {@link Long#MAX_VALUE} with none parked. Changed only under {@code lock}, by waiters.
     */
    @SuppressWarnings("unused") // accessed through WANTED
    private volatile long wanted = Long.MAX_VALUE;

    /** Parks after the first: untimed, or timed when the publisher is in another process. */
    private final long laterParkNanos;

    /** A condition with no waiters, whose publishers signal it. */
    public Signal() {
        this.laterParkNanos = Long.MAX_VALUE;
    }

    /**
     * A condition whose publisher may be in another process and never signals: every park is
     * timed, so a waiter re-tests its condition at least every {@code pollNanos}.
     *
     * @param pollNanos longest park, greater than zero
     */
    public Signal(long pollNanos) {
        if (pollNanos <= 0) {
            throw new IllegalArgumentException("pollNanos must be > 0, was " + pollNanos);
        }
        this.laterParkNanos = pollNanos;
    }

    /**
     * Publisher side, after a change that any waiter may be waiting for: wakes parked waiters,
     * if there are any.
     *
     * @param strategy the buffer's wait strategy: only {@link WaitStrategy#PARK} waiters park
     */
    public void signal(WaitStrategy strategy) {
        signal(strategy, Long.MAX_VALUE);
    }

    /**
     * Publisher side, after a position was published: wakes parked waiters if one of them waits
     * for {@code position} or less. A writer publishing 160-sample blocks to a reader parked for
     * a 768-sample window thus takes the lock once per window, not once per block.
     *
     * @param strategy the buffer's wait strategy: only {@link WaitStrategy#PARK} waiters park
     * @param position the position just published
     */
    public void signal(WaitStrategy strategy, long position) {
        if (strategy == WaitStrategy.PARK && (int) WAITERS.getOpaque(this) != 0
                && position >= (long) WANTED.getOpaque(this)) {
            signalAll();
        }
    }

    /** Wakes every parked waiter so that it re-tests (close, clear, resize). */
    public void signalAll() {
        lock.lock();
        try {
            condition.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** {@return whether a thread is registered as parked or about to park} */
    public boolean hasWaiters() {
        return (int) WAITERS.getVolatile(this) != 0;
    }

    /**
     * Waits until {@code ready} holds or the deadline passes.
     *
     * @param strategy how to wait: spin, yield, then (PARK) park
     * @param ready    the condition; may throw (closed) to end the wait
     * @param deadline {@link System#nanoTime()} to give up at, or 0 for no limit
     * @return {@code true} when ready, {@code false} at the deadline
     * @throws InterruptedException if the thread was or is interrupted (its flag is cleared)
     */
    public boolean await(WaitStrategy strategy, Ready ready, long deadline) throws InterruptedException {
        return await(strategy, ready, deadline, Long.MIN_VALUE);
    }

    /**
     * Waits until {@code ready} holds or the deadline passes, parked only until a publication
     * of {@code position} or more (or a {@link #signalAll()}). A position that turns out too low
     * costs spurious wake-ups, never a lost one; too high would lose them, so a waiter that
     * cannot tell passes {@link Long#MIN_VALUE}.
     *
     * @param strategy how to wait: spin, yield, then (PARK) park
     * @param ready    the condition; may throw (closed) to end the wait
     * @param deadline {@link System#nanoTime()} to give up at, or 0 for no limit
     * @param position the lowest published position that can make {@code ready} hold
     * @return {@code true} when ready, {@code false} at the deadline
     * @throws InterruptedException if the thread was or is interrupted (its flag is cleared)
     */
    public boolean await(WaitStrategy strategy, Ready ready, long deadline, long position)
            throws InterruptedException {
        for (int round = 0; ; round++) {
            if (ready.test()) {
                return true;
            }
            if (Deadline.passed(deadline)) {
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
                return park(ready, deadline, position);
            }
        }
    }

    /**
     * The parking phase alone (tests check the handshake through it).
     *
     * @param ready    the condition; may throw (closed) to end the wait
     * @param deadline {@link System#nanoTime()} to give up at, or 0 for no limit
     * @return {@code true} when ready, {@code false} at the deadline
     * @throws InterruptedException if the thread is interrupted while parked
     */
    public boolean park(Ready ready, long deadline) throws InterruptedException {
        return park(ready, deadline, Long.MIN_VALUE);
    }

    /**
     * The parking phase alone, woken only by publications of {@code position} or more.
     *
     * @param ready    the condition; may throw (closed) to end the wait
     * @param deadline {@link System#nanoTime()} to give up at, or 0 for no limit
     * @param position the lowest published position that can make {@code ready} hold
     * @return {@code true} when ready, {@code false} at the deadline
     * @throws InterruptedException if the thread is interrupted while parked
     */
    public boolean park(Ready ready, long deadline, long position) throws InterruptedException {
        lock.lock();
        WAITERS.getAndAdd(this, 1);
        if (position < (long) WANTED.getOpaque(this)) {
            WANTED.setVolatile(this, position);
        }
        try {
            long wait = RECHECK_NANOS;
            while (!ready.test()) {
                if (deadline != 0) {
                    long remaining = deadline - System.nanoTime();
                    if (remaining <= 0) {
                        return false;
                    }
                    wait = Math.min(wait, remaining);
                }
                if (wait == Long.MAX_VALUE) {
                    condition.await();
                } else {
                    condition.awaitNanos(wait);
                }
                wait = laterParkNanos;
            }
            return true;
        } finally {
            // The last waiter out resets the wanted position; with others left it stays at the
            // lowest one announced, which may only cause spurious wake-ups.
            if ((int) WAITERS.getAndAdd(this, -1) == 1) {
                WANTED.setVolatile(this, Long.MAX_VALUE);
            }
            lock.unlock();
        }
    }
}
