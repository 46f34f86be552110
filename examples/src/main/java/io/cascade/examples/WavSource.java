package io.cascade.examples;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;

/**
 * Streams a WAV file as mono float32 frames: 8, 16, 24 and 32-bit PCM (signed, or unsigned
 * 8-bit) and 32 or 64-bit float, any channel count and rate. Multichannel audio is averaged
 * down to mono, or one channel is picked.
 */
public final class WavSource implements AutoCloseable {
    /** Pick-channel value meaning "average all channels". */
    public static final int DOWNMIX = -1;

    private final AudioInputStream in;
    private final AudioFormat format;
    private final int channels;
    private final int bytesPerSample;
    private final int channel;
    private final long totalFrames;
    private byte[] bytes = new byte[0];

    private WavSource(AudioInputStream in, int channel) {
        this.in = in;
        this.format = in.getFormat();
        this.channels = format.getChannels();
        this.bytesPerSample = format.getSampleSizeInBits() / 8;
        this.channel = channel;
        this.totalFrames = in.getFrameLength();
    }

    /**
     * Opens a WAV stream.
     *
     * @param stream  the file's bytes
     * @param channel the channel to keep, or {@link #DOWNMIX}
     * @return the source
     * @throws IOException if the stream is not a WAV file this class can decode
     */
    public static WavSource open(InputStream stream, int channel) throws IOException {
        AudioInputStream in;
        try {
            in = AudioSystem.getAudioInputStream(stream.markSupported() ? stream : new BufferedInputStream(stream));
        } catch (UnsupportedAudioFileException e) {
            throw new IOException("not a WAV file that Java Sound can read (" + e.getMessage() + ")", e);
        }
        AudioFormat f = in.getFormat();
        AudioFormat.Encoding e = f.getEncoding();
        int bits = f.getSampleSizeInBits();
        boolean pcm = (e == AudioFormat.Encoding.PCM_SIGNED && (bits == 8 || bits == 16 || bits == 24 || bits == 32))
                || (e == AudioFormat.Encoding.PCM_UNSIGNED && bits == 8)
                || (e == AudioFormat.Encoding.PCM_FLOAT && (bits == 32 || bits == 64));
        if (!pcm || f.getChannels() < 1 || f.getFrameSize() != f.getChannels() * bits / 8) {
            in.close();
            throw new IOException("unsupported audio format: " + f);
        }
        if (channel != DOWNMIX && (channel < 0 || channel >= f.getChannels())) {
            in.close();
            throw new IOException("channel " + channel + " does not exist: the file has " + f.getChannels()
                    + " channel(s), numbered from 0");
        }
        return new WavSource(in, channel);
    }

    /** {@return frames per second} */
    public int sampleRate() {
        return Math.round(format.getSampleRate());
    }

    /** {@return channels in the file} */
    public int channels() {
        return channels;
    }

    /** {@return frames in the file, or -1 when unknown} */
    public long totalFrames() {
        return totalFrames;
    }

    /** {@return the file's format, for messages} */
    public AudioFormat format() {
        return format;
    }

    /**
     * Reads up to {@code mono.length} frames as mono samples.
     *
     * @param mono where the samples go
     * @return frames read, 0 at the end of the stream
     * @throws IOException on a read error
     */
    public int read(float[] mono) throws IOException {
        int frameSize = format.getFrameSize();
        int want = mono.length * frameSize;
        if (bytes.length < want) {
            bytes = new byte[want];
        }
        int got = in.readNBytes(bytes, 0, want);
        int frames = got / frameSize;
        ByteBuffer buffer = ByteBuffer.wrap(bytes, 0, frames * frameSize)
                .order(format.isBigEndian() ? ByteOrder.BIG_ENDIAN : ByteOrder.LITTLE_ENDIAN);
        for (int f = 0; f < frames; f++) {
            double sum = 0;
            for (int c = 0; c < channels; c++) {
                double v = sample(buffer);
                if (channel == DOWNMIX) {
                    sum += v;
                } else if (c == channel) {
                    sum = v;
                }
            }
            mono[f] = (float) (channel == DOWNMIX ? sum / channels : sum);
        }
        return frames;
    }

    private double sample(ByteBuffer b) {
        AudioFormat.Encoding e = format.getEncoding();
        if (e == AudioFormat.Encoding.PCM_FLOAT) {
            return bytesPerSample == 4 ? b.getFloat() : b.getDouble();
        }
        if (e == AudioFormat.Encoding.PCM_UNSIGNED) {
            return ((b.get() & 0xFF) - 128) / 128.0;
        }
        return switch (bytesPerSample) {
            case 1 -> b.get() / 128.0;
            case 2 -> b.getShort() / 32768.0;
            case 3 -> {
                int b0 = b.get() & 0xFF;
                int b1 = b.get() & 0xFF;
                int b2 = b.get();
                int v = b.order() == ByteOrder.LITTLE_ENDIAN ? (b2 << 16) | (b1 << 8) | b0
                        : ((byte) b0 << 16) | (b1 << 8) | (b2 & 0xFF);
                yield v / 8388608.0;
            }
            default -> b.getInt() / 2147483648.0;
        };
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
