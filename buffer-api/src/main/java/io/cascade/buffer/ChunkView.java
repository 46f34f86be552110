package io.cascade.buffer;

import io.cascade.buffer.engine.ChunkWindow;
import io.cascade.buffer.engine.ReadCursor;

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
    /** What the cursor filled in; this class only reads it. */
    private final ChunkWindow w = new ChunkWindow();

    ChunkView(AudioReader owner) {
        this.owner = owner;
        this.cursor = owner.cursor();
        this.config = owner.buffer().config();
    }

    AudioReader owner() {
        return owner;
    }

    /** {@return the window the owner's cursor fills} */
    ChunkWindow window() {
        return w;
    }

    private void requireFilled() {
        if (!w.isFilled()) {
            throw new IllegalStateException("this ChunkView holds no chunk yet: fill it with tryGetChunkWithOverlap");
        }
    }

    /** {@return the whole memory segment the samples lie in (storage, or scratch for a copied chunk)} */
    public MemorySegment segment() {
        requireFilled();
        return w.base;
    }

    /** {@return byte offset of the first sample in {@link #segment()}} */
    public long byteOffset() {
        requireFilled();
        return w.byteOffset;
    }

    /** {@inheritDoc} Builds a slice of {@link #segment()} on the first call after a fill. */
    @Override
    public MemorySegment data() {
        requireFilled();
        return w.data();
    }

    @Override
    public int length() {
        return w.length;
    }

    @Override
    public float get(int index) {
        requireFilled();
        Objects.checkIndex(index, w.length);
        return w.base.get(ValueLayout.JAVA_FLOAT, w.byteOffset + (long) index * Float.BYTES);
    }

    @Override
    public float[] toArray() {
        float[] out = new float[w.length];
        copyTo(out, 0);
        return out;
    }

    @Override
    public void copyTo(float[] destination, int offset) {
        requireFilled();
        Objects.checkFromIndexSize(offset, w.length, destination.length);
        MemorySegment.copy(w.base, ValueLayout.JAVA_FLOAT, w.byteOffset, destination, offset, w.length);
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
            return FloatBuffer.wrap(floats, first, w.length).slice().asReadOnlyBuffer();
        }
        return FloatBuffer.wrap(toArray()).asReadOnlyBuffer();
    }

    @Override
    public long sequenceNumber() {
        return w.sequenceNumber;
    }

    @Override
    public long startPosition() {
        return w.startPosition;
    }

    @Override
    public long startFrame() {
        return w.startPosition / config.channels();
    }

    @Override
    public int chunkSize() {
        return w.chunkSize;
    }

    @Override
    public int overlapSize() {
        return w.overlapSize;
    }

    @Override
    public double timestampMs() {
        return config.frameToMillis(startFrame());
    }

    @Override
    public boolean isContinuous() {
        return w.continuous;
    }

    @Override
    public double bufferLevel() {
        return w.ring == null ? 0 : (double) w.unread / w.ring.capacity;
    }

    @Override
    public int readPosition() {
        return w.readPosition;
    }

    @Override
    public boolean isValid() {
        return w.isFilled() && cursor.isChunkValid(w);
    }

    @Override
    public String toString() {
        return "AudioChunk[seq=" + w.sequenceNumber + ", start=" + w.startPosition + ", chunk=" + w.chunkSize
                + ", overlap=" + w.overlapSize + ", continuous=" + w.continuous + "]";
    }
}
