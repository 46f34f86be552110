package io.cascade.buffer;

import io.cascade.buffer.engine.Integrity;
import io.cascade.buffer.engine.Snapshot;
import io.cascade.buffer.engine.Exclusive;
import io.cascade.buffer.engine.Readers;
import io.cascade.buffer.engine.BufferEvents;
import io.cascade.buffer.engine.Ring;
import io.cascade.buffer.engine.SideState;
import io.cascade.buffer.engine.Writer;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * A buffer's status, metrics, integrity checks and latency percentiles, each computed from one
 * consistent {@link Snapshot}, and the figures kept at close so that all of them answer after
 * it. Reads the sides' counters without holding them, except when they keep moving.
 */
final class Figures {
    private final AudioRingBuffer buffer;
    private final Writer writer;
    private final Readers<AudioReader> readers;
    private final Exclusive<AudioReader> exclusive;
    private final long createdNanos = System.nanoTime();
    private volatile long lastPeriodicCheck;
    /** The highest fill a status read has seen, in samples: off the writer's lines, written by status calls. */
    private final AtomicLong peakSeen = new AtomicLong();

    // Set by freezeAtClose, before the buffer is marked closed.
    private volatile Snapshot closedSnapshot;
    private volatile long[] closedWriteHistogram = new long[HISTOGRAM_BUCKETS];
    private volatile long[] closedReadHistogram = new long[HISTOGRAM_BUCKETS];
    private volatile long closedNanos;

    Figures(AudioRingBuffer buffer, Writer writer, Readers<AudioReader> readers, Exclusive<AudioReader> exclusive) {
        this.buffer = buffer;
        this.writer = writer;
        this.readers = readers;
        this.exclusive = exclusive;
    }

    /** {@return the snapshot taken at close, or {@code null} while the buffer is open} */
    Snapshot closedSnapshot() {
        return closedSnapshot;
    }

    /** A snapshot of {@code r} with every side {@code held}, as management calls take it. */
    Snapshot captureHeld(Ring r, AudioReader[] held) {
        return Snapshot.capture(r, writer, held, readers, peakSeen.get());
    }

    /** Keeps the figures of the moment of close (with every side held, before the storage is freed). */
    void freezeAtClose(Ring r, AudioReader[] held) {
        closedNanos = System.nanoTime();
        closedSnapshot = captureHeld(r, held);
        closedWriteHistogram = histogram(true);
        closedReadHistogram = histogram(false);
    }

    /** A snapshot, whose fill counts toward the peak (the writer records it only at sampled and near-full writes). */
    Snapshot snapshot() {
        Snapshot s = capture();
        peakSeen.accumulateAndGet(s.peakFill(), Math::max);
        return s;
    }

    /**
     * A snapshot in which positions and the totals checked against them belong to one moment:
     * read optimistically (pinned, as a resize or close may free the ring meanwhile), and if the
     * writer or a reader moved during the read, or a call in flight had stored its position but
     * not yet its totals, again; after a few tries, with all sides held (unless this thread holds
     * an open claim, and with it the write side: then it keeps trying). So totals that still
     * disagree are corruption, never a call caught half-way.
     */
    private Snapshot capture() {
        boolean mayHold = exclusive.mayEnter();
        for (int attempt = 0; attempt < 8 || !mayHold; attempt++) {
            Snapshot done = closedSnapshot;
            if (done != null) {
                return done;
            }
            Ring r = buffer.currentRing();
            AudioReader[] open = readers.open();
            if (r.pin()) {
                try {
                    Snapshot s = captureHeld(r, open);
                    if (r == buffer.currentRing() && open == readers.open() && s.tail() == r.control.acquire(TAIL)
                            && s.floor() == r.control.acquire(FLOOR) && s.samePositions(r)
                            && s.totalsAgree()) {
                        return s;
                    }
                } finally {
                    r.unpin();
                }
            }
            SideState.backOff(attempt);
        }
        AudioReader[] held = exclusive.enter("status");
        try {
            Snapshot done = closedSnapshot;
            return done != null ? done : captureHeld(buffer.currentRing(), held);
        } finally {
            exclusive.exit(held);
        }
    }

    BufferStatus status() {
        Snapshot s = snapshot();
        Ring r = buffer.currentRing();
        boolean closed = buffer.isClosed();
        AudioConfig config = buffer.config();
        double usage = s.usage();
        return new BufferStatus(s.capacity(), (int) s.available(), (int) (s.capacity() - s.available()), usage,
                BufferStatus.Level.of(usage), s.overflows(), s.dropped(), ratio(s.peakFill(), s.capacity()),
                s.samplesWritten(), s.samplesRead(), s.writeIndex(), s.readIndex(), buffer.policy(), buffer.backend(),
                r.mirrored, closed ? 0 : r.storage.allocatedBytes(), r.storage.alignment(), closed,
                s.readers().stream().map(x -> readerStatus(s, x, config, closed)).toList());
    }

