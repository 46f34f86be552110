package io.cascade.examples.input;

import io.cascade.buffer.AudioRingBuffer;

import javax.sound.sampled.AudioFormat;
import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import javax.sound.sampled.UnsupportedAudioFileException;
import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;

/**
 * The Java decoder (Java Sound), kept for machines without libsndfile and for the built-in
 * input: streams a WAV file as mono float32 frames: 8, 16, 24 and 32-bit PCM (signed, or unsigned
 * 8-bit) and 32 or 64-bit float, any channel count and rate. Multichannel audio is averaged
 * down to mono, or one channel is picked.
 */
public final class WavSource implements AudioInput {
    /** Pick-channel value meaning "average all channels". */
    public static final int DOWNMIX = -1;

    private final AudioInputStream in;
    private final AudioFormat format;
    private final int channels;
    private final int bytesPerSample;
    private final int channel;
    private final long totalFrames;
    private final float[] block;
    private byte[] bytes = new byte[0];
    private float[] tail;
    private long framesRead;
    private long rejected;
    private boolean ended;

    private WavSource(AudioInputStream in, int channel, int blockFrames) {
        this.in = in;
        this.format = in.getFormat();
        this.channels = format.getChannels();
        this.bytesPerSample = format.getSampleSizeInBits() / 8;
        this.channel = channel;
        this.totalFrames = in.getFrameLength();
        this.block = new float[blockFrames];
    }

    /**
     * Opens a WAV stream.
     *
     * @param stream  the file's bytes
     * @param channel the channel to keep, or {@link #DOWNMIX}
     * @param blockMs the block {@link #writeBlock} writes, in milliseconds
     * @return the source
     * @throws IOException if the stream is not a WAV file this class can decode
     */
    public static WavSource open(InputStream stream, int channel, int blockMs) throws IOException {
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
        return new WavSource(in, channel, Math.max(1, Math.round(f.getSampleRate()) * blockMs / 1000));
    }

    @Override
    public int sampleRate() {
        return Math.round(format.getSampleRate());
    }

    @Override
    public int channels() {
        return channels;
    }

    @Override
    public long expectedFrames() {
        return totalFrames;
    }

    @Override
    public String description() {
        return "Java Sound WAV decoder (" + format.getEncoding() + " " + format.getSampleSizeInBits() + "-bit)";
    }

    /** Decodes a block into a Java array and writes it: one copy, into the ring. */
    @Override
    public int writeBlock(AudioRingBuffer buffer, Duration timeout) throws IOException {
        int n = read(block);
        if (n == 0) {
            ended = true;
            return -1;
        }
        float[] data = block;
        if (n < block.length) {
            tail = tail == null || tail.length != n ? new float[n] : tail;
            System.arraycopy(block, 0, tail, 0, n);
            data = tail;
        }
        if (!buffer.write(data, true, timeout)) {
            rejected += n;
        }
        return n;
    }

    @Override
    public long rejectedFrames() {
        return rejected;
    }

    @Override
    public Optional<String> truncation() {
        if (!ended || totalFrames < 0 || framesRead >= totalFrames) {
            return Optional.empty();
        }
        int rate = sampleRate();
        return Optional.of(String.format(Locale.ROOT, "the header says %.3f s (%d frames), the file holds %.3f s"
                + " (%d frames)", (double) totalFrames / rate, totalFrames, (double) framesRead / rate, framesRead));
    }

    /**
     * Reads up to {@code mono.length} frames as mono samples.
     *
     * @param mono where the samples go
     * @return frames read, 0 at the end of the stream
     * @throws IOException on a read error
     */
    private int read(float[] mono) throws IOException {
        int frameSize = format.getFrameSize();
        int want = mono.length * frameSize;
        if (bytes.length < want) {
            bytes = new byte[want];
        }
        int got = in.readNBytes(bytes, 0, want);
        int frames = got / frameSize;
        framesRead += frames;
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
