package io.cascade.examples.vad;

import ai.onnxruntime.OnnxTensor;
import ai.onnxruntime.OrtEnvironment;
import ai.onnxruntime.OrtException;
import ai.onnxruntime.OrtSession;
import io.cascade.examples.natives.NativeLibrary;
import io.cascade.examples.natives.NativeUnavailableException;

import java.lang.foreign.MemorySegment;
import java.nio.Buffer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.LongBuffer;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Silero VAD v5 on ONNX Runtime, fed each chunk in place: the model's input tensor is a view of
 * the chunk's memory in the ring (a direct buffer over the {@link MemorySegment}, in native byte
 * order), so no sample is copied on the way to the model. Chunks are {@value #WINDOW} new samples
 * at 16 kHz after {@value #CONTEXT} of context, which is exactly a chunk of {@value #WINDOW} with an
 * overlap of {@value #CONTEXT} in the ring, read at a position {@value #CONTEXT} earlier: each
 * window's first samples are the previous window's last.
 *
 * <p>Decisions follow Silero's own {@code get_speech_timestamps}, streamed: speech starts at a
 * window whose probability reaches {@link #THRESHOLD}; it ends at the first window below
 * {@link #NEG_THRESHOLD} that is followed by {@link #MIN_SILENCE_MS} ms without a return above
 * {@link #THRESHOLD}; segments shorter than {@link #MIN_SPEECH_MS} ms are dropped; each is padded
 * by {@link #SPEECH_PAD_MS} ms on both sides (never into the previous segment, never before 0).
 */
public final class SileroVad implements VoiceDetector, AutoCloseable {
    /** The rate the model is run at. */
    public static final int SAMPLE_RATE = 16_000;
    /** New samples per window. */
    public static final int WINDOW = 512;
    /** Samples of context before them. */
    public static final int CONTEXT = 64;
    /** Probability that starts (or continues) speech. */
    public static final float THRESHOLD = 0.5f;
    /** Probability below which silence may start. */
    public static final float NEG_THRESHOLD = THRESHOLD - 0.15f;
    /** Shortest segment reported. */
    public static final int MIN_SPEECH_MS = 250;
    /** Silence that ends a segment. */
    public static final int MIN_SILENCE_MS = 100;
    /** Padding added to both ends of a segment. */
    public static final int SPEECH_PAD_MS = 30;

    private static final long[] INPUT_SHAPE = {1, CONTEXT + WINDOW};
    private static final int STATE_FLOATS = 2 * 128;

    private final OrtEnvironment env;
    private final OrtSession session;
    private final OnnxTensor sampleRate;
    private final FloatBuffer state;
    /** Where windows of a heap ring are copied for the model. */
    private final MemorySegment heapWindow;
    private final OnnxTensor stateTensor;
    private final Consumer<Segment> sink;

    private boolean triggered;
    private long speechStart;
    private long silenceStart = -1;
    private long lastEnd;
    private long streamEnd;
    private long expected;
    private int segments;
    private long windows;
    private long windowsInPlace;
    private float lastProbability;
    private boolean closed;

    private SileroVad(OrtEnvironment env, OrtSession session, Consumer<Segment> sink) throws OrtException {
        this.env = env;
        this.session = session;
        this.sink = sink;
        this.sampleRate = OnnxTensor.createTensor(env, LongBuffer.wrap(new long[] {SAMPLE_RATE}), new long[0]);
        this.state = ByteBuffer.allocateDirect(STATE_FLOATS * Float.BYTES).order(ByteOrder.nativeOrder()).asFloatBuffer();
        this.stateTensor = OnnxTensor.createTensor(env, state, new long[] {2, 1, 128});
        this.heapWindow = MemorySegment.ofBuffer(ByteBuffer.allocateDirect((CONTEXT + WINDOW) * Float.BYTES));
    }

    /**
     * Loads the model (checked by {@link SileroModel#load}) into a one-thread ONNX Runtime session.
     *
     * @param model the model file
     * @param sink  receives each segment as it closes
     * @return the detector; close it
     * @throws NativeUnavailableException when the model or ONNX Runtime cannot be had
     */
    public static SileroVad open(Path model, Consumer<Segment> sink) throws NativeUnavailableException {
        byte[] bytes = SileroModel.load(model);
        NativeLibrary.requireNativeAccess("ONNX Runtime");
        OrtEnvironment env;
        try {
            env = OrtEnvironment.getEnvironment();
        } catch (LinkageError | RuntimeException e) {
            throw new NativeUnavailableException("ONNX Runtime does not load here: " + e);
        }
        try (OrtSession.SessionOptions options = new OrtSession.SessionOptions()) {
            options.setIntraOpNumThreads(1);
            options.setInterOpNumThreads(1);
            OrtSession session = env.createSession(bytes, options);
            try {
                return new SileroVad(env, session, sink);
            } catch (OrtException | RuntimeException e) {
                session.close();
                throw e;
            }
        } catch (OrtException e) {
            throw new NativeUnavailableException("ONNX Runtime cannot load the Silero VAD model: " + e.getMessage());
        }
    }

    /**
     * A tensor of shape [1, {@value #CONTEXT} + {@value #WINDOW}] over the samples at
     * {@code byteOffset}: in place when the memory is native, else over a copy.
     *
     * @param memory     where the window lies
     * @param byteOffset its first sample
     * @return the tensor; close it
     * @throws OrtException if ONNX Runtime refuses it
     */
    OnnxTensor tensorOver(MemorySegment memory, long byteOffset) throws OrtException {
        MemorySegment samples = memory.asSlice(byteOffset, (long) (CONTEXT + WINDOW) * Float.BYTES);
        if (!samples.isNative()) {
            // A float[] has no byte-buffer view, and ONNX Runtime would copy a heap buffer anyway.
            heapWindow.copyFrom(samples);
            samples = heapWindow;
        }
        return OnnxTensor.createTensor(env, samples.asByteBuffer().order(ByteOrder.nativeOrder()).asFloatBuffer(),
                INPUT_SHAPE);
    }

    /**
     * Whether a tensor's data is the memory at {@code address} itself.
     *
     * @param tensor  a tensor made by {@link #tensorOver}
     * @param address the native address of the window's first sample
     * @return true when ONNX Runtime reads the ring, false when it made a copy
     */
    static boolean readsInPlace(OnnxTensor tensor, long address) {
        return tensor.getBufferRef().filter(Buffer::isDirect)
                .map(b -> MemorySegment.ofBuffer(b).address() == address).orElse(false);
    }

    /**
     * Scores one window.
     *
     * @throws IllegalArgumentException unless the chunk is {@value #WINDOW} + {@value #CONTEXT} at the expected position
     */
    @Override
    public void accept(MemorySegment memory, long byteOffset, long startSample, int chunkSize, int overlapSize) {
        if (chunkSize != WINDOW || overlapSize != CONTEXT) {
            throw new IllegalArgumentException("Silero VAD takes chunks of " + WINDOW + " + " + CONTEXT
                    + " overlap samples, got " + chunkSize + " + " + overlapSize);
        }
        if (startSample != expected) {
            throw new IllegalArgumentException("chunk starts at " + startSample + ", expected " + expected
                    + ": chunks must be consecutive (skipTo after a gap)");
        }
        float probability;
        try (OnnxTensor input = tensorOver(memory, byteOffset);
             OrtSession.Result result = session.run(Map.of("input", input, "state", stateTensor, "sr", sampleRate))) {
            if (memory.isNative() && readsInPlace(input, memory.address() + byteOffset)) {
                windowsInPlace++;
            }
            probability = ((float[][]) result.get("output").orElseThrow().getValue())[0][0];
            FloatBuffer next = ((OnnxTensor) result.get("stateN").orElseThrow()).getFloatBuffer();
            state.clear();
            state.put(next);
            state.clear();
        } catch (OrtException e) {
            throw new IllegalStateException("ONNX Runtime failed on the window at sample " + startSample + ": "
                    + e.getMessage(), e);
        }
        windows++;
        lastProbability = probability;
        expected = startSample + chunkSize;
        streamEnd = startSample + CONTEXT + WINDOW;
        decide(probability, startSample + CONTEXT);
    }

    private void decide(float probability, long position) {
        if (probability >= THRESHOLD) {
            silenceStart = -1;
            if (!triggered) {
                triggered = true;
                speechStart = position;
            }
            return;
        }
        if (triggered && probability < NEG_THRESHOLD) {
            if (silenceStart < 0) {
                silenceStart = position;
            }
            if (position - silenceStart >= samples(MIN_SILENCE_MS)) {
                close(silenceStart);
            }
        }
    }

    private void close(long end) {
        triggered = false;
        silenceStart = -1;
        if (end - speechStart >= samples(MIN_SPEECH_MS)) {
            long start = Math.max(Math.max(0, lastEnd), speechStart - samples(SPEECH_PAD_MS));
            long padded = Math.min(streamEnd, end + samples(SPEECH_PAD_MS));
            lastEnd = padded;
            segments++;
            sink.accept(new Segment((double) start / SAMPLE_RATE, (double) padded / SAMPLE_RATE));
        }
    }

    private static long samples(int ms) {
        return (long) SAMPLE_RATE * ms / 1000;
    }

    /** After a gap the model's memory no longer fits the audio: an open segment closes, the state resets. */
    @Override
    public void skipTo(long position) {
        if (triggered) {
            close(silenceStart >= 0 ? silenceStart : streamEnd);
        }
        state.clear();
        state.put(new float[STATE_FLOATS]);
        state.clear();
        expected = position;
    }

    @Override
    public void finish() {
        if (triggered) {
            close(silenceStart >= 0 ? silenceStart : streamEnd);
        }
    }

    @Override
    public int segments() {
        return segments;
    }

    /** {@return windows scored so far} */
    public long windows() {
        return windows;
    }

    /** {@return windows whose input tensor was a view of the ring, not a copy} */
    public long windowsInPlace() {
        return windowsInPlace;
    }

    /** {@return the last window's speech probability} */
    public float lastProbability() {
        return lastProbability;
    }

    /** Frees the session and its tensors; a second close does nothing. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        try {
            stateTensor.close();
            sampleRate.close();
            session.close();
        } catch (OrtException e) {
            throw new IllegalStateException("closing the ONNX Runtime session failed", e);
        }
    }
}
