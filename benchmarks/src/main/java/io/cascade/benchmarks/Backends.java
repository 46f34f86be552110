package io.cascade.benchmarks;

import io.cascade.buffer.AudioRingBuffer;

/** The storages the benchmarks compare: {@code ffm} (mirrored), {@code ffm-plain}, {@code heap}. */
public final class Backends {
    /** The ffm backend's switch for plain storage. */
    private static final String MIRROR_PROPERTY = "cascade.buffer.ffm.mirror";

    private Backends() {
    }

    /**
     * Builds a buffer on one of the compared storages.
     *
     * @param storage {@code ffm}, {@code ffm-plain} or {@code heap}
     * @param builder every other option
     * @return the buffer
     */
    public static AudioRingBuffer open(String storage, AudioRingBuffer.Builder builder) {
        boolean plain = storage.equals("ffm-plain");
        if (plain) {
            System.setProperty(MIRROR_PROPERTY, "false");
        }
        try {
            return builder.backend(storage.startsWith("ffm") ? "ffm" : "heap").build();
        } finally {
            if (plain) {
                System.clearProperty(MIRROR_PROPERTY);
            }
        }
    }
}
