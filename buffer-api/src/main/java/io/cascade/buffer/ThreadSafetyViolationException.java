package io.cascade.buffer;

/**
 * A second thread entered the read side while another thread was in it. The read side (taking
 * chunks, advancing) is for one consumer at a time; the buffer refuses the second caller instead
 * of letting both move the read position.
 */
public class ThreadSafetyViolationException extends BufferException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which threads collided, in which call
     */
    public ThreadSafetyViolationException(String message) {
        super(message);
    }
}
