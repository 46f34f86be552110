package io.cascade.buffer.engine;

/**
 * Byte offsets of the fields in a buffer's control block: the positions and counters that the
 * writer and the reader update, kept in a {@link java.lang.foreign.MemorySegment} (native on
 * ffm, {@code long[]}-backed on heap) so that the same layout can later live in shared memory.
 *
 * <pre>
 *   0    header  (written at create, clear, resize: generation, cleared samples)
 *   128  writer  (tail, floor, write counters)       one region per side, each
 *   256  reader  (head, read and cache counters)     REGION bytes long and aligned
 *   384  reader latency histogram                    written on sampled takes only
 *   640  writer latency histogram                    written on sampled writes only
 *   896  end
 * </pre>
 *
 * <p>Each side writes only its own region. A region is {@value #REGION} bytes, two 64-byte
 * lines, because the adjacent-line prefetcher of x86 cores pulls lines in aligned pairs: the
 * writer's stores then never invalidate the line the reader is updating, and the reverse.
 * Positions are monotonic stream positions in samples, not storage indices:
 * {@code index = position % slots}.
 *
 * <p>The reader region and the read histogram belong to the buffer's default reader. They are
 * adjacent, {@link #READER_BLOCK_SIZE} bytes from {@link #READER_BLOCK}, so that each reader
 * added with {@code newReader} gets a block of just those two parts
 * ({@link ControlBlock#ofReader}), addressed by the same offsets: one reader code path serves
 * both.
 */
public final class ControlBlockDescriptor {
    /** Bytes of one side's region: two 64-byte cache lines. */
    public static final long REGION = 128;
    /** Alignment the control block asks for, so that regions start on a line pair. */
    public static final long ALIGNMENT = REGION;

    private static final long HEADER = 0;
    private static final long WRITER = HEADER + REGION;
    private static final long READER = WRITER + REGION;
    /** Buckets of a latency histogram: bucket {@code i} counts latencies in {@code [2^i, 2^(i+1))} ns. */
    public static final int HISTOGRAM_BUCKETS = 32;
    /** Reader: histogram of sampled chunk-take latencies. */
    public static final long READ_HISTOGRAM = READER + REGION;
    /** Writer: histogram of sampled write latencies. */
    public static final long WRITE_HISTOGRAM = READ_HISTOGRAM + HISTOGRAM_BUCKETS * Long.BYTES;
    /** Total bytes of the control block. */
    public static final long SIZE = WRITE_HISTOGRAM + HISTOGRAM_BUCKETS * Long.BYTES;
    /** Where a reader's fields begin: its region, then its histogram. */
    public static final long READER_BLOCK = READER;
    /** Bytes of a reader's fields: what the block of a reader added with {@code newReader} holds. */
    public static final long READER_BLOCK_SIZE = WRITE_HISTOGRAM - READER_BLOCK;

    /** Identifies an initialised block. */
    public static final long MAGIC = HEADER;
    /** Layout version. */
    public static final long VERSION = HEADER + 8;
    /** Bumped by clear, resize and close; a chunk taken in another generation is invalid. */
    public static final long GENERATION = HEADER + 16;
    /** Unread samples (of the slowest reader) dropped by {@code clear()} and {@code recover()}. */
    public static final long CLEARED = HEADER + 24;
    /** Times {@code recover()} reset inconsistent positions. */
    public static final long RECOVERIES = HEADER + 32;

