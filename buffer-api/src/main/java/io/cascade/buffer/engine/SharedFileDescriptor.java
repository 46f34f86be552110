package io.cascade.buffer.engine;

/**
 * Byte layout of a shared-file buffer, the one that {@code cascade_ring.h} describes for C.
 * Every field is a native-order 64-bit integer.
 *
 * <pre>
 *   0       file header    magic, version, geometry, audio config, policy   written at create
 *   128     roles          writer pid, reader pid, writer attaches         CAS at attach and close
 *   256     heartbeat      the writer's CLOCK_MONOTONIC nanoseconds         writer only
 *   1024    control block  {@link ControlBlockDescriptor}: positions and counters of both sides
 *   65536   samples        SLOTS floats, a multiple of {@link #GRANULE} bytes; mapped twice by
 *                          readers and writers that can, so no window is ever split
 * </pre>
 *
 * <p>The creator writes everything but {@link #MAGIC}, then {@code MAGIC} with a release store:
 * a process that reads the magic with an acquire load sees a whole header, and a file whose
 * creator died half-way has no magic and is refused. Samples start at {@link #GRANULE} and are
 * a multiple of it, so that both halves of a mirrored mapping start on a page boundary on every
 * Linux page size (4, 16 and 64 KiB). The heartbeat sits on lines of its own because the
 * writer stores it on every write.
 */
public final class SharedFileDescriptor {
    /** Alignment and rounding of the header and of the sample region: the largest Linux page. */
    public static final long GRANULE = 65_536;

    /** "CASCRING" once the header is complete. */
    public static final long MAGIC = 0;
    /** {@link #VERSION_VALUE}; a file of another layout version is refused. */
    public static final long VERSION = 8;
    /** Bytes before the samples: {@link #GRANULE}. */
    public static final long HEADER_BYTES = 16;
    /** Bytes of the whole file: {@code HEADER_BYTES + 4 * SLOTS}. */
    public static final long FILE_BYTES = 24;
    /** Sample rate in Hz. */
    public static final long SAMPLE_RATE = 32;
    /** Interleaved channels. */
    public static final long CHANNELS = 40;
    /** Most unread samples (the modulus of positions is {@link #SLOTS}). */
    public static final long CAPACITY = 48;
    /** Samples in the sample region, {@code >= CAPACITY}. */
    public static final long SLOTS = 56;
    /** One of {@link #POLICY_BLOCK}, {@link #POLICY_REJECT}, {@link #POLICY_OVERWRITE}. */
    public static final long POLICY = 64;
    /** 0 single producer, 1 multi (threads of the writer process; one process writes either way). */
    public static final long PRODUCER_MODE = 72;
    /** Offset of the control block: {@link #CONTROL_BLOCK}. */
    public static final long CONTROL_OFFSET = 80;

    /** Process id of the writer, 0 for none; taken and given back by compare-and-set. */
    public static final long WRITER_PID = 128;
    /** Process id of the reader, 0 for none; taken and given back by compare-and-set. */
    public static final long READER_PID = 136;
    /** Times a writer took the role; written by that writer after taking it. */
    public static final long WRITER_ATTACHES = 144;

    /** The writer's {@code CLOCK_MONOTONIC} nanoseconds at its last write, commit or heartbeat. */
    public static final long HEARTBEAT = 256;

    /** Where the control block starts. */
    public static final long CONTROL_BLOCK = 1024;

    /** Value of {@link #MAGIC}: the bytes "CASCRING" in little-endian order. */
    public static final long MAGIC_VALUE = 0x474E495243534143L;
    /** Value of {@link #VERSION}. */
    public static final long VERSION_VALUE = 1;

    /** {@link io.cascade.buffer.OverflowPolicy#BLOCK}: the writer waits for the reader. */
    public static final long POLICY_BLOCK = 0;
    /** {@link io.cascade.buffer.OverflowPolicy#REJECT}: a write without room is refused. */
    public static final long POLICY_REJECT = 1;
    /** {@link io.cascade.buffer.OverflowPolicy#OVERWRITE}: the writer raises the floor, then overwrites. */
    public static final long POLICY_OVERWRITE = 2;

    private SharedFileDescriptor() {
    }

    /**
     * Samples in the sample region for a capacity: rounded up to whole granules.
     *
     * @param capacity most unread samples, greater than zero
     * @return the slots
     */
    public static long slotsFor(int capacity) {
        long granuleSamples = GRANULE / Float.BYTES;
        return (capacity + granuleSamples - 1) / granuleSamples * granuleSamples;
    }
}
