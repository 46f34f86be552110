package io.cascade.buffer;

import io.cascade.buffer.engine.Readers;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.Signal;
import io.cascade.buffer.engine.Writer;

/**
 * Exclusive access to a buffer for a management call or a status read that must not race: the
 * write side first, then every open reader. Afterwards no writer and no reader is inside a call,
 * and the set of readers cannot change, and each side has stored its counts into its block.
 * Leaving loads each side's copies of its control-block fields again (the call may have changed them, or replaced the ring) and wakes every waiter, so
 * that each re-tests its condition (room, data, closed, its turn) against what the call changed.
 */
final class Exclusive {
    private final AudioRingBuffer buffer;
    private final Writer writer;
    /** The buffer's claim, which holds the write side while it is open. */
    private final WriteClaim claim;
    private final Readers<AudioReader> readers;
    private final Signal space;
    private final Signal data;

    Exclusive(AudioRingBuffer buffer, Writer writer, WriteClaim claim, Readers<AudioReader> readers, Signal space, Signal data) {
        this.buffer = buffer;
        this.writer = writer;
        this.claim = claim;
        this.readers = readers;
        this.space = space;
        this.data = data;
    }

    /**
     * Takes the write side (waiting for a writer or a claim to leave, see
     * {@link Writer#holdForManagement()}), then every open reader.
     *
     * @return the readers held, to give to {@link #exit(AudioReader[])}
     * @throws IllegalStateException if this thread holds an open claim (and with it the write side)
     */
    AudioReader[] enter(String call) {
        if (claim.isOpenOn(Thread.currentThread())) {
            throw new IllegalStateException(call + " while this thread's claim is open; commit or abort it first");
        }
        writer.holdForManagement();
        AudioReader[] held = readers.holdAll();
        if (!buffer.isClosed()) {
            // The sides count in their own fields; the call finds every figure in the blocks.
            Ring r = buffer.currentRing();
            writer.storeCounts(r);
            for (AudioReader reader : held) {
                reader.cursor().storeCounts(r);
            }
        }
        return held;
    }

    /** Releases every side {@link #enter(String)} took and wakes every waiter. */
    void exit(AudioReader[] held) {
        try {
            if (!buffer.isClosed()) {
                Ring r = buffer.currentRing();
                writer.reload(r);
                for (AudioReader reader : held) {
                    if (!reader.isClosed()) {
                        reader.cursor().reload(r);
                    }
                }
            }
        } finally {
            readers.releaseAll(held);
            writer.releaseFromManagement();
            space.signalAll();
            data.signalAll();
        }
    }

    /** {@return whether this thread may {@link #enter(String)}: it holds no open claim} */
    boolean mayEnter() {
        return !claim.isOpenOn(Thread.currentThread());
    }
}
