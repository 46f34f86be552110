/**
 * Examples of Cascade Buffer, above all {@code cascade-vad}: audio decoded into an
 * {@link io.cascade.buffer.AudioRingBuffer} in 10 ms blocks by one thread (libsndfile through FFM
 * into write claims, or Java Sound), read in overlapped chunks by another, and scanned in place by
 * a voice-activity detector (Silero VAD on ONNX Runtime, or an energy detector).
 */
module io.cascade.examples {
    requires io.cascade.buffer;
    requires java.desktop;
    requires info.picocli;
    requires com.microsoft.onnxruntime;

    opens io.cascade.examples to info.picocli;
}
