package io.cascade.buffer;

/** A blocking call waited for the whole timeout without the condition it needed. */
public class BufferTimeoutException extends BufferException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was waited for, for how long, and what the buffer held
     */
    public BufferTimeoutException(String message) {
        super(message);
    }
}
