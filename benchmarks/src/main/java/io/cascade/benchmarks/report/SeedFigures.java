package io.cascade.benchmarks.report;

import io.cascade.benchmarks.Backends;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;

/**
 * The seed's targets that are counts rather than times, measured by running the library here
 * (they do not depend on timing, so JMH adds nothing to them): the zero-copy rate of a stream of
 * 512 + 256 windows through a one-second buffer, the memory a buffer holds against its capacity,
 * and the wrapped-chunk cache's hit rate when every chunk is read several times.
 *
 * @param zeroCopyMirrored   zero-copy rate on mirrored ffm storage
 * @param zeroCopyPlain      zero-copy rate on plain ffm storage
 * @param capacityBytes      bytes of the samples a one-second mono 16 kHz buffer holds
 * @param allocatedMirrored  bytes mirrored ffm storage holds for it
 * @param allocatedPlain     bytes plain ffm storage holds for it
 * @param allocatedHeap      bytes heap storage holds for it
 * @param pageSize           the page size, for the "capacity + one page" goal
 * @param readsPerChunk      reads of each chunk in the cache pattern
 * @param cacheHitRatePlain  the cache's hit rate for that pattern on plain ffm storage
 */
record SeedFigures(double zeroCopyMirrored, double zeroCopyPlain, long capacityBytes, long allocatedMirrored,
                   long allocatedPlain, long allocatedHeap, long pageSize, int readsPerChunk,
                   double cacheHitRatePlain) {

    /** Samples streamed for the rates: ten seconds of 16 kHz audio. */
    static final int STREAM = 160_000;
    /** Analyses of each chunk in the cache pattern (VAD, energy, spectrum, a logger). */
    static final int READS_PER_CHUNK = 4;

    static SeedFigures measure() {
        AudioConfig mono = AudioConfig.mono(16_000);
        double mirrored;
        long allocatedMirrored;
        try (AudioRingBuffer b = open("ffm", mono)) {
            mirrored = stream(b, 1);
            allocatedMirrored = b.getBufferStatus().allocatedBytes();
        }
        double plain;
        double hits;
        long allocatedPlain;
        try (AudioRingBuffer b = open("ffm-plain", mono); AudioRingBuffer repeated = open("ffm-plain", mono)) {
            plain = stream(b, 1);
            allocatedPlain = b.getBufferStatus().allocatedBytes();
            stream(repeated, READS_PER_CHUNK);
            hits = repeated.metrics().cacheHitRate();
        }
        long allocatedHeap;
        try (AudioRingBuffer b = open("heap", mono)) {
            stream(b, 1);
            allocatedHeap = b.getBufferStatus().allocatedBytes();
        }
        BufferStatus s;
        try (AudioRingBuffer b = open("ffm", mono)) {
            s = b.getBufferStatus();
        }
        return new SeedFigures(mirrored, plain, (long) s.capacity() * Float.BYTES, allocatedMirrored, allocatedPlain,
                allocatedHeap, s.alignment(), READS_PER_CHUNK, hits);
    }

    private static AudioRingBuffer open(String storage, AudioConfig config) {
        return Backends.open(storage, AudioRingBuffer.builder(config).capacitySeconds(1)
                .overflowPolicy(OverflowPolicy.BLOCK));
    }

    /** Streams {@link #STREAM} samples in 512-sample writes, taking every 512 + 256 window {@code reads} times. */
    private static double stream(AudioRingBuffer b, int reads) {
        ChunkView view = b.newChunkView();
        float[] block = new float[512];
        b.write(new float[256]);
        for (int written = 0; written < STREAM; written += block.length) {
            b.write(block);
            for (int i = 0; i < reads; i++) {
                if (!b.tryGetChunkWithOverlap(512, 256, view)) {
                    throw new IllegalStateException("no chunk after a write");
                }
            }
            b.advanceReadPosition(512);
        }
        return b.metrics().zeroCopyRate();
    }
}
