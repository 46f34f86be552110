package io.cascade.examples.input;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.examples.Natives;
import io.cascade.examples.natives.Sndfile;
import io.cascade.examples.natives.SoundFiles;
import io.cascade.examples.natives.SoundFiles.Format;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** libsndfile decoding into write claims: formats, downmix, resampling, truncation and bad files. */
class SndfileInputTest {
    @TempDir
    static Path dir;

    @BeforeAll
    static void libsndfile() throws Exception {
        Natives.require("libsndfile", Sndfile::load);
        Natives.require("libsamplerate", () -> io.cascade.examples.natives.Resampler.create(48_000, 16_000)).close();
    }

    /** A 440 Hz tone of amplitude 0.5 on every channel but the last, which holds silence. */
    private static float[] tone(int rate, int channels, double seconds) {
        int frames = (int) Math.round(rate * seconds);
        float[] x = new float[frames * channels];
        for (int f = 0; f < frames; f++) {
            for (int c = 0; c < channels; c++) {
                x[f * channels + c] = channels > 1 && c == channels - 1 ? 0f
                        : (float) (0.5 * Math.sin(2 * Math.PI * 440 * f / rate));
            }
        }
        return x;
    }

    private record Decoded(float[] samples, long inPlace, SndfileInput input) {
    }

    /** Decodes a whole file into a buffer large enough to hold it, then reads it back. */
    private static Decoded decode(Path file, int channel, int rate, String backend) throws Exception {
        try (SndfileInput input = SndfileInput.open(file, channel, rate, 10);
             AudioRingBuffer ring = AudioRingBuffer.builder(AudioConfig.mono(input.sampleRate())).capacitySeconds(8)
                     .backend(backend).build()) {
            long frames = 0;
            int n;
            while ((n = input.writeBlock(ring, Duration.ofSeconds(5))) >= 0) {
                frames += n;
            }
            assertThat(ring.availableSamples()).isEqualTo(frames);
            AudioChunk all = ring.getChunkWithOverlap(ring.availableSamples(), 0).orElseThrow();
            return new Decoded(all.data().toArray(JAVA_FLOAT), input.framesWrittenInPlace(), input);
        }
    }

    private static double hz(float[] x, int rate) {
        int crossings = 0;
        for (int i = 1; i < x.length; i++) {
            if (x[i - 1] < 0 && x[i] >= 0) {
                crossings++;
            }
        }
        return crossings / ((double) x.length / rate);
    }

    private static double rms(float[] x) {
        double sum = 0;
        for (float v : x) {
            sum += (double) v * v;
        }
        return Math.sqrt(sum / x.length);
    }

    @Test
    void everyFormatDecodesToSixteenKilohertzMonoStraightIntoTheRing() throws Exception {
        Object[][] cases = {{Format.WAV_PCM_16, 16_000, 1}, {Format.FLAC_16, 44_100, 2}, {Format.OGG_VORBIS, 48_000, 1},
                {Format.AIFF_PCM_24, 22_050, 3}};
        for (Object[] c : cases) {
            Format format = (Format) c[0];
            int rate = (Integer) c[1];
            int channels = (Integer) c[2];
            Path file = dir.resolve(format + ".snd");
            SoundFiles.write(file, format, rate, channels, tone(rate, channels, 2));
            Decoded d = decode(file, channel(channels), 16_000, "ffm");
            assertThat(d.input().description()).as("%s", format).contains(format.name().substring(0, 3))
                    .contains(rate + " Hz").contains(rate == 16_000 ? "" : "resampled to 16000 Hz by libsamplerate");
            assertThat(d.samples().length).as("%s frames", format).isCloseTo(32_000, within(64));
            assertThat(hz(d.samples(), 16_000)).as("%s pitch", format).isCloseTo(440, within(2.0));
            // Channel 0 picked from several, or mono: the tone at its level (rms of 0.5 sin).
            assertThat(rms(d.samples())).as("%s level", format).isCloseTo(0.5 / Math.sqrt(2), within(0.02));
            assertThat(d.inPlace()).as("%s in place", format).isEqualTo(d.samples().length);
            assertThat(d.input().truncation()).isEmpty();
        }
    }

