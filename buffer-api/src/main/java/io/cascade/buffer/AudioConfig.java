package io.cascade.buffer;

/**
 * The shape of the audio stream a buffer holds: its sample rate in frames per second and its
 * channel count. Samples are float32; interleaved multichannel audio stores one sample per
 * channel per frame, so every size given to a buffer must be a whole number of frames.
 *
 * @param sampleRate frames per second, greater than zero
 * @param channels   samples per frame, greater than zero
 */
public record AudioConfig(int sampleRate, int channels) {

    /**
     * Validates the configuration.
     *
     * @throws IllegalArgumentException if either value is not positive or a second of audio
     *                                  does not fit an {@code int} of samples
     */
    public AudioConfig {
        if (sampleRate <= 0) {
            throw new IllegalArgumentException("sampleRate must be > 0, was " + sampleRate);
        }
        if (channels <= 0) {
            throw new IllegalArgumentException("channels must be > 0, was " + channels);
        }
        if ((long) sampleRate * channels > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("sampleRate * channels overflows an int: sampleRate="
                    + sampleRate + ", channels=" + channels);
        }
    }

    /**
     * A single-channel stream.
     *
     * @param sampleRate frames per second
     * @return the configuration
     */
    public static AudioConfig mono(int sampleRate) {
        return new AudioConfig(sampleRate, 1);
    }

    /**
     * A two-channel interleaved stream.
     *
     * @param sampleRate frames per second
     * @return the configuration
     */
    public static AudioConfig stereo(int sampleRate) {
        return new AudioConfig(sampleRate, 2);
    }

    /** {@return samples in one second of audio ({@code sampleRate * channels})} */
    public int samplesPerSecond() {
        return sampleRate * channels;
    }

    /**
     * Whole frames in {@code millis} milliseconds, rounded down, expressed in samples.
     *
     * @param millis a duration in milliseconds, not negative
     * @return {@code floor(millis * sampleRate / 1000) * channels}
     */
    public long samplesForMillis(long millis) {
        if (millis < 0) {
            throw new IllegalArgumentException("millis must be >= 0, was " + millis);
        }
        return Math.multiplyExact(Math.multiplyExact(millis, (long) sampleRate) / 1000, (long) channels);
    }

    /**
     * The time at which a frame starts, from the configured rate.
     *
     * @param frame frame index in the stream
     * @return milliseconds from the start of the stream
     */
    public double frameToMillis(long frame) {
        return frame * 1000.0 / sampleRate;
    }

    /**
     * Samples in {@code seconds} of audio, as a capacity.
     *
     * @throws IllegalArgumentException if not positive or the samples overflow an {@code int}
     */
    int samplesForSeconds(int seconds) {
        if (seconds <= 0) {
            throw new IllegalArgumentException("capacitySeconds must be > 0, was " + seconds);
        }
        long samples = (long) samplesPerSecond() * seconds;
        if (samples > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("capacity of " + seconds + " s at " + sampleRate + " Hz x "
                    + channels + " channels = " + samples + " samples overflows an int");
        }
        return (int) samples;
    }
}
