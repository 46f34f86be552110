package io.cascade.examples.natives;

/** A native component cannot be used here; the message says why and what to install or enable. */
public final class NativeUnavailableException extends Exception {
    private static final long serialVersionUID = 1L;

    /**
     * An unavailable component.
     *
     * @param reason one line: what is missing and how to get it
     */
    public NativeUnavailableException(String reason) {
        super(reason);
    }
}
