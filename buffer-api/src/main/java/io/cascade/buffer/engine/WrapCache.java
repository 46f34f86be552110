package io.cascade.buffer.engine;

import java.lang.foreign.MemorySegment;

/**
 * Copies of chunks that cross the end of non-mirrored storage. A
 * wrapped chunk cannot be a view of storage, so it is assembled in scratch memory owned by the
 * ring; taking the same chunk again (peeking before an advance, several analyses of one window,
 * a smaller window inside it) reuses the copy instead of copying again.
 *
 * <p>An entry may be reused only when no chunk handed out from it can still be valid: a chunk is
 * valid only while the read position has not passed its start, so an entry is free once the
 * read position is beyond the latest chunk start served from it, or the generation changed.
 * When all {@value #MAX_ENTRIES} entries are live, the one whose chunks are oldest is evicted,
 * and its chunks report {@code isValid() == false} through the entry's stamp. Each reader has
 * its own cache, used only from inside that reader, so it needs no synchronisation. Scratch is allocated only when no free
 * entry is large enough; in a steady stream of equal windows no call allocates.
 */
public final class WrapCache {
    /** Entries at most; a window can contain the end of storage at most {@code ceil(window / hop)} times. */
    public static final int MAX_ENTRIES = 8;

    private final Ring ring;
    private final Entry[] entries = new Entry[MAX_ENTRIES];
    private int size;

    WrapCache(Ring ring) {
        this.ring = ring;
    }

    /** {@return the ring whose samples this cache copies; a resize makes the reader start a new cache} */
    Ring ring() {
        return ring;
    }

    /** One scratch copy of the samples {@code [start, start + length)}. */
    static final class Entry {
        MemorySegment scratch;
        int capacitySamples;
        long start = -1;
        int length;
        long generation = -1;
        /** Latest start of a chunk served from this entry. */
        long latestChunkStart = -1;
        /** Changes whenever the entry is refilled, so that chunks of the old content become invalid. */
        long stamp;
    }

    /**
     * Finds or makes a copy holding the samples {@code [start, start + length)}.
     *
     * @param head       the reader's position: entries whose chunks all start before it are free
     * @param generation the current generation of the ring
     * @param counters   the reader's block, where hits, misses and evictions are counted
     * @return the entry; the chunk's samples begin {@code (start - entry.start)} samples into it
     */
    Entry acquire(long start, int length, long head, long generation, ControlBlock counters) {
        for (int i = 0; i < size; i++) {
            Entry e = entries[i];
            if (e.generation == generation && e.start <= start && start + length <= e.start + e.length) {
                e.latestChunkStart = Math.max(e.latestChunkStart, start);
                counters.add(ControlBlockDescriptor.CACHE_HITS, 1);
                return e;
            }
        }
        counters.add(ControlBlockDescriptor.CACHE_MISSES, 1);
        Entry e = victim(length, head, generation);
        if (e.start >= 0 && e.generation == generation) {
            counters.add(ControlBlockDescriptor.CACHE_EVICTIONS, 1);
        }
        if (e.capacitySamples < length) {
            // Round up so that windows growing a little at a time do not allocate each time.
            int rounded = length <= 1 ? 1 : Math.max(length, Integer.highestOneBit(length - 1) << 1);
            e.scratch = ring.allocateScratch((long) rounded * Float.BYTES);
            e.capacitySamples = rounded;
        }
        e.stamp++;
        ring.copyOut(start, e.scratch, 0, length);
        e.start = start;
        e.length = length;
        e.generation = generation;
        e.latestChunkStart = start;
        return e;
    }

    private Entry victim(int length, long head, long generation) {
        Entry freeTooSmall = null;
        for (int i = 0; i < size; i++) {
            Entry e = entries[i];
            boolean free = e.generation != generation || e.latestChunkStart < head;
            if (free) {
                if (e.capacitySamples >= length) {
                    return e;
                }
                freeTooSmall = e;
            }
        }
        if (freeTooSmall != null && size == MAX_ENTRIES) {
            return freeTooSmall;
        }
        if (size < MAX_ENTRIES) {
            Entry e = new Entry();
            entries[size++] = e;
            return e;
        }
        Entry oldest = entries[0];
        for (int i = 1; i < size; i++) {
            if (entries[i].latestChunkStart < oldest.latestChunkStart) {
                oldest = entries[i];
            }
        }
        return oldest;
    }
}
