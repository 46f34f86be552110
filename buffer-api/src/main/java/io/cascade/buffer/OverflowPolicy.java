package io.cascade.buffer;

/** What a write does when the buffer has no room for it. */
public enum OverflowPolicy {
    /**
     * Wait for room (up to the timeout) when blocking, else throw {@link BufferFullException}.
     * A write longer than the capacity throws at once.
     */
    BLOCK,
    /**
     * Never wait: drop the oldest unread samples to make room and count them. A write longer
     * than the capacity keeps its newest {@code capacity()} samples.
     */
    OVERWRITE,
    /** Never wait or throw: return {@code false}, count an overflow, drop the write. */
    REJECT
}