    BufferMetrics metrics() {
        Snapshot s = snapshot();
        long uptime = (buffer.isClosed() ? closedNanos : System.nanoTime()) - createdNanos;
        double seconds = Math.max(uptime, 1) / 1e9;
        long ops = s.writeOps() + s.readOps();
        long errors = s.fullErrors() + s.insufficientErrors();
        long waits = s.writerWaits() + s.readerWaits();
        return new BufferMetrics(s.writeOps(), s.readOps(), s.samplesWritten(), s.samplesRead(),
                s.samplesWritten() * Float.BYTES, s.samplesRead() * Float.BYTES,
                ratio(s.writeNanos(), s.writesTimed()), ratio(s.readNanos(), s.readsTimed()),
                s.zeroCopy(), s.copied(), s.zeroCopy() + s.copied() == 0 ? 1.0 : ratio(s.zeroCopy(), s.zeroCopy() + s.copied()),
                s.fullErrors(), s.insufficientErrors(), waits, ratio(s.writerWaitNanos() + s.readerWaitNanos(), waits),
                ratio(s.peakFill(), s.capacity()), s.fillSamples() == 0 ? 0 : (double) s.fillSum() / s.fillSamples() / s.capacity(),
                s.cacheHits(), s.cacheMisses(), s.cacheEvictions(), ratio(s.cacheHits(), s.cacheHits() + s.cacheMisses()),
                s.samplesWritten() * Float.BYTES / seconds, s.samplesRead() * Float.BYTES / seconds, ops / seconds,
                ratio(errors, ops + errors), uptime);
    }

    private static double ratio(long numerator, long denominator) {
        return denominator == 0 ? 0 : (double) numerator / denominator;
    }

    /** A reader's status from a consistent snapshot; a closed reader's figures are those at its close. */
    ReaderStatus readerStatus(AudioReader reader) {
        ReaderStatus frozen = reader.frozenStatus();
        if (frozen != null) {
            return frozen;
        }
        ReaderStatus s = readerStatus(snapshot(), reader, buffer.config(), buffer.isClosed());
        return s != null ? s : reader.frozenStatus();
    }

    /** {@return the status of {@code reader} in {@code s}, or {@code null} when it is not there} */
    static ReaderStatus readerStatus(Snapshot s, AudioReader reader, AudioConfig config, boolean readerClosed) {
        for (Snapshot.Reader r : s.readers()) {
            if (r.cursor() == reader.cursor()) {
                return readerStatus(s, r, config, readerClosed);
            }
        }
        return null;
    }

    private static ReaderStatus readerStatus(Snapshot s, Snapshot.Reader r, AudioConfig config, boolean readerClosed) {
        long lag = Math.max(0, Math.min(s.capacity(), s.available(r)));
        return new ReaderStatus(r.cursor().name(), Math.max(r.head(), Math.min(s.floor(), s.tail())), (int) lag,
                config.frameToMillis(lag / config.channels()), r.laps(),
                r.dropped() + Math.max(0, s.floor() - r.head()), r.readOps(), r.samplesRead(), readerClosed);
    }

    IntegrityReport checkIntegrity() {
        Snapshot s = snapshot();
        IntegrityReport report = Integrity.check(s, buffer.currentRing(), buffer.isClosed(), buffer.backend());
        if (!report.healthy()) {
            BufferEvents.integrityProblem(buffer.name(), String.join("; ", report.issues()));
        }
        return report;
    }

    Optional<IntegrityReport> checkIntegrityIfDue(Duration interval) {
        long due = Objects.requireNonNull(interval, "interval").toNanos();
        long now = System.nanoTime();
        long last = lastPeriodicCheck;
        if (last != 0 && now - last < due) {
            return Optional.empty();
        }
        lastPeriodicCheck = now;
        return Optional.of(checkIntegrity());
    }

    /**
     * A percentile of the sampled write or take latencies, from a histogram of powers of two:
     * the upper edge of the bucket that holds it, so within a factor of two above the true value.
     *
     * @param writes {@code true} for writes, {@code false} for chunk takes
     * @param phi    between 0 and 1, for example 0.99
     * @return nanoseconds, or 0 before any operation was timed
     */
    double latencyPercentileNanos(boolean writes, double phi) {
        long[] buckets = buffer.isClosed() ? closedHistogram(writes) : histogram(writes);
        long total = 0;
        for (long b : buckets) {
            total += b;
        }
        if (total == 0) {
            return 0;
        }
        long rank = (long) Math.ceil(phi * total);
        long seen = 0;
        for (int i = 0; i < buckets.length; i++) {
            seen += buckets[i];
            if (seen >= Math.max(rank, 1)) {
                return Math.pow(2, i + 1);
            }
        }
        return Math.pow(2, buckets.length);
    }

    /**
     * The write histogram, or the read histograms of all readers (closed ones included) summed;
     * read pinned, as a resize or close may free the ring meanwhile.
     */
    private long[] histogram(boolean writes) {
        for (;;) {
            Ring r = buffer.currentRing();
            if (!r.pin()) {
                // Freed: close set the closed histograms first, resize the next ring.
                if (buffer.isClosed()) {
                    return closedHistogram(writes);
                }
                Thread.onSpinWait();
                continue;
            }
            try {
                if (!writes) {
                    return readers.readHistogram(r);
                }
                long[] buckets = new long[HISTOGRAM_BUCKETS];
                for (int i = 0; i < buckets.length; i++) {
                    buckets[i] = r.control.get(WRITE_HISTOGRAM + (long) i * Long.BYTES);
                }
                return buckets;
            } finally {
                r.unpin();
            }
        }
    }

    private long[] closedHistogram(boolean writes) {
        return writes ? closedWriteHistogram : closedReadHistogram;
    }
}
