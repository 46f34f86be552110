package io.cascade.buffer.engine;

import java.time.Duration;

/**
 * Timeouts of blocking calls as {@link System#nanoTime()} deadlines, in one place. A timeout is
 * kept as nanoseconds ({@code -1}: no limit, {@code 0}: do not wait); a deadline is a
 * {@code nanoTime} value, {@code 0} meaning none, compared by difference so that it survives
 * {@code nanoTime} wrapping.
 */
public final class Deadline {
    private Deadline() {
    }

    /**
     * A call's timeout in nanoseconds.
     *
     * @param timeout the caller's timeout, {@code null} for no limit
     * @return {@code -1} for none, else the nanoseconds (a timeout too long for a {@code long} is
     *         a very long one)
     * @throws IllegalArgumentException if the timeout is negative
     */
    public static long timeoutNanos(Duration timeout) {
        if (timeout == null) {
            return -1;
        }
        if (timeout.isNegative()) {
            throw new IllegalArgumentException("timeout must not be negative, was " + timeout);
        }
        try {
            return timeout.toNanos();
        } catch (ArithmeticException tooLong) {
            return Long.MAX_VALUE / 2;
        }
    }

    /**
     * The deadline of a timeout that starts now.
     *
     * @param timeoutNanos from {@link #timeoutNanos(Duration)}
     * @return the {@code nanoTime} to give up at, or 0 for none (no limit, or do not wait)
     */
    public static long of(long timeoutNanos) {
        if (timeoutNanos <= 0) {
            return 0;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        return deadline == 0 ? 1 : deadline;
    }

    /**
     * Whether a deadline has passed.
     *
     * @param deadline from {@link #of(long)}
     * @return {@code false} for none
     */
    public static boolean passed(long deadline) {
        return deadline != 0 && System.nanoTime() - deadline >= 0;
    }

    /**
     * Whether a call with this timeout must stop waiting now.
     *
     * @param timeoutNanos from {@link #timeoutNanos(Duration)}
     * @param deadline     from {@link #of(long)} of it
     * @return {@code true} for a call that may not wait at all, or once the deadline passed
     */
    public static boolean expired(long timeoutNanos, long deadline) {
        return timeoutNanos == 0 || passed(deadline);
    }
}
