package io.cascade.buffer.engine;

import java.lang.foreign.MemorySegment;

/**
 * What a read cursor put into one chunk view: where the samples lie, which stream position and
 * ring generation they are of, and the wrap-cache entry a copied chunk came from. The public
 * {@code ChunkView} reads it; only {@link ReadCursor} fills it, so the facade needs no fill
 * method that users could reach. The fields are public for that facade, which lives in another
 * package; this package is not exported.
 *
 * <p>A take writes a dozen of these fields, on the reader's thread, every time; a view is made
 * once and kept, often right after another thread's view or next to an array a writer reads.
 * Padded as {@link SideState} is, by inheritance, so that those stores share no cache line with
 * another object: in the round-trip benchmark the ping's and the pong's windows were allocated
 * one after the other.
 */
public final class ChunkWindow extends WindowFields {
    /** An empty window, filled by the first take. */
    public ChunkWindow() {
    }

    /**
     * Fills the window. The references are compared before they are stored: they change only on
     * a resize or between storage and a copy, and a store of a reference into an object of the
     * old generation that points into another G1 region runs a post-write barrier that fences
     * (JDK 25), once per field per take, where a compare costs a load.
     */
    void fill(Ring ring, MemorySegment base, long byteOffset, int chunkSize, int overlapSize, long sequenceNumber,
              long startPosition, long generation, long unread, int readPosition, boolean continuous,
              WrapCache.Entry entry) {
        if (this.ring != ring) {
            this.ring = ring;
        }
        if (this.base != base) {
            this.base = base;
        }
        this.byteOffset = byteOffset;
        this.chunkSize = chunkSize;
        this.overlapSize = overlapSize;
        this.length = chunkSize + overlapSize;
        this.sequenceNumber = sequenceNumber;
        this.startPosition = startPosition;
        this.generation = generation;
        this.unread = unread;
        this.readPosition = readPosition;
        this.continuous = continuous;
        if (this.entry != entry) {
            this.entry = entry;
        }
        this.entryStamp = entry == null ? 0 : entry.stamp;
        if (slice != null) {
            slice = null;
        }
    }

    /** {@return whether a take filled this window} */
    public boolean isFilled() {
        return base != null;
    }

    /** {@return the window's samples as a slice of {@link #base}, built once per fill} */
    public MemorySegment data() {
        MemorySegment s = slice;
        if (s == null) {
            s = base.asSlice(byteOffset, (long) length * Float.BYTES);
            slice = s;
        }
        return s;
    }

    /** {@return whether the wrap-cache entry of a copied window still holds its samples} */
    boolean entryHolds() {
        return entry == null || entry.stamp == entryStamp;
    }

    @SuppressWarnings("unused")
    private long q00, q01, q02, q03, q04, q05, q06, q07, q08, q09, q10, q11, q12, q13, q14, q15;
}

/** The fields of {@link ChunkWindow}; its subclass pads after them. */
abstract class WindowFields extends PadBefore {
    /** The ring the samples were taken from; {@code null} until the first fill. */
    public Ring ring;
    /** The whole segment the samples lie in: storage, or a wrap-cache copy. */
    public MemorySegment base;
    /** Byte offset of the first sample in {@code base}. */
    public long byteOffset;
    /** Samples in the window: chunk plus overlap. */
    public int length;
    /** Samples in the chunk. */
    public int chunkSize;
    /** Samples of overlap after the chunk. */
    public int overlapSize;
    /** One more for each chunk the reader handed out. */
    public long sequenceNumber;
    /** Stream position of the first sample. */
    public long startPosition;
    /** The ring's generation when taken, for the validity check. */
    public long generation;
    /**
     * Samples the reader had unread when taken; the fill ratio is worked out only when asked,
     * as a division on every take costs more than the rest of filling the window.
     */
    public long unread;
    /** Index of the first sample in storage. */
    public int readPosition;
    /** Whether the samples are a view of storage, not a copy. */
    public boolean continuous;
    /** The wrap-cache entry a copied window came from, or {@code null} for a view of storage. */
    WrapCache.Entry entry;
    /** The entry's stamp when taken: a refill of the entry invalidates the window. */
    long entryStamp;
    /** The slice {@code data()} built since the last fill, or {@code null}. */
    MemorySegment slice;
}
