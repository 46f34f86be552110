package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.WaitStrategy;

import java.util.Objects;

/**
 * What a buffer fixes when it is built and both of its sides use: the stream, the overflow
 * policy, how waiting threads wait, the name that events and messages carry, whether calls are
 * sampled for timing, the two places where threads wait, and where the writer publishes its
 * position to the readers of this process. The writer and each read cursor
 * copy these into final fields of their own, so the steady path reads no other object for them.
 *
 * @param config       the stream
 * @param policy       what a write does when there is no room
 * @param waitStrategy how a waiting thread waits
 * @param name         the buffer's name, for events and messages
 * @param timing       whether one operation in {@link SideState#TIMING_SAMPLE_INTERVAL} is timed
 * @param space        writers wait here for room; readers signal it when they advance
 * @param data         readers wait here for data; writers signal it when they publish
 * @param published    the write position, as the writer publishes it to the readers of this process
 */
public record BufferSettings(AudioConfig config, OverflowPolicy policy, WaitStrategy waitStrategy, String name,
                             boolean timing, Signal space, Signal data, PublishedPosition published) {
    /** Checks that nothing is missing. */
    public BufferSettings {
        Objects.requireNonNull(config, "config");
        Objects.requireNonNull(policy, "policy");
        Objects.requireNonNull(waitStrategy, "waitStrategy");
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(space, "space");
        Objects.requireNonNull(data, "data");
        Objects.requireNonNull(published, "published");
    }
}
