package io.cascade.buffer.engine;

import io.cascade.buffer.AudioConfig;

/** The check every size passed in must pass: a whole number of frames of the stream. */
public final class Frames {
    private Frames() {
    }

    /**
     * Checks that a size is a whole number of frames.
     *
     * @param config  the stream
     * @param what    the size's name, for the message
     * @param samples the size
     * @throws IllegalArgumentException if it is not
     */
    public static void require(AudioConfig config, String what, long samples) {
        // Mono needs no division: the steady path checks several sizes per chunk.
        int channels = config.channels();
        if (channels != 1 && samples % channels != 0) {
            throw new IllegalArgumentException(what + " = " + samples + " is not a whole number of frames (channels="
                    + channels + ")");
        }
    }
}
