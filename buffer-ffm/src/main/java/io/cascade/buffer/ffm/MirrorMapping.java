package io.cascade.buffer.ffm;

import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

/**
 * One memory file (or a region of a shared file) mapped twice, back to back, so that byte {@code n + i} of the mapping is byte
 * {@code i}: a window that runs past the end of the first half continues, in the second half,
 * at the start of the same memory. Linux only; needs native access (see {@link NativeAccess}).
 *
 * <pre>
 *   fd   = memfd_create("cascade-ring", MFD_CLOEXEC); ftruncate(fd, n)
 *   base = mmap(NULL, 2n, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE)   reserve
 *   mmap(base,     n, READ | WRITE, MAP_SHARED | MAP_FIXED, fd, 0)                    first half
 *   mmap(base + n, n, READ | WRITE, MAP_SHARED | MAP_FIXED, fd, 0)                    second half
 *   close(fd)                                                                        the maps keep it
 * </pre>
 *
 * <p>A failed step undoes the steps before it (a failed alias check leaves the mapping to the
 * arena, which the caller closes). The mapping belongs to an {@link Arena}: closing
 * the arena unmaps all {@code 2n} bytes, and any later access through a segment of it throws
 * {@link IllegalStateException} instead of touching unmapped memory. The FFM API does not know
 * that the halves alias: never {@code MemorySegment.copy} from one part of the mapping to another.
 */
@SuppressWarnings("restricted") // used only once NativeAccess.enabled() said yes
final class MirrorMapping {
    private MirrorMapping() {
    }

    /**
     * Maps {@code bytes} of a new memory file twice.
     *
     * @param arena owns the mapping; closing it unmaps
     * @param bytes size of one half, a multiple of the page size
     * @return a segment of {@code 2 * bytes}
     * @throws LibC.NativeCallException if a step fails (everything before it is undone)
     */
    static MemorySegment map(Arena arena, long bytes) throws LibC.NativeCallException {
        int fd = LibC.memfdCreate("cascade-ring", LibC.MFD_CLOEXEC);
        try {
            LibC.ftruncate(fd, bytes);
            MemorySegment mapping = mapTwice(arena, fd, 0, bytes);
            if (!isMirrored(mapping, bytes)) {
                throw new IllegalStateException("the two halves of the mapping at 0x"
                        + Long.toHexString(mapping.address()) + " do not alias");
            }
            return mapping;
        } finally {
            LibC.close(fd);
        }
    }

    /**
     * Maps {@code bytes} of an existing file, from {@code offset}, twice, shared with every
     * other process that maps the file. Checked without writing, since the samples may be live.
     *
     * @param arena  owns the mapping; closing it unmaps
     * @param file   the file, at least {@code offset + bytes} long
     * @param offset where the region starts, a multiple of the page size
     * @param bytes  size of one half, a multiple of the page size
     * @return a segment of {@code 2 * bytes}
     * @throws LibC.NativeCallException if a step fails (everything before it is undone)
     */
    static MemorySegment mapFile(Arena arena, String file, long offset, long bytes) throws LibC.NativeCallException {
        int fd = LibC.open(file, LibC.O_RDWR | LibC.O_CLOEXEC);
        try {
            MemorySegment mapping = mapTwice(arena, fd, offset, bytes);
            if (!stillAliases(mapping, bytes)) {
                throw new IllegalStateException("the two halves of the mapping of " + file + " do not alias");
            }
            return mapping;
        } finally {
            LibC.close(fd);
        }
    }

    /** Reserves {@code 2 * bytes}, then maps the region of {@code fd} into both halves; the maps keep the file. */
    private static MemorySegment mapTwice(Arena arena, int fd, long offset, long bytes) throws LibC.NativeCallException {
        long base = LibC.mmap(0, 2 * bytes, LibC.PROT_NONE,
                LibC.MAP_PRIVATE | LibC.MAP_ANONYMOUS | LibC.MAP_NORESERVE, -1, 0);
        try {
            int rw = LibC.PROT_READ | LibC.PROT_WRITE;
            LibC.mmap(base, bytes, rw, LibC.MAP_SHARED | LibC.MAP_FIXED, fd, offset);
            LibC.mmap(base + bytes, bytes, rw, LibC.MAP_SHARED | LibC.MAP_FIXED, fd, offset);
        } catch (LibC.NativeCallException | RuntimeException e) {
            LibC.munmap(base, 2 * bytes);
            throw e;
        }
        long length = 2 * bytes;
        return MemorySegment.ofAddress(base).reinterpret(length, arena, ignored -> LibC.munmap(base, length));
    }

    /** Writes through one half and reads through the other, both ways; leaves zeros behind. */
    static boolean isMirrored(MemorySegment mapping, long bytes) {
        mapping.set(ValueLayout.JAVA_LONG, 0, 0x0123456789ABCDEFL);
        boolean forward = mapping.get(ValueLayout.JAVA_LONG, bytes) == 0x0123456789ABCDEFL;
        mapping.set(ValueLayout.JAVA_LONG, 2 * bytes - Long.BYTES, 0x7EDCBA9876543210L);
        boolean backward = mapping.get(ValueLayout.JAVA_LONG, bytes - Long.BYTES) == 0x7EDCBA9876543210L;
        mapping.set(ValueLayout.JAVA_LONG, 0, 0);
        mapping.set(ValueLayout.JAVA_LONG, bytes - Long.BYTES, 0);
        return forward && backward;
    }

    /**
     * Read-only check that the halves still alias, for the integrity report: compares the first
     * long of every page of both halves. A writer may change a sample between the two reads, so
     * a difference counts only if it persists over a few re-reads.
     */
    static boolean stillAliases(MemorySegment mapping, long bytes) {
        for (long offset = 0; offset < bytes; offset += 4096) {
            boolean same = false;
            for (int attempt = 0; attempt < 4 && !same; attempt++) {
                same = mapping.get(ValueLayout.JAVA_LONG, offset) == mapping.get(ValueLayout.JAVA_LONG, bytes + offset);
            }
            if (!same) {
                return false;
            }
        }
        return true;
    }
}
