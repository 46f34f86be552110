package io.cascade.buffer.ffm;

import io.cascade.buffer.spi.SampleStorage;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.List;

/**
 * Samples in native memory owned by one shared {@link Arena} per buffer, either mirrored (a
 * {@link MirrorMapping}: every window is one slice) or plain ({@code Arena.allocate}, aligned
 * as {@link MemoryGeometry#alignmentFor(long)} says). All of the rounded-up storage is used as
 * ring, so a plain ring wraps less often. Closing the arena frees or unmaps the memory; any
 * later access through a view throws {@link IllegalStateException}.
 */
final class NativeSampleStorage implements SampleStorage {
    private final Arena arena;
    private final MemorySegment samples;
    private final int slots;
    private final boolean mirrored;
    private final long alignment;
    private final String description;
    private final List<String> warnings;
    private long allocatedBytes;

    private NativeSampleStorage(Arena arena, MemorySegment samples, int slots, boolean mirrored, long alignment,
                                long bytes, String description, List<String> warnings) {
        this.arena = arena;
        this.samples = samples;
        this.slots = slots;
        this.mirrored = mirrored;
        this.alignment = alignment;
        this.allocatedBytes = bytes;
        this.description = description;
        this.warnings = warnings;
    }

    /**
     * Mirrored storage of at least {@code minSlots} samples, rounded up to whole pages.
     *
     * @throws LibC.NativeCallException when the OS refuses a step (nothing is left allocated)
     */
    static NativeSampleStorage mirrored(int minSlots, MemoryGeometry geometry) throws LibC.NativeCallException {
        long bytes = roundUp((long) minSlots * Float.BYTES, geometry.pageSize());
        if (bytes / Float.BYTES > Integer.MAX_VALUE) {
            throw new IllegalArgumentException(minSlots + " samples rounded up to pages exceed an int of slots");
        }
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping = MirrorMapping.map(arena, bytes);
            int slots = (int) (bytes / Float.BYTES);
            return new NativeSampleStorage(arena, mapping, slots, true, geometry.pageSize(), bytes,
                    "ffm mirrored: " + slots + " samples in " + bytes + " bytes mapped twice, page aligned ("
                            + geometry.pageSize() + "; " + geometry.source() + ")", List.of());
        } catch (LibC.NativeCallException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Plain storage of at least {@code minSlots} samples.
     *
     * @param whyNotMirrored the reason mirroring was not used, shown as a warning; empty when asked for plain
     */
    static NativeSampleStorage plain(int minSlots, MemoryGeometry geometry, String whyNotMirrored) {
        long wanted = (long) minSlots * Float.BYTES;
        long alignment = geometry.alignmentFor(wanted);
        long bytes = geometry.roundedSize(wanted);
        int slots = (int) Math.min(bytes / Float.BYTES, Integer.MAX_VALUE);
        Arena arena = Arena.ofShared();
        try {
            MemorySegment samples = arena.allocate(bytes, alignment).asSlice(0, (long) slots * Float.BYTES);
            String unit = alignment == geometry.pageSize() ? "page" : "cache-line";
            return new NativeSampleStorage(arena, samples, slots, false, alignment, bytes,
                    "ffm plain: " + slots + " samples in " + bytes + " bytes, " + unit + " aligned (" + alignment
                            + "; " + geometry.source() + ")",
                    notMirrored(whyNotMirrored));
        } catch (RuntimeException | OutOfMemoryError e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Mirrored storage over {@code slots} samples of a shared file, from byte {@code offset}.
     *
     * @throws LibC.NativeCallException when the OS refuses a step (nothing is left mapped)
     */
    static NativeSampleStorage mirroredFile(Path file, long offset, int slots, MemoryGeometry geometry)
            throws LibC.NativeCallException {
        long bytes = (long) slots * Float.BYTES;
        Arena arena = Arena.ofShared();
        try {
            MemorySegment mapping = MirrorMapping.mapFile(arena, file.toString(), offset, bytes);
            return new NativeSampleStorage(arena, mapping, slots, true, geometry.pageSize(), bytes,
                    "ffm mirrored file: " + slots + " samples at byte " + offset + " of " + file + ", mapped twice",
                    List.of());
        } catch (LibC.NativeCallException | RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    /**
     * Plain storage over {@code slots} samples of a shared file: one mapping, so chunks that
     * cross the end of storage are copied. Needs no native access.
     *
     * @param whyNotMirrored the reason mirroring was not used, shown as a warning; empty when asked for plain
     */
    static NativeSampleStorage plainFile(Path file, long offset, int slots, MemoryGeometry geometry,
                                         String whyNotMirrored) {
        long bytes = (long) slots * Float.BYTES;
        Arena arena = Arena.ofShared();
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            MemorySegment samples = channel.map(FileChannel.MapMode.READ_WRITE, offset, bytes, arena);
            return new NativeSampleStorage(arena, samples, slots, false, geometry.pageSize(), bytes,
                    "ffm plain file: " + slots + " samples at byte " + offset + " of " + file,
                    notMirrored(whyNotMirrored));
        } catch (IOException e) {
            arena.close();
            throw new IllegalStateException("cannot map " + bytes + " bytes at " + offset + " of " + file + ": " + e, e);
        } catch (RuntimeException e) {
            arena.close();
            throw e;
        }
    }

    private static List<String> notMirrored(String why) {
        return why.isEmpty() ? List.of() : List.of("Storage is not mirrored: " + why
                + "; chunks that cross the end of storage are copied");
    }

    static long roundUp(long value, long multiple) {
        return (value + multiple - 1) / multiple * multiple;
    }

    @Override
    public MemorySegment samples() {
        return samples;
    }

    @Override
    public int slots() {
        return slots;
    }

    @Override
    public boolean mirrored() {
        return mirrored;
    }

    @Override
    public long alignment() {
        return alignment;
    }

    @Override
    public long allocatedBytes() {
        return allocatedBytes;
    }

    @Override
    public MemorySegment allocate(long byteSize, long byteAlignment) {
        MemorySegment segment = arena.allocate(byteSize, byteAlignment);
        allocatedBytes += byteSize;
        return segment;
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    @Override
    public List<String> check() {
        if (mirrored && samples.scope().isAlive() && !MirrorMapping.stillAliases(samples, (long) slots * Float.BYTES)) {
            return List.of("Mirrored mapping no longer aliases: bytes i and " + (long) slots * Float.BYTES
                    + " + i differ");
        }
        return List.of();
    }

    @Override
    public boolean isAlive() {
        return arena.scope().isAlive();
    }

    @Override
    public void close() {
        if (arena.scope().isAlive()) {
            arena.close();
        }
    }
}
