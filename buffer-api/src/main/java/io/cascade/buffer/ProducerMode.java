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
     * Any number of concurrent writers (the default). Writers take the write side by the same
     * compare-and-set, so an uncontended write costs what a {@link #SINGLE} one does; a writer
     * that finds another inside waits its turn as the buffer's {@link WaitStrategy} says. Each
     * block lands whole, and blocks of different threads never interleave.
     */
    MULTI
}
