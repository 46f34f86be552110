/**
 * Cascade Buffer: a real-time safe ring buffer for streaming float32 audio.
 *
 * <p>{@code io.cascade.buffer} holds the API and the one ring engine; {@code io.cascade.buffer.spi}
 * is what a storage backend implements. Backends ({@code io.cascade.buffer.ffm},
 * {@code io.cascade.buffer.heap}) are found through {@link java.util.ServiceLoader}.
 */
module io.cascade.buffer {
    requires jdk.jfr;
    // Micrometer's automatic module name is micrometer.core; optional for users.
    requires static micrometer.core;

    exports io.cascade.buffer;
    exports io.cascade.buffer.spi;

    uses io.cascade.buffer.spi.AudioBufferProvider;
}
