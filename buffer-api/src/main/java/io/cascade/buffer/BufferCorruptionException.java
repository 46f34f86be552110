package io.cascade.buffer;

/**
 * The buffer found its own state inconsistent (positions out of range, storage gone): thrown by
 * {@link AudioRingBuffer#verifyIntegrity()}, the strict form of
 * {@link AudioRingBuffer#checkIntegrity()}, whose report lists the same issues.
 */
public class BufferCorruptionException extends BufferException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which invariant failed, with the values seen
     */
    public BufferCorruptionException(String message) {
        super(message);
    }
}
