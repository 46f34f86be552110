package io.cascade.examples.input;

import io.cascade.buffer.AudioRingBuffer;

import java.io.IOException;
import java.time.Duration;
import java.util.Optional;

/**
 * A decoded audio stream that writes itself into an {@link AudioRingBuffer}, block by block, as
 * mono float32 at {@link #sampleRate()}: the producer side of {@code cascade-vad}.
 */
public interface AudioInput extends AutoCloseable {
    /** {@return frames per second of what is written} */
    int sampleRate();

    /** {@return channels in the source (written averaged to mono, or one picked)} */
    int channels();

    /** {@return frames the source says it holds, at {@link #sampleRate()}, or -1 when unknown} */
    long expectedFrames();

    /** {@return which decoder (and resampler) this input uses, for the user} */
    String description();

    /**
     * Decodes the next block into the buffer.
     *
     * @param buffer  where it goes
     * @param timeout longest wait for room under {@code BLOCK}
     * @return frames taken from the source (written, or rejected under {@code REJECT}), -1 at the end
     * @throws IOException on a read or decoding error
     */
    int writeBlock(AudioRingBuffer buffer, Duration timeout) throws IOException;

    /** {@return samples the buffer refused (REJECT with no room), at {@link #sampleRate()}} */
    long rejectedFrames();

    /** {@return once the end was reached: how the source fell short of what its header said, if it did} */
    Optional<String> truncation();

    @Override
    void close() throws IOException;
}
