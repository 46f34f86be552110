package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.BufferMetrics;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.IntegrityReport;
import io.cascade.buffer.ReaderStatus;

import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;

/**
 * A buffer's status, metrics, integrity checks and latency percentiles, each computed from one
 * consistent {@link Snapshot}, and the figures kept at close so that all of them answer after
 * it. Reads the sides' counters without holding them, except when they keep moving.
 *
 * @param <R> the reader facade
 */
public final class Figures<R> {
    private final CurrentRing current;
    private final BufferSettings settings;
    private final Writer writer;
    private final Readers<R> readers;
    private final Exclusive<R> exclusive;
    private final long createdNanos = System.nanoTime();
    private volatile long lastPeriodicCheck;
    /** The highest fill a status read has seen, in samples: off the writer's lines, written by status calls. */
    private final AtomicLong peakSeen = new AtomicLong();

    // Set by freezeAtClose, before the buffer is marked closed.
    private volatile Snapshot closedSnapshot;
    private volatile long[] closedWriteHistogram = new long[HISTOGRAM_BUCKETS];
    private volatile long[] closedReadHistogram = new long[HISTOGRAM_BUCKETS];
    private volatile long closedNanos;

    /**
     * The figures of one buffer.
     *
     * @param current   the buffer's ring and closed flag
     * @param settings  the buffer's fixed settings
     * @param writer    the write side, whose counts the snapshots read
     * @param readers   the open readers and the sums of closed ones
     * @param exclusive every side held, for a snapshot of sides that keep moving
     */
    public Figures(CurrentRing current, BufferSettings settings, Writer writer, Readers<R> readers,
                   Exclusive<R> exclusive) {
        this.current = current;
        this.settings = settings;
        this.writer = writer;
        this.readers = readers;
        this.exclusive = exclusive;
    }

    /** {@return the snapshot taken at close, or {@code null} while the buffer is open} */
    public Snapshot closedSnapshot() {
        return closedSnapshot;
    }

    /**
     * A snapshot of {@code r} with every side held, as management calls take it.
     *
     * @param r    the ring now
     * @param held the open readers, held
     * @return the snapshot
     */
    public Snapshot captureHeld(Ring r, R[] held) {
        return Snapshot.capture(r, writer, held, readers, peakSeen.get());
    }

    /**
     * Keeps the figures of the moment of close (with every side held, before the storage is freed).
     *
     * @param r    the ring now
     * @param held the open readers, held
     */
    public void freezeAtClose(Ring r, R[] held) {
        closedNanos = System.nanoTime();
        closedSnapshot = captureHeld(r, held);
        closedWriteHistogram = histogram(true);
        closedReadHistogram = histogram(false);
    }

    /**
     * A consistent snapshot, whose fill counts toward the peak (the writer records it only at
     * sampled and near-full writes).
     *
     * @return the snapshot; after close, the one taken at close
     */
    public Snapshot snapshot() {
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
            Ring r = current.get();
            R[] open = readers.open();
            if (r.pin()) {
                try {
                    Snapshot s = captureHeld(r, open);
                    if (r == current.get() && open == readers.open() && s.tail() == writer.positionFigure(r.control)
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
        R[] held = exclusive.enter("status");
        try {
            Snapshot done = closedSnapshot;
            return done != null ? done : captureHeld(current.get(), held);
        } finally {
            exclusive.exit(held);
        }
    }

    /** {@return the buffer's status, from one consistent snapshot} */
    public BufferStatus status() {
        Snapshot s = snapshot();
        Ring r = current.get();
        boolean closed = current.isClosed();
        AudioConfig config = settings.config();
        double usage = s.usage();
        return new BufferStatus(s.capacity(), (int) s.available(), (int) (s.capacity() - s.available()), usage,
                BufferStatus.Level.of(usage), s.overflows(), s.dropped(), ratio(s.peakFill(), s.capacity()),
                s.samplesWritten(), s.samplesRead(), s.writeIndex(), s.readIndex(), settings.policy(), current.backend(),
                r.mirrored, closed ? 0 : r.storage.allocatedBytes(), r.storage.alignment(), closed,
                s.readers().stream().map(x -> readerStatus(s, x, config, closed)).toList());
    }

    /** {@return the buffer's metrics, from one consistent snapshot} */
    public BufferMetrics metrics() {
        Snapshot s = snapshot();
        long uptime = (current.isClosed() ? closedNanos : System.nanoTime()) - createdNanos;
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

    /**
     * A reader's status from a consistent snapshot; a closed reader's figures are those at its close.
     *
     * @param cursor the reader's cursor
     * @return its status
     */
    public ReaderStatus readerStatus(ReadCursor cursor) {
        ReaderStatus atClose = cursor.statusAtClose();
        if (atClose != null) {
            return atClose;
        }
        ReaderStatus s = readerStatus(snapshot(), cursor, current.isClosed());
        // Not in the snapshot: the reader closed meanwhile, and its figures were kept first.
        return s != null ? s : cursor.statusAtClose();
    }

    /**
     * The status of a reader in a snapshot.
     *
     * @param s            the snapshot
     * @param cursor       the reader's cursor
     * @param readerClosed whether to report the reader closed
     * @return its status, or {@code null} when it is not in the snapshot
     */
    public ReaderStatus readerStatus(Snapshot s, ReadCursor cursor, boolean readerClosed) {
        for (Snapshot.Reader r : s.readers()) {
            if (r.cursor() == cursor) {
                return readerStatus(s, r, settings.config(), readerClosed);
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

    /** {@return the integrity checks' report on one consistent snapshot} */
    public IntegrityReport checkIntegrity() {
        Snapshot s = snapshot();
        IntegrityReport report = Integrity.check(s, current.get(), current.isClosed(), current.backend());
        if (!report.healthy()) {
            BufferEvents.integrityProblem(settings.name(), String.join("; ", report.issues()));
        }
        return report;
    }

    /**
     * {@link #checkIntegrity()}, at most once per interval.
     *
     * @param interval shortest time between two checks
     * @return the report, or empty when the last check is more recent than {@code interval}
     */
    public Optional<IntegrityReport> checkIntegrityIfDue(Duration interval) {
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
    public double latencyPercentileNanos(boolean writes, double phi) {
        long[] buckets = current.isClosed() ? closedHistogram(writes) : histogram(writes);
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
            Ring r = current.get();
            if (!r.pin()) {
                // Freed: close set the closed histograms first, resize the next ring.
                if (current.isClosed()) {
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
