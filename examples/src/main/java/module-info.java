/**
 * Examples of Cascade Buffer, above all {@code cascade-vad}: audio written into an
 * {@link io.cascade.buffer.AudioRingBuffer} by one thread in 10 ms blocks, read in overlapped
 * chunks by another, and scanned by an energy-based voice-activity detector.
 */
module io.cascade.examples {
    requires io.cascade.buffer;
    requires java.desktop;
    requires info.picocli;

    opens io.cascade.examples to info.picocli;
}
