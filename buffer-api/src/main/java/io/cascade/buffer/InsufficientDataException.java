package io.cascade.buffer;

/** A read or advance asked for more samples than are available. */
public class InsufficientDataException extends BufferException {
    private static final long serialVersionUID = 1L;

    private final int available;
    private final int required;

    /**
     * Creates the exception.
     *
     * @param available samples available when the call was made
     * @param required  samples the call needed
     */
    public InsufficientDataException(int available, int required) {
        super("Insufficient data: available=" + available + ", required=" + required);
        this.available = available;
        this.required = required;
    }

    /** {@return samples available when the call was made} */
    public int available() {
        return available;
    }

    /** {@return samples the call needed} */
    public int required() {
        return required;
    }
}
