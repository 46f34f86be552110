package io.cascade.buffer;

/** A write found no room and was not allowed to wait, or can never fit. */
public class BufferFullException extends BufferException {
    private static final long serialVersionUID = 1L;

    private final int capacity;
    private final int attemptedSize;

    /**
     * Creates the exception.
     *
     * @param capacity      the buffer's capacity in samples
     * @param attemptedSize the number of samples the write tried to append
     */
    public BufferFullException(int capacity, int attemptedSize) {
        this(capacity, attemptedSize, -1);
    }

    /**
     * Creates the exception, naming the free room the buffer had.
     *
     * @param capacity      the buffer's capacity in samples
     * @param attemptedSize the number of samples the write tried to append
     * @param free          free samples when the write was refused, or -1 if unknown
     */
    public BufferFullException(int capacity, int attemptedSize, int free) {
        super("Buffer full: capacity=" + capacity + ", attempted=" + attemptedSize
                + (free >= 0 ? ", free=" + free : "")
                + (attemptedSize > capacity ? " (a write longer than the capacity can never fit)" : ""));
        this.capacity = capacity;
        this.attemptedSize = attemptedSize;
    }

    /** {@return the buffer's capacity in samples} */
    public int capacity() {
        return capacity;
    }

    /** {@return the number of samples the refused write tried to append} */
    public int attemptedSize() {
        return attemptedSize;
    }
}
