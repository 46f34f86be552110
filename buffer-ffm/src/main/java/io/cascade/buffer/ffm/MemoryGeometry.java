package io.cascade.buffer.ffm;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Page and cache-line sizes of this machine, read from the OS: {@code sysconf} through a
 * downcall where native access is enabled, else {@code /sys} and {@code /proc}; 4096 and 64
 * when neither answers. {@link #source()} says where each figure came from.
 *
 * <p>It also decides alignment and rounding: storage of at most one page is aligned
 * to the cache line and rounded up to whole lines; larger storage is aligned to the page and
 * rounded up to whole pages.
 *
 * @param pageSize      bytes per page
 * @param cacheLineSize bytes per L1 data cache line
 * @param source        where the figures came from, and why a fallback was used
 */
record MemoryGeometry(long pageSize, long cacheLineSize, String source) {
    static final long FALLBACK_PAGE = 4096;
    static final long FALLBACK_LINE = 64;
    private static final Path LINE_FILE = Path.of("/sys/devices/system/cpu/cpu0/cache/index0/coherency_line_size");
    private static final Path SMAPS = Path.of("/proc/self/smaps");

    private static final MemoryGeometry DETECTED = detect();

    /** {@return the geometry of this machine, detected once} */
    static MemoryGeometry detected() {
        return DETECTED;
    }

    private static MemoryGeometry detect() {
        if (NativeAccess.enabled()) {
            long page = LibC.sysconf(LibC.SC_PAGESIZE);
            long line = LibC.sysconf(LibC.SC_LEVEL1_DCACHE_LINESIZE);
            if (isPowerOfTwo(page) && isPowerOfTwo(line)) {
                return new MemoryGeometry(page, line, "sysconf(_SC_PAGESIZE, _SC_LEVEL1_DCACHE_LINESIZE)");
            }
            if (isPowerOfTwo(page)) {
                Optional<Long> sys = lineFromSys();
                return new MemoryGeometry(page, sys.orElse(FALLBACK_LINE), "sysconf(_SC_PAGESIZE); cache line "
                        + (sys.isPresent() ? "from " + LINE_FILE : FALLBACK_LINE + " (sysconf and " + LINE_FILE
                        + " gave none)"));
            }
        }
        Optional<Long> line = lineFromSys();
        Optional<Long> page = pageFromSmaps();
        String why = NativeAccess.enabled() ? "sysconf gave no page size" : NativeAccess.reason();
        return new MemoryGeometry(page.orElse(FALLBACK_PAGE), line.orElse(FALLBACK_LINE),
                (page.isPresent() ? "page size from " + SMAPS : "page size " + FALLBACK_PAGE + " assumed")
                        + ", " + (line.isPresent() ? "cache line from " + LINE_FILE : "cache line " + FALLBACK_LINE
                        + " assumed") + " (no sysconf: " + why + ")");
    }

    private static Optional<Long> lineFromSys() {
        try {
            long v = Long.parseLong(Files.readString(LINE_FILE).strip());
            return isPowerOfTwo(v) ? Optional.of(v) : Optional.empty();
        } catch (IOException | NumberFormatException | SecurityException e) {
            return Optional.empty();
        }
    }

    private static Optional<Long> pageFromSmaps() {
        try (var lines = Files.lines(SMAPS)) {
            return lines.filter(l -> l.startsWith("KernelPageSize:")).findFirst()
                    .map(l -> Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024).filter(MemoryGeometry::isPowerOfTwo);
        } catch (IOException | RuntimeException e) {
            return Optional.empty();
        }
    }

    static boolean isPowerOfTwo(long v) {
        return v > 0 && Long.bitCount(v) == 1;
    }

    /** {@return the alignment for storage of {@code bytes}: a cache line up to one page, a page above} */
    long alignmentFor(long bytes) {
        return bytes > pageSize ? pageSize : cacheLineSize;
    }

    /** {@return {@code bytes} rounded up to a multiple of {@link #alignmentFor(long)}} */
    long roundedSize(long bytes) {
        long unit = alignmentFor(bytes);
        return (bytes + unit - 1) / unit * unit;
    }
}
