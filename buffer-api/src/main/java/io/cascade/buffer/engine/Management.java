package io.cascade.buffer.engine;

import io.cascade.buffer.RecoveryReport;
import io.cascade.buffer.spi.AudioBufferProvider;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * The calls that change a buffer's positions, storage or readers as a whole: adding and closing
 * readers, clear, resize, recover and close. Each runs with every side held
 * ({@link Exclusive}), so no writer or reader is inside a call while it changes what they read;
 * storage is freed only after that ({@link Ring#free()} also waits out pinned status reads).
 *
 * @param <R> the reader facade
 */
public final class Management<R> {
    private final CurrentRing current;
    private final BufferSettings settings;
    private final AudioBufferProvider provider;
    /** The file the buffer lives in, or {@code null}: its capacity and positions are not this process's alone. */
    private final SharedFile shared;
    /** Why this process may not add readers (it is a shared file's reader), or {@code null}. */
    private final String writeRefusal;
    private final Writer writer;
    /** Frees the buffer's claim scratch memory, at close. */
    private final Runnable freeClaim;
    private final Readers<R> readers;
    private final Exclusive<R> exclusive;
    private final Figures<R> figures;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    /**
     * The management calls of one buffer.
     *
     * @param current      the buffer's ring and closed flag
     * @param settings     the buffer's fixed settings
     * @param provider     the backend, which allocates a resized ring
     * @param shared       the buffer's shared file, or {@code null}
     * @param writeRefusal why this process may not write or add readers (a shared file's reader), or {@code null}
     * @param writer       the write side
     * @param freeClaim    frees the buffer's claim scratch memory, at close
     * @param readers      the open readers and the sums of closed ones
     * @param exclusive    every side held
     * @param figures      the figures, which close keeps
     */
    public Management(CurrentRing current, BufferSettings settings, AudioBufferProvider provider, SharedFile shared,
                      String writeRefusal, Writer writer, Runnable freeClaim, Readers<R> readers, Exclusive<R> exclusive,
                      Figures<R> figures) {
        this.current = current;
        this.settings = settings;
        this.provider = provider;
        this.shared = shared;
        this.writeRefusal = writeRefusal;
        this.writer = writer;
        this.freeClaim = freeClaim;
        this.readers = readers;
        this.exclusive = exclusive;
        this.figures = figures;
    }

    /**
     * Adds a reader, as {@code AudioRingBuffer.newReader} says.
     *
     * @param name      a name unique among the open readers
     * @param newest    whether it starts at the newest sample (else at the oldest unread one)
     * @param newReader makes the reader over its block, which holds its start position
     * @return the reader, announced to the listeners of added readers
     */
    public R newReader(String name, boolean newest, Function<ControlBlock, R> newReader) {
        Objects.requireNonNull(name, "name");
        if (name.isBlank()) {
            throw new IllegalArgumentException("reader name must not be blank");
        }
        if (writeRefusal != null) {
            throw new IllegalStateException("newReader" + writeRefusal + "; readers added here would be invisible "
                    + "to the writer, which could overwrite what they have not read");
        }
        R reader;
        R[] held = exclusive.enter("newReader");
        try {
            Ring r = current.open("newReader");
            for (R open : held) {
                if (readers.cursor(open).name().equals(name)) {
                    throw new IllegalArgumentException("a reader named '" + name + "' is already open on buffer '"
                            + settings.name() + "'");
                }
            }
            ControlBlock c = r.control;
            long tail = c.get(TAIL);
            long position = newest ? tail : Math.max(readers.gate(r, tail), c.get(FLOOR));
            ControlBlock block = Readers.newBlock();
            block.set(SKIPPED, position);
            block.release(HEAD, position);
            reader = newReader.apply(block);
            // The writer's cached gate needs no update: a new reader starts at or after the gate.
            readers.add(held, reader);
        } finally {
            exclusive.exit(held);
        }
        readers.announce(reader);
        return reader;
    }

    /**
     * Closes a reader: keeps its counters in the buffer's sums and its figures in its cursor,
     * and stops it gating the writer.
     *
     * @param reader the reader
     * @return whether this call closed it ({@code false}: it or the buffer was closed already)
     */
    public boolean closeReader(R reader) {
        ReadCursor cursor = readers.cursor(reader);
        if (current.isClosed() || cursor.isClosed()) {
            return false;
        }
        R[] held = exclusive.enter("close reader");
        try {
            if (current.isClosed() || cursor.isClosed()) {
                return false;
            }
            Ring r = current.get();
            readers.retire(held, reader, r);
            cursor.markClosed(figures.readerStatus(figures.captureHeld(r, held), cursor, true));
            return true;
        } finally {
            exclusive.exit(held);
        }
    }

    /** Drops every unread sample, as {@code AudioRingBuffer.clear} says. */
    public void clear() {
        refuseIfShared("clear");
        R[] held = exclusive.enter("clear");
        try {
            Ring r = current.open("clear");
            ControlBlock c = r.control;
            long tail = c.get(TAIL);
            c.add(CLEARED, tail - catchUpAll(r, held, tail));
            for (R reader : held) {
                ControlBlock b = readers.cursor(reader).block(r);
                b.add(SKIPPED, tail - b.get(HEAD));
                b.release(HEAD, tail);
            }
            c.add(GENERATION, 1);
        } finally {
            exclusive.exit(held);
        }
    }

    /** Catches every held reader up to the floor; returns the oldest sample still unread (by the slowest). */
    private long catchUpAll(Ring r, R[] held, long tail) {
        long oldest = tail;
        for (R reader : held) {
            oldest = Math.min(oldest, readers.cursor(reader).catchUpHeld(r));
        }
        return oldest;
    }

    /**
     * Moves the unread samples to a ring of another capacity, as {@code AudioRingBuffer.resize} says.
     *
     * @param newCapacity the capacity in samples
     * @return whether it resized ({@code false}: the unread samples would not fit; nothing changed)
     */
    public boolean resize(int newCapacity) {
        refuseIfShared("resize");
        R[] held = exclusive.enter("resize");
        try {
            Ring old = current.open("resize");
            long tail = old.control.get(TAIL);
            long oldest = catchUpAll(old, held, tail);
            boolean fits = tail - oldest <= newCapacity;
            BufferEvents.resize(settings.name(), old.capacity, newCapacity, tail - oldest, fits);
            if (!fits) {
                return false;
            }
            Ring next = Ring.allocate(provider, newCapacity);
            try {
                next.control.copyFrom(old.control);
                old.transferTo(next, oldest, tail);
                next.control.add(GENERATION, 1);
            } catch (RuntimeException | Error e) {
                next.storage.close();
                throw e;
            }
            current.install(next);
            old.free();
            return true;
        } finally {
            exclusive.exit(held);
        }
    }

    /**
     * Repairs positions that fail the integrity checks, as {@code AudioRingBuffer.recover} says.
     *
     * @return what was wrong and what was dropped
     */
    public RecoveryReport recover() {
        refuseIfShared("recover");
        R[] held = exclusive.enter("recover");
        try {
            Ring r = current.open("recover");
            Snapshot s = figures.captureHeld(r, held);
            List<String> issues = Integrity.positionIssues(s);
            if (issues.isEmpty()) {
                return new RecoveryReport(false, 0, issues);
            }
            ControlBlock c = r.control;
            // The count of samples written is the one figure no reader touches: trust it.
            long tail = Math.max(0, s.samplesWritten());
            long lost = Math.max(0, Math.min(r.capacity, tail - Math.max(0, Math.max(s.head(), s.floor()))));
            c.set(MAGIC, MAGIC_VALUE);
            c.set(VERSION, VERSION_VALUE);
            c.set(SAMPLES_WRITTEN, tail);
            c.release(TAIL, tail);
            c.release(FLOOR, Math.min(Math.max(0, s.floor()), tail));
            for (Snapshot.Reader reader : s.readers()) {
                ControlBlock b = reader.cursor().block(r);
                b.set(SKIPPED, tail - reader.samplesRead() - reader.dropped());
                b.release(HEAD, tail);
            }
            c.add(CLEARED, lost);
            c.add(RECOVERIES, 1);
            c.add(GENERATION, 1);
            return new RecoveryReport(true, lost, issues);
        } finally {
            exclusive.exit(held);
        }
    }

    /** Closes the buffer and frees its storage, as {@code AudioRingBuffer.close} says; idempotent. */
    public void close() {
        R[] held = exclusive.enter("close");
        try {
            if (current.isClosed()) {
                return;
            }
            Ring r = current.get();
            if (shared == null) {
                // A shared file's generation is the other process's too: its chunks stay valid.
                r.control.add(GENERATION, 1);
            }
            figures.freezeAtClose(r, held);
            current.markClosed();
            freeClaim.run();
            r.free();
        } finally {
            exclusive.exit(held);
        }
        for (Runnable listener : closeListeners) {
            if (closeListeners.remove(listener)) {
                listener.run();
            }
        }
    }

    /**
     * Runs {@code listener} once the buffer is closed (at once if it already is).
     *
     * @param listener what to run
     */
    public void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (current.isClosed() && closeListeners.remove(listener)) {
            listener.run();
        }
    }

    private void refuseIfShared(String call) {
        if (shared != null) {
            throw new IllegalStateException(call + " on shared file " + shared.file() + ": the file fixes its capacity, "
                    + "and its positions belong to two processes; make a new file instead");
        }
    }
}