    private static int channel(int channels) {
        return channels == 1 ? WavSource.DOWNMIX : 0;
    }

    @Test
    void channelsAreAveragedOrPickedAndTheHeapBackendGetsTheSameThroughScratch() throws Exception {
        Path file = dir.resolve("stereo.wav");
        SoundFiles.write(file, Format.WAV_PCM_16, 16_000, 2, tone(16_000, 2, 1));
        Decoded averaged = decode(file, WavSource.DOWNMIX, 0, "ffm");
        Decoded silent = decode(file, 1, 0, "ffm");
        Decoded heap = decode(file, WavSource.DOWNMIX, 0, "heap");
        assertThat(rms(averaged.samples())).isCloseTo(0.25 / Math.sqrt(2), within(0.01));
        assertThat(rms(silent.samples())).isZero();
        assertThat(heap.samples()).isEqualTo(averaged.samples());
        assertThat(heap.inPlace()).isZero();
        assertThat(averaged.inPlace()).isEqualTo(16_000);
        assertThatThrownBy(() -> SndfileInput.open(file, 2, 0, 10)).isInstanceOf(IOException.class)
                .hasMessageContaining("channel 2 does not exist: the file has 2 channel(s)");
    }

    @Test
    void aTruncatedFileIsDecodedAsFarAsItGoesAndSaysSo() throws Exception {
        for (Format format : new Format[] {Format.WAV_PCM_16, Format.FLAC_16}) {
            Path file = dir.resolve("cut-" + format + ".snd");
            SoundFiles.write(file, format, 16_000, 1, tone(16_000, 1, 4));
            long size = Files.size(file);
            try (FileChannel ch = FileChannel.open(file, StandardOpenOption.WRITE)) {
                ch.truncate(size / 4);
            }
            Decoded d = decode(file, WavSource.DOWNMIX, 0, "ffm");
            assertThat(d.samples().length).as("%s", format).isBetween(8_000, 24_000);
            assertThat(d.input().truncation()).as("%s", format).isPresent();
            assertThat(d.input().truncation().orElseThrow()).contains("s decoded");
        }
    }

    @Test
    void underRejectTheFramesWithoutRoomAreCountedNotLost() throws Exception {
        Path file = dir.resolve("long.wav");
        SoundFiles.write(file, Format.WAV_PCM_16, 16_000, 1, tone(16_000, 1, 3));
        try (SndfileInput input = SndfileInput.open(file, WavSource.DOWNMIX, 0, 10);
             AudioRingBuffer ring = AudioRingBuffer.builder(AudioConfig.mono(16_000)).capacitySeconds(1)
                     .overflowPolicy(OverflowPolicy.REJECT).build()) {
            long taken = 0;
            int n;
            while ((n = input.writeBlock(ring, Duration.ZERO)) >= 0) {
                taken += n;
            }
            assertThat(taken).isEqualTo(48_000);
            assertThat(ring.availableSamples()).isEqualTo(ring.capacity());
            assertThat(input.rejectedFrames()).isEqualTo(48_000 - ring.capacity());
        }
    }

    @Test
    void whatLibsndfileCannotReadIsOneClearError() throws Exception {
        Path text = dir.resolve("notes.flac");
        Files.writeString(text, "not audio at all");
        assertThatThrownBy(() -> SndfileInput.open(text, WavSource.DOWNMIX, 0, 10)).isInstanceOf(IOException.class)
                .hasMessage("libsndfile: Format not recognised.");
        assertThatThrownBy(() -> SndfileInput.open(dir.resolve("absent.wav"), WavSource.DOWNMIX, 0, 10))
                .isInstanceOf(IOException.class).hasMessageStartingWith("libsndfile: ");
    }
}
