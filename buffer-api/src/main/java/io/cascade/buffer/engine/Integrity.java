package io.cascade.buffer.engine;

import io.cascade.buffer.IntegrityReport;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The checks behind a buffer's integrity report: positions, totals, storage, and fill warnings. */
public final class Integrity {
    /** Usage above which the report warns of a nearly full buffer. */
    static final double HIGH_USAGE = 0.9;
    /** Usage below which the report warns of a nearly empty buffer. */
    static final double LOW_USAGE = 0.1;
    /** Read/write ratio below which the report warns that reads lag writes. */
    static final double MIN_READ_WRITE_RATIO = 0.8;

    private Integrity() {
    }

    /**
     * Checks a snapshot and the ring it was read from.
     *
     * @param s       the snapshot
     * @param ring    the ring (its storage is not looked at when {@code closed})
     * @param closed  whether the buffer is closed
     * @param backend the backend's name, for the metrics
     * @return the report
     */
    public static IntegrityReport check(Snapshot s, Ring ring, boolean closed, String backend) {
        List<String> issues = positionIssues(s);
        List<String> warnings = new ArrayList<>();

        if (closed) {
            warnings.add("Buffer is closed: storage freed, figures are those at close");
        } else {
            checkStorage(ring, issues);
            warnings.addAll(ring.storage.warnings());
        }

        double usage = s.usage();
        if (usage > HIGH_USAGE) {
            warnings.add(String.format("High buffer utilization (%.1f%% > 90%%)", usage * 100));
        } else if (usage < LOW_USAGE) {
            warnings.add(String.format("Low buffer utilization (%.1f%% < 10%%)", usage * 100));
        }
        for (Snapshot.Reader reader : s.readers()) {
            // Samples written since the reader joined (or was last cleared) against those it read.
            long offered = s.samplesWritten() - reader.skipped();
            double ratio = offered <= 0 ? 1 : (double) reader.samplesRead() / offered;
            if (ratio < MIN_READ_WRITE_RATIO) {
                warnings.add(String.format("Read/write imbalance: %d of %d written samples read (ratio %.2f < 0.8)%s",
                        reader.samplesRead(), offered, ratio, readerLabel(reader)));
            }
        }

        Map<String, Number> metrics = new LinkedHashMap<>();
        metrics.put("capacity", s.capacity());
        metrics.put("slots", s.slots());
        metrics.put("write_position", s.writeIndex());
        metrics.put("read_position", s.readIndex());
        metrics.put("available_data", s.available());
        metrics.put("buffer_utilization", usage);
        metrics.put("total_written", s.samplesWritten());
        metrics.put("total_read", s.samplesRead());
        metrics.put("dropped_samples", s.dropped());
        metrics.put("cleared_samples", s.cleared());
        metrics.put("generation", s.generation());
        metrics.put("recoveries", s.recoveries());
        metrics.put("alignment", ring.storage.alignment());
        metrics.put("mirrored", ring.mirrored ? 1 : 0);
        if (!closed) {
            metrics.put("allocated_bytes", ring.storage.allocatedBytes());
        }
        metrics.put("readers", s.readers().size());
        metrics.put("backend_" + backend, 1);
        return new IntegrityReport(issues.isEmpty(), issues, warnings, metrics);
    }

    /**
     * The control block's own invariants: header, positions in order, totals that add up.
     *
     * @param s the snapshot
     * @return what is wrong, one line each; empty when nothing is
     */
    public static List<String> positionIssues(Snapshot s) {
        List<String> issues = new ArrayList<>();
        if (s.magic() != ControlBlockDescriptor.MAGIC_VALUE || s.version() != ControlBlockDescriptor.VERSION_VALUE) {
            issues.add("Control block header is not that of a Cascade buffer: magic=0x" + Long.toHexString(s.magic())
                    + ", version=" + s.version());
        }
        for (Snapshot.Reader reader : s.readers()) {
            if (reader.head() > s.tail()) {
                issues.add("Invalid read position: head " + reader.head() + " is past the write position " + s.tail()
                        + readerLabel(reader));
            }
            long consumed = reader.consumed();
            if (consumed != reader.head()) {
                issues.add("Totals inconsistent: read " + reader.samplesRead() + " + dropped " + reader.dropped()
                        + " + skipped " + reader.skipped() + " = " + consumed + " but the read position is "
                        + reader.head() + readerLabel(reader));
            }
        }
        if (s.floor() > s.tail()) {
            issues.add("Invalid overwrite floor: " + s.floor() + " is past the write position " + s.tail());
        }
        long available = s.available();
        if (available < 0 || available > s.capacity()) {
            issues.add("Invalid available data: " + available + " not in [0, " + s.capacity() + "]");
        }
        if (s.capacity() > s.slots()) {
            issues.add("Capacity " + s.capacity() + " exceeds the storage of " + s.slots() + " samples");
        }
        if (s.samplesWritten() != s.tail()) {
            issues.add("Totals inconsistent: " + s.samplesWritten() + " samples written but the write position is "
                    + s.tail());
        }
        return issues;
    }

    /** Names a reader in a message, except the default one (whose figures are the buffer's own). */
    private static String readerLabel(Snapshot.Reader reader) {
        return reader.cursor().isDefault() ? "" : " (reader '" + reader.cursor().name() + "')";
    }

    private static void checkStorage(Ring ring, List<String> issues) {
        if (!ring.storage.isAlive()) {
            issues.add("Storage is closed while the buffer is open");
            return;
        }
        long expected = (long) ring.slots * Float.BYTES * (ring.mirrored ? 2 : 1);
        if (ring.samples.byteSize() != expected) {
            issues.add("Storage size " + ring.samples.byteSize() + " bytes, expected " + expected + " for "
                    + ring.slots + " slots" + (ring.mirrored ? " mapped twice" : ""));
        }
        issues.addAll(ring.storage.check());
        long alignment = ring.storage.alignment();
        if (ring.samples.isNative() && ring.samples.address() % alignment != 0) {
            issues.add("Storage address 0x" + Long.toHexString(ring.samples.address()) + " is not aligned to "
                    + alignment + " bytes");
        }
        if (ring.control.segment().isNative() && ring.control.segment().address() % ControlBlockDescriptor.ALIGNMENT != 0) {
            issues.add("Control block address 0x" + Long.toHexString(ring.control.segment().address())
                    + " is not aligned to " + ControlBlockDescriptor.ALIGNMENT + " bytes");
        }
    }
}
