package io.cascade.buffer;

/** How many threads may write to a buffer at the same time. */
public enum ProducerMode {
    /**
     * One writer at a time (a capture callback, a decoder thread). Writes take no lock: the
     * write side is held by a compare-and-set of its owner, and a second thread that writes
     * while the first is inside a write gets {@link ThreadSafetyViolationException}. Handing
     * the writer role from one thread to another between writes is allowed.
     */
    SINGLE,
    /**
     * Any number of concurrent writers (the default). Writers serialise on a writer lock, so
     * that each block lands whole and blocks of different threads never interleave.
     */
    MULTI
}
