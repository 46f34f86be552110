package io.cascade.buffer;

/**
 * The calling thread was interrupted while it waited in a call. The call wrote or consumed
 * nothing, and the thread's interrupt flag is set again.
 */
public class BufferInterruptedException extends BufferException {
    private static final long serialVersionUID = 1L;

    /**
     * Creates the exception.
     *
     * @param message which call was interrupted
     * @param cause   the interruption
     */
    public BufferInterruptedException(String message, InterruptedException cause) {
        super(message, cause);
    }
}
