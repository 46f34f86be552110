package io.cascade.buffer.engine;

import io.cascade.buffer.BufferClosedException;

/**
 * The ring a buffer uses now and whether the buffer is closed: what every call reads first.
 * Resize replaces the ring and close marks the buffer closed, each with every side held, so a
 * call inside a side sees one ring for its whole length.
 */
public final class CurrentRing {
    /** The backend's name, for messages. */
    private final String backend;
    private volatile Ring ring;
    private volatile boolean closed;

    /**
     * The first ring of a buffer.
     *
     * @param first   the ring
     * @param backend the backend's name, for messages
     */
    public CurrentRing(Ring first, String backend) {
        this.ring = first;
        this.backend = backend;
    }

    /**
     * The ring, for a call that needs the buffer open.
     *
     * @param call the call, for the message
     * @return the ring
     * @throws BufferClosedException if the buffer is closed
     */
    public Ring open(String call) {
        if (closed) {
            throw new BufferClosedException(call + " on a closed buffer (" + backend + ", capacity "
                    + ring.capacity + " samples)");
        }
        return ring;
    }

    /** {@return the ring, open or not (after close, the last one, whose storage is freed)} */
    public Ring get() {
        return ring;
    }

    /**
     * Makes {@code next} the buffer's ring (resize, with every side held).
     *
     * @param next the new generation
     */
    public void install(Ring next) {
        ring = next;
    }

    /** Marks the buffer closed (close, with every side held, after the figures at close are kept). */
    public void markClosed() {
        closed = true;
    }

    /** {@return the backend's name} */
    public String backend() {
        return backend;
    }

    /** {@return whether the buffer is closed} */
    public boolean isClosed() {
        return closed;
    }
}
