package io.cascade.buffer;

import io.cascade.buffer.engine.Ring;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.util.Objects;

/**
 * A reusable {@link AudioChunk}, filled in place by
 * {@link AudioRingBuffer#tryGetChunkWithOverlap(int, int, ChunkView)}: the steady-path form that
 * allocates nothing per chunk.
 *
 * <pre>{@code
 * ChunkView view = buf.newChunkView();          // once
 * while (running) {
 *     if (buf.tryGetChunkWithOverlap(512, 256, view)) {
 *         process(view.segment(), view.byteOffset(), view.length());
 *         buf.advanceReadPosition(512);
 *     }
 * }
 * }</pre>
 *
 * <p>Like Agrona's buffer, index and length, a view names its memory as the whole backing
 * segment ({@link #segment()}) plus a byte offset and a length, so that filling it creates no
 * object; {@link #data()} builds a slice only when asked. Each fill replaces the previous
 * chunk. A view belongs to the reader that made it ({@link AudioRingBuffer#newChunkView()} is
 * the default reader's, {@link AudioReader#newChunkView()} another's) and, like the reader, to
 * one thread at a time.
 */
public final class ChunkView implements AudioChunk {
    private final AudioReader owner;
    /** The owner's cursor, which checks a held chunk. */
    private final ReadCursor cursor;
    private final AudioConfig config;

    Ring ring;
    MemorySegment base;
    long byteOffset;
    int length;
    int chunkSize;
    int overlapSize;
    long sequenceNumber;
    long startPosition;
    long generation;
    double bufferLevel;
    int readPosition;
    boolean continuous;
    WrapCache.Entry entry;
    long entryStamp;
    private MemorySegment slice;

    ChunkView(AudioReader owner) {
        this.owner = owner;
        this.cursor = owner.cursor();
        this.config = owner.buffer().config();
    }

    AudioReader owner() {
        return owner;
    }

    void fill(Ring ring, MemorySegment base, long byteOffset, int chunkSize, int overlapSize, long sequenceNumber,
              long startPosition, long generation, double bufferLevel, int readPosition, boolean continuous,
              WrapCache.Entry entry) {
        this.ring = ring;
        this.base = base;
        this.byteOffset = byteOffset;
        this.chunkSize = chunkSize;
        this.overlapSize = overlapSize;
        this.length = chunkSize + overlapSize;
        this.sequenceNumber = sequenceNumber;
        this.startPosition = startPosition;
        this.generation = generation;
        this.bufferLevel = bufferLevel;
        this.readPosition = readPosition;
        this.continuous = continuous;
        this.entry = entry;
        this.entryStamp = entry == null ? 0 : entry.stamp;
        this.slice = null;
    }

    private void requireFilled() {
        if (base == null) {
            throw new IllegalStateException("this ChunkView holds no chunk yet: fill it with tryGetChunkWithOverlap");
        }
    }

    /** {@return the whole memory segment the samples lie in (storage, or scratch for a copied chunk)} */
    public MemorySegment segment() {
        requireFilled();
        return base;
    }

    /** {@return byte offset of the first sample in {@link #segment()}} */
    public long byteOffset() {
        requireFilled();
        return byteOffset;
    }

    /** {@inheritDoc} Builds a slice of {@link #segment()} on the first call after a fill. */
    @Override
    public MemorySegment data() {
        requireFilled();
        MemorySegment s = slice;
        if (s == null) {
            s = base.asSlice(byteOffset, (long) length * Float.BYTES);
            slice = s;
        }
        return s;
    }

    @Override
    public int length() {
        return length;
    }

    @Override
    public float get(int index) {
        requireFilled();
        Objects.checkIndex(index, length);
        return base.get(ValueLayout.JAVA_FLOAT, byteOffset + (long) index * Float.BYTES);
    }

    @Override
    public float[] toArray() {
        float[] out = new float[length];
        copyTo(out, 0);
        return out;
    }

    @Override
    public void copyTo(float[] destination, int offset) {
        requireFilled();
        Objects.checkFromIndexSize(offset, length, destination.length);
        MemorySegment.copy(base, ValueLayout.JAVA_FLOAT, byteOffset, destination, offset, length);
    }

    @Override
    public FloatBuffer asFloatBuffer() {
        MemorySegment s = data();
        if (s.isNative()) {
            return s.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer().asReadOnlyBuffer();
        }
        Object array = s.heapBase().orElse(null);
        if (array instanceof float[] floats) {
            int first = (int) (s.address() / Float.BYTES);
            return FloatBuffer.wrap(floats, first, length).slice().asReadOnlyBuffer();
        }
        return FloatBuffer.wrap(toArray()).asReadOnlyBuffer();
    }

    @Override
    public long sequenceNumber() {
        return sequenceNumber;
    }

    @Override
    public long startPosition() {
        return startPosition;
    }

    @Override
    public long startFrame() {
        return startPosition / config.channels();
    }

    @Override
    public int chunkSize() {
        return chunkSize;
    }

    @Override
    public int overlapSize() {
        return overlapSize;
    }

    @Override
    public double timestampMs() {
        return config.frameToMillis(startFrame());
    }

    @Override
    public boolean isContinuous() {
        return continuous;
    }

    @Override
    public double bufferLevel() {
        return bufferLevel;
    }

    @Override
    public int readPosition() {
        return readPosition;
    }

    @Override
    public boolean isValid() {
        return base != null && cursor.isChunkValid(this);
    }

    @Override
    public String toString() {
        return "AudioChunk[seq=" + sequenceNumber + ", start=" + startPosition + ", chunk=" + chunkSize
                + ", overlap=" + overlapSize + ", continuous=" + continuous + "]";
    }
}
