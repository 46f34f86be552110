package io.cascade.buffer.spi;

import java.lang.foreign.MemorySegment;
import java.util.List;

/**
 * The memory behind one ring: float32 samples, and auxiliary memory (control block, scratch for
 * wrapped chunks) with the same lifetime. This is all a backend decides: how memory is
 * allocated, aligned, mapped, viewed and freed. It holds no positions and no policy.
 *
 * <p>Sample {@code i} of the ring ({@code 0 <= i < slots()}) is the native-order float at byte
 * offset {@code 4 * i} of {@link #samples()}. When {@link #mirrored()}, {@code samples()} is
 * {@code 2 * slots()} samples long and sample {@code slots() + i} is the same memory as sample
 * {@code i}, so that any window of up to {@code slots()} samples is one contiguous slice.
 *
 * <p>Not thread-safe by itself: the engine serialises {@link #allocate} and {@link #close()}.
 * After {@code close()}, access through any segment this storage handed out must fail with an
 * exception (for native memory, the closed arena's {@link IllegalStateException}), never crash.
 */
public interface SampleStorage extends AutoCloseable {

    /** {@return the sample region: {@code 4 * slots()} bytes, twice that when mirrored} */
    MemorySegment samples();

    /** {@return samples in the ring (the modulus of positions), at least what was asked for} */
    int slots();

    /** {@return whether {@code samples()} maps the ring twice, back to back} */
    boolean mirrored();

    /** {@return the alignment in bytes that the address of {@code samples()} is guaranteed to have} */
    long alignment();

    /** {@return bytes of memory held: samples (once, even when mirrored) plus everything from {@link #allocate}} */
    long allocatedBytes();

    /**
     * Allocates zeroed memory that lives as long as this storage. Heap storage is backed by a
     * {@code long[]}, so alignments up to 8 are honoured there.
     *
     * @param byteSize      bytes, greater than zero
     * @param byteAlignment a power of two
     * @return the segment
     */
    MemorySegment allocate(long byteSize, long byteAlignment);

    /** {@return how the storage was made, for status and integrity reports (for example fallbacks taken)} */
    String description();

    /**
     * What a user should know about how this storage was made, such as a fallback taken and
     * why; shown as warnings by the integrity report.
     *
     * @return the notes, empty when storage is as intended
     */
    default List<String> warnings() {
        return List.of();
    }

    /**
     * Checks of the storage's own invariants (a mirrored mapping still aliasing, say), shown as
     * issues by the integrity report.
     *
     * @return what is broken, empty when all holds
     */
    default List<String> check() {
        return List.of();
    }

    /** {@return whether the storage is still open} */
    boolean isAlive();

    /** Frees the memory. Idempotent. */
    @Override
    void close();
}
