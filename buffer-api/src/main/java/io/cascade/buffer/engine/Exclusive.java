package io.cascade.buffer.engine;

/**
 * Exclusive access to a buffer for a management call or a status read that must not race: the
 * write side first, then every open reader. Afterwards no writer and no reader is inside a call,
 * the set of readers cannot change, and each side has stored its position and counts into its block.
 * Leaving loads each side's copies of its control-block fields again (the call may have changed
 * them, or replaced the ring) and wakes every waiter, so that each re-tests its condition (room,
 * data, closed, its turn) against what the call changed.
 *
 * @param <R> the reader facade, as {@link Readers} holds it
 */
public final class Exclusive<R> {
    private final CurrentRing current;
    private final Writer writer;
    private final Readers<R> readers;
    private final Signal space;
    private final Signal data;

    /**
     * Exclusive access to one buffer.
     *
     * @param current  the buffer's ring and closed flag
     * @param writer   the buffer's write side
     * @param readers  its open readers
     * @param settings its settings, for the two signals
     */
    public Exclusive(CurrentRing current, Writer writer, Readers<R> readers, BufferSettings settings) {
        this.current = current;
        this.writer = writer;
        this.readers = readers;
        this.space = settings.space();
        this.data = settings.data();
    }

    /**
     * Takes the write side (waiting for a writer or a claim to leave, see
     * {@link Writer#holdForManagement()}), then every open reader.
     *
     * @param call the call entering, for the message
     * @return the readers held, to give to {@link #exit}
     * @throws IllegalStateException if this thread holds an open claim (and with it the write side)
     */
    public R[] enter(String call) {
        if (!mayEnter()) {
            throw new IllegalStateException(call + " while this thread's claim is open; commit or abort it first");
        }
        writer.holdForManagement();
        R[] held = readers.holdAll();
        if (!current.isClosed()) {
            // The sides count in their own fields; the call finds every figure in the blocks.
            Ring r = current.get();
            writer.storeCounts(r);
            for (R reader : held) {
                readers.cursor(reader).storeCounts(r);
            }
        }
        return held;
    }

    /**
     * Releases every side {@link #enter} took and wakes every waiter.
     *
     * @param held what {@link #enter} returned
     */
    public void exit(R[] held) {
        try {
            if (!current.isClosed()) {
                Ring r = current.get();
                // The readers cache the write position the writer republishes, and the
                // writer caches its gate from the positions the readers publish.
                writer.reload(r);
                for (R reader : held) {
                    ReadCursor cursor = readers.cursor(reader);
                    if (!cursor.isClosed()) {
                        cursor.reload(r);
                    }
                }
                writer.cacheGate(r);
            }
        } finally {
            readers.releaseAll(held);
            writer.releaseFromManagement();
            space.signalAll();
            data.signalAll();
        }
    }

    /**
     * {@return whether this thread may {@link #enter}: it is not inside the write side, which
     * outside a write call means it holds no open claim}
     */
    public boolean mayEnter() {
        return !writer.isHeldBy(Thread.currentThread());
    }
}
