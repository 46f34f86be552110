package io.cascade.buffer;

/** A data or management call was made on a closed buffer, or the buffer closed while the call waited. */
public class BufferClosedException extends BufferException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call met the closed buffer
     */
    public BufferClosedException(String message) {
        super(message);
    }
}
