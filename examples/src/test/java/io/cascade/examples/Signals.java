package io.cascade.examples;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioFileFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.file.Path;
import java.util.SplittableRandom;

/** Synthesized test signals: tone bursts at known times over white noise. */
public final class Signals {
    private Signals() {
    }

    /** Bursts of a 440 Hz tone (amplitude 0.3) at {@code [start, end)} seconds, over noise of amplitude {@code noise}. */
    public static float[] bursts(int rate, double seconds, double noise, double[][] bursts, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] x = new float[(int) Math.round(seconds * rate)];
        for (int i = 0; i < x.length; i++) {
            double t = (double) i / rate;
            double v = noise * (random.nextDouble() * 2 - 1);
            for (double[] b : bursts) {
                if (t >= b[0] && t < b[1]) {
                    v += 0.3 * Math.sin(2 * Math.PI * 440 * t);
                }
            }
            x[i] = (float) v;
        }
        return x;
    }

    /** Writes interleaved samples as a WAV file of the given encoding and sample size. */
    public static void writeWav(Path file, float[] interleaved, int rate, int channels, AudioFormat.Encoding encoding, int bits)
            throws IOException {
        int bytes = bits / 8;
        ByteBuffer b = ByteBuffer.allocate(interleaved.length * bytes).order(ByteOrder.LITTLE_ENDIAN);
        for (float v : interleaved) {
            double c = Math.max(-1, Math.min(1, v));
            if (encoding == AudioFormat.Encoding.PCM_FLOAT) {
                b.putFloat((float) c);
            } else if (bits == 8) {
                b.put((byte) (Math.round(c * 127) + 128));
            } else if (bits == 16) {
                b.putShort((short) Math.round(c * 32767));
            } else if (bits == 24) {
                int s = (int) Math.round(c * 8388607);
                b.put((byte) s).put((byte) (s >> 8)).put((byte) (s >> 16));
            } else {
                b.putInt((int) Math.round(c * 2147483647.0));
            }
        }
        AudioFormat format = new AudioFormat(encoding, rate, bits, channels, bytes * channels, rate, false);
        try (AudioInputStream in = new AudioInputStream(new ByteArrayInputStream(b.array()), format,
                interleaved.length / channels)) {
            AudioSystem.write(in, AudioFileFormat.Type.WAVE, file.toFile());
        }
    }
}
