package io.cascade.buffer;

/**
 * Base of every exception the buffer throws for a condition the caller asked to be told about
 * (full, empty, timeout, closed) or for misuse it detected. Unchecked: no call declares it.
 */
public class BufferException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates an exception with a message that names the values involved.
     *
     * @param message what was asked and what the buffer held
     */
    public BufferException(String message) {
        super(message);
    }

    /**
     * Creates an exception with a message and a cause.
     *
     * @param message what was asked and what the buffer held
     * @param cause   the underlying failure
     */
    public BufferException(String message, Throwable cause) {
        super(message, cause);
    }
}
