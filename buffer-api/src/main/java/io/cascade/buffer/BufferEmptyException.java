package io.cascade.buffer;

/** A read needed at least one sample and the buffer held none. */
public class BufferEmptyException extends BufferException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message what was asked
     */
    public BufferEmptyException(String message) {
        super(message);
    }
}
