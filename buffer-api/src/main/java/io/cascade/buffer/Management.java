package io.cascade.buffer;

import io.cascade.buffer.engine.Integrity;
import io.cascade.buffer.engine.Snapshot;
import io.cascade.buffer.engine.Exclusive;
import io.cascade.buffer.engine.Readers;
import io.cascade.buffer.engine.BufferEvents;
import io.cascade.buffer.engine.ControlBlock;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.SharedFile;
import io.cascade.buffer.engine.Writer;
import io.cascade.buffer.spi.AudioBufferProvider;

import java.util.List;
import java.util.Objects;
import java.util.concurrent.CopyOnWriteArrayList;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * The calls that change a buffer's positions, storage or readers as a whole: adding and closing
 * readers, clear, resize, recover and close. Each runs with every side held
 * ({@link Exclusive}), so no writer or reader is inside a call while it changes what they read;
 * storage is freed only after that ({@link Ring#free()} also waits out pinned status reads).
 */
final class Management {
    private final AudioRingBuffer buffer;
    private final AudioBufferProvider provider;
    /** The file the buffer lives in, or {@code null}: its capacity and positions are not this process's alone. */
    private final SharedFile shared;
    /** Why this process may not add readers (it is a shared file's reader), or {@code null}. */
    private final String writeRefusal;
    private final Writer writer;
    /** The buffer's claim, whose scratch memory close frees. */
    private final WriteClaim claim;
    private final Readers<AudioReader> readers;
    private final Exclusive<AudioReader> exclusive;
    private final Figures figures;
    private final List<Runnable> closeListeners = new CopyOnWriteArrayList<>();

    Management(AudioRingBuffer buffer, AudioBufferProvider provider, SharedFile shared, String writeRefusal,
               Writer writer, WriteClaim claim, Readers<AudioReader> readers, Exclusive<AudioReader> exclusive, Figures figures) {
        this.buffer = buffer;
        this.provider = provider;
        this.shared = shared;
        this.writeRefusal = writeRefusal;
        this.writer = writer;
        this.claim = claim;
        this.readers = readers;
        this.exclusive = exclusive;
        this.figures = figures;
    }

    AudioReader newReader(String name, AudioReader.Start start) {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(start, "start");
        if (name.isBlank()) {
            throw new IllegalArgumentException("reader name must not be blank");
        }
        if (writeRefusal != null) {
            throw new IllegalStateException("newReader" + writeRefusal + "; readers added here would be invisible "
                    + "to the writer, which could overwrite what they have not read");
        }
        AudioReader reader;
        AudioReader[] held = exclusive.enter("newReader");
        try {
            Ring r = buffer.openRing("newReader");
            for (AudioReader open : held) {
                if (open.name().equals(name)) {
                    throw new IllegalArgumentException("a reader named '" + name + "' is already open on " + buffer);
                }
            }
            ControlBlock c = r.control;
            long tail = c.get(TAIL);
            long position = start == AudioReader.Start.NEWEST ? tail : Math.max(readers.gate(r, tail), c.get(FLOOR));
            ControlBlock block = Readers.newBlock();
            block.set(SKIPPED, position);
            block.release(HEAD, position);
            reader = new AudioReader(buffer, name, block, null);
            // The writer's cached gate needs no update: a new reader starts at or after the gate.
            readers.add(held, reader);
        } finally {
            exclusive.exit(held);
        }
        readers.announce(reader);
        return reader;
    }

    /** Closes a reader: keeps its counters in the buffer's sums and stops it gating the writer. */
    void closeReader(AudioReader reader) {
        if (buffer.isClosed() || reader.isClosed()) {
            return;
        }
        AudioReader[] held = exclusive.enter("close reader");
        try {
            if (buffer.isClosed() || reader.isClosed()) {
                return;
            }
            Ring r = buffer.currentRing();
            readers.retire(held, reader, r);
            reader.freeze(Figures.readerStatus(figures.captureHeld(r, held), reader, buffer.config(), true));
            reader.cursor().markClosed();
        } finally {
            exclusive.exit(held);
        }
        reader.runCloseListeners();
    }

    void clear() {
        refuseIfShared("clear");
        AudioReader[] held = exclusive.enter("clear");
        try {
            Ring r = buffer.openRing("clear");
            ControlBlock c = r.control;
            long tail = c.get(TAIL);
            c.add(CLEARED, tail - catchUpAll(r, held, tail));
            for (AudioReader reader : held) {
                ControlBlock b = reader.cursor().block(r);
                b.add(SKIPPED, tail - b.get(HEAD));
                b.release(HEAD, tail);
            }
            c.add(GENERATION, 1);
        } finally {
            exclusive.exit(held);
        }
    }

    /** Catches every held reader up to the floor; returns the oldest sample still unread (by the slowest). */
    private static long catchUpAll(Ring r, AudioReader[] held, long tail) {
        long oldest = tail;
        for (AudioReader reader : held) {
            oldest = Math.min(oldest, reader.cursor().catchUp(r));
        }
        return oldest;
    }

    boolean resize(int newCapacity) {
        refuseIfShared("resize");
        AudioReader[] held = exclusive.enter("resize");
        try {
            Ring old = buffer.openRing("resize");
            long tail = old.control.get(TAIL);
            long oldest = catchUpAll(old, held, tail);
            boolean fits = tail - oldest <= newCapacity;
            BufferEvents.resize(buffer.name(), old.capacity, newCapacity, tail - oldest, fits);
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
            buffer.current().install(next);
            old.free();
            return true;
        } finally {
            exclusive.exit(held);
        }
    }

    RecoveryReport recover() {
        refuseIfShared("recover");
        AudioReader[] held = exclusive.enter("recover");
        try {
            Ring r = buffer.openRing("recover");
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

    void close() {
        AudioReader[] held = exclusive.enter("close");
        try {
            if (buffer.isClosed()) {
                return;
            }
            Ring r = buffer.currentRing();
            if (shared == null) {
                // A shared file's generation is the other process's too: its chunks stay valid.
                r.control.add(GENERATION, 1);
            }
            figures.freezeAtClose(r, held);
            buffer.current().markClosed();
            claim.free();
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

    /** Runs {@code listener} once the buffer is closed (at once if it already is). */
    void onClose(Runnable listener) {
        closeListeners.add(listener);
        if (buffer.isClosed() && closeListeners.remove(listener)) {
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
