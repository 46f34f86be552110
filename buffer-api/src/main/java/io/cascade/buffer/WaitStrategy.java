package io.cascade.buffer;

/**
 * How a blocking call ({@code write} under {@link OverflowPolicy#BLOCK} when full,
 * {@code awaitChunk}) waits for the other side, like the Disruptor's wait strategies. Every
 * strategy wakes on room or data, close, timeout and interrupt.
 */
public enum WaitStrategy {
    /**
     * CPU-friendly (the default): a short spin, then a few {@code Thread.yield()}s, then park
     * until the other side signals. While nobody is parked a write or advance pays one load of
     * a line nobody writes, as with {@link #SPIN}; only with a waiter parked does it take a lock
     * to signal.
     */
    PARK,
    /**
     * Lower latency: spin, then yield between checks; never parks, so publishers never signal
     * and pay no fence. Keeps a core busy while it waits.
     */
    YIELD,
    /**
     * Lowest latency: busy-spin with {@code Thread.onSpinWait()}; never parks, publishers never
     * signal. Burns a whole core while waiting: for pinned real-time threads only.
     */
    SPIN
}