    /** Writer: stream position one past the last published sample. */
    public static final long TAIL = WRITER;
    /** Writer: samples below this position may be overwritten (only {@code OVERWRITE} moves it). */
    public static final long FLOOR = WRITER + 8;
    /** Writer: writes that appended a block. */
    public static final long WRITE_OPS = WRITER + 16;
    /** Writer: samples accepted by writes. */
    public static final long SAMPLES_WRITTEN = WRITER + 24;
    /** Writer: nanoseconds spent in sampled writes. */
    public static final long WRITE_NANOS = WRITER + 32;
    /** Writer: writes that were timed. */
    public static final long WRITES_TIMED = WRITER + 40;
    /** Writer: writes refused, timed out, or that overwrote unread samples. */
    public static final long OVERFLOWS = WRITER + 48;
    /** Writer: {@code BufferFullException}s thrown. */
    public static final long FULL_ERRORS = WRITER + 56;
    /** Writer: highest fill in samples seen after a write. */
    public static final long PEAK_FILL = WRITER + 64;
    /** Writer: sum of fills of sampled writes. */
    public static final long FILL_SUM = WRITER + 72;
    /** Writer: number of sampled fills. */
    public static final long FILL_SAMPLES = WRITER + 80;
    /** Writer: waits for the write side (another writer inside) or for room. */
    public static final long WRITER_WAITS = WRITER + 88;
    /** Writer: nanoseconds spent in those waits. */
    public static final long WRITER_WAIT_NANOS = WRITER + 96;

    /** Reader: stream position of the oldest unread sample (the floor may be above it). */
    public static final long HEAD = READER;
    /** Reader: chunks handed out. */
    public static final long READ_OPS = READER + 8;
    /** Reader: samples consumed by advances. */
    public static final long SAMPLES_READ = READER + 16;
    /** Reader: chunks handed out as views of storage. */
    public static final long ZERO_COPY = READER + 24;
    /** Reader: chunks handed out from a copy. */
    public static final long COPIED = READER + 32;
    /** Reader: nanoseconds spent in sampled chunk takes. */
    public static final long READ_NANOS = READER + 40;
    /** Reader: chunk takes that were timed. */
    public static final long READS_TIMED = READER + 48;
    /** Reader: {@code InsufficientDataException}s thrown. */
    public static final long INSUFFICIENT_ERRORS = READER + 56;
    /** Reader: unread samples the writer overwrote, counted when the reader finds itself lapped. */
    public static final long DROPPED = READER + 64;
    /** Reader: wrapped chunks served from an existing copy. */
    public static final long CACHE_HITS = READER + 72;
    /** Reader: wrapped chunks copied. */
    public static final long CACHE_MISSES = READER + 80;
    /** Reader: copies replaced by another chunk's copy. */
    public static final long CACHE_EVICTIONS = READER + 88;
    /** Reader: waits for data or for the read side. */
    public static final long READER_WAITS = READER + 96;
    /** Reader: nanoseconds spent in those waits. */
    public static final long READER_WAIT_NANOS = READER + 104;
    /** Reader: times the writer lapped this reader (found by a catch-up after an overwrite). */
    public static final long LAPS = READER + 112;
    /**
     * Reader: samples this reader passed without reading or losing them to a lap: cleared, given
     * up by {@code recover()}, or written before it joined. So {@code HEAD == SAMPLES_READ +
     * DROPPED + SKIPPED} always.
     */
    public static final long SKIPPED = READER + 120;

    /** Value of {@link #MAGIC} in an initialised block ("CASCADE1"). */
    public static final long MAGIC_VALUE = 0x4341534341444531L;
    /** Value of {@link #VERSION}: 3 since the read histogram follows the reader region. */
    public static final long VERSION_VALUE = 3;

    private ControlBlockDescriptor() {
    }

    /**
     * Which side's region an offset belongs to, for layout tests.
     *
     * @param offset a field offset
     * @return 0 for the header, 1 for the writer, 2 for the reader
     */
    public static int regionOf(long offset) {
        return (int) (offset / REGION);
    }

    /**
     * The histogram bucket of a latency.
     *
     * @param nanos the latency
     * @return bucket {@code i} with {@code 2^i <= nanos < 2^(i+1)}, clamped to the buckets there are
     */
    public static int bucketOf(long nanos) {
        return nanos <= 1 ? 0 : Math.min(HISTOGRAM_BUCKETS - 1, 63 - Long.numberOfLeadingZeros(nanos));
    }
}
