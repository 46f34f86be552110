package io.cascade.buffer;

/**
 * A strict read ({@link ChunkReader#takeChunk(int, int)}) found no unread sample at all; with
 * some, but too few, it throws {@link InsufficientDataException} instead.
 */
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
