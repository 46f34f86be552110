package io.cascade.buffer.engine;

/** What bounds the writer: the position of the slowest open reader. */
@FunctionalInterface
public interface Gate {
    /**
     * The slowest open reader's position, read without a lock.
     *
     * @param r    the ring whose readers' blocks to read
     * @param tail the write position, the answer when no reader is open
     * @return the position the writer may not go more than a capacity past
     */
    long gate(Ring r, long tail);
}
