package io.cascade.examples.input;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.WriteClaim;
import io.cascade.examples.natives.NativeUnavailableException;
import io.cascade.examples.natives.Resampler;
import io.cascade.examples.natives.Sndfile;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.MemorySegment;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static java.lang.foreign.ValueLayout.JAVA_FLOAT;

/**
 * Any file libsndfile reads, decoded by native code straight into the ring: the producer claims
 * room ({@link AudioRingBuffer#claim}) and {@code sf_readf_float} fills the claim's segment. Where
 * the file is not mono at the wanted rate, the frames are decoded into native scratch, averaged
 * (or one channel picked) and, if the rate differs, converted by libsamplerate, whose output is
 * the claim's segment; so the one write into the ring is always native code's or the downmix's.
 */
public final class SndfileInput implements AudioInput {
    /** The line of libsndfile's header log for a data chunk longer than the file. */
    private static final Pattern SHORT_DATA_CHUNK =
            Pattern.compile("(?m)^data\\s*:\\s*(\\d+)\\s*\\(should be (\\d+)\\)");

    private final Sndfile.SoundFile file;
    private final Resampler resampler;
    private final int channel;
    private final int rate;
    private final int sourceBlock;
    /** Shared: made by the opener, used by the producer thread, closed by the opener after it. */
    private final Arena arena = Arena.ofShared();
    /** Interleaved frames of more than one channel as decoded, and frames dropped under REJECT. */
    private final MemorySegment scratch;
    /** Mono frames waiting for the resampler; null without one. */
    private final MemorySegment pending;
    private final String description;
    private int pendingFrames;
    private long sourceFrames;
    private long rejected;
    private long inPlace;
    private boolean sourceEnded;
    private boolean ended;
    private Optional<String> truncation = Optional.empty();

    private SndfileInput(Sndfile sndfile, Sndfile.SoundFile file, int channel, int rate, int blockMs)
            throws NativeUnavailableException {
        this.file = file;
        this.channel = channel;
        this.rate = rate;
        this.sourceBlock = Math.max(1, file.sampleRate() * blockMs / 1000);
        this.resampler = file.sampleRate() == rate ? null : Resampler.create(file.sampleRate(), rate);
        this.scratch = arena.allocate((long) sourceBlock * file.channels() * Float.BYTES, 64);
        this.pending = resampler == null ? null : arena.allocate((long) sourceBlock * 2 * Float.BYTES, 64);
        this.description = String.format(Locale.ROOT, "%s (%s, %d Hz, %d channel(s)%s%s)", sndfile.version(),
                file.container(), file.sampleRate(), file.channels(),
                file.channels() > 1 ? (channel == WavSource.DOWNMIX ? " averaged" : ", channel " + channel) : "",
                resampler == null ? "" : ", resampled to " + rate + " Hz by libsamplerate");
    }

    /**
     * Opens a file for decoding into buffers at {@code rate}.
     *
     * @param path    the file
     * @param channel the channel to keep, or {@link WavSource#DOWNMIX}
     * @param rate    the rate to write at: the file's own (0), or another through libsamplerate
     * @param blockMs the block each {@link #writeBlock} decodes, in milliseconds of the file
     * @return the input
     * @throws NativeUnavailableException when libsndfile (or, to resample, libsamplerate) cannot be used
     * @throws IOException                when libsndfile cannot read the file, or the channel does not exist
     */
    public static SndfileInput open(Path path, int channel, int rate, int blockMs)
            throws NativeUnavailableException, IOException {
        Sndfile sndfile = Sndfile.load();
        Sndfile.SoundFile file = sndfile.open(path);
        try {
            if (file.channels() < 1 || file.sampleRate() <= 0) {
                throw new IOException("libsndfile reports " + file.channels() + " channel(s) at " + file.sampleRate()
                        + " Hz for '" + path + "'");
            }
            if (channel != WavSource.DOWNMIX && (channel < 0 || channel >= file.channels())) {
                throw new IOException("channel " + channel + " does not exist: the file has " + file.channels()
                        + " channel(s), numbered from 0");
            }
            return new SndfileInput(sndfile, file, channel, rate == 0 ? file.sampleRate() : rate, blockMs);
        } catch (IOException | NativeUnavailableException | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return file.channels();
    }

    @Override
    public long expectedFrames() {
        return file.frames() <= 0 ? -1 : Math.round(file.frames() * ((double) rate / file.sampleRate()));
    }

    @Override
    public String description() {
        return description;
    }

    @Override
    public int writeBlock(AudioRingBuffer buffer, Duration timeout) throws IOException {
        if (ended) {
            return -1;
        }
        int n = resampler == null ? decodeInto(buffer, timeout) : resampleInto(buffer, timeout);
        if (n < 0) {
            ended = true;
            truncation = shortOfHeader();
        }
        return n;
    }

    /** Without a resampler: decode (and downmix) into a claim of one block, committed as far as it was filled. */
    private int decodeInto(AudioRingBuffer buffer, Duration timeout) throws IOException {
        WriteClaim claim = buffer.claim(sourceBlock, true, timeout);
        if (claim == null) {
            int n = readSource(null, sourceBlock);
            rejected += Math.max(0, n);
            return n;
        }
        try (claim) {
            int n = readSource(claim.segment(), sourceBlock);
            if (n > 0) {
                count(claim, n);
                claim.commit(n);
            }
            return n;
        }
    }

    /** With a resampler: decode a block into {@code pending}, then convert into a claim. */
    private int resampleInto(AudioRingBuffer buffer, Duration timeout) throws IOException {
        if (!sourceEnded && pendingFrames < sourceBlock) {
            int n = readSource(pending.asSlice((long) pendingFrames * Float.BYTES), sourceBlock);
            if (n < 0) {
                sourceEnded = true;
            } else {
                pendingFrames += n;
            }
        }
        int room = resampler.outputBound(pendingFrames);
        WriteClaim claim = buffer.claim(room, true, timeout);
        if (claim == null) {
            int dropped = (int) Math.round(pendingFrames * resampler.ratio());
            rejected += dropped;
            pendingFrames = 0;
            return sourceEnded ? -1 : dropped;
        }
        try (claim) {
            resampler.process(pending, pendingFrames, claim.segment(), room, sourceEnded);
            int made = resampler.generated();
            count(claim, made);
            claim.commit(made);
            int left = pendingFrames - resampler.used();
            MemorySegment.copy(pending, (long) resampler.used() * Float.BYTES, pending, 0, (long) left * Float.BYTES);
            pendingFrames = left;
            return sourceEnded && made == 0 ? -1 : made;
        }
    }

    /**
     * Decodes up to one source block as mono into {@code target}, native memory of at least
     * {@code maxFrames} floats, or null to drop it. Mono goes straight into the target; more
     * channels go through the scratch and the downmix.
     *
     * @return frames decoded, -1 at the end
     */
    private int readSource(MemorySegment target, int maxFrames) throws IOException {
        int frames = Math.min(sourceBlock, maxFrames);
        boolean straight = target != null && file.channels() == 1;
        int n = file.read(straight ? target : scratch, frames);
        if (n == 0) {
            return -1;
        }
        sourceFrames += n;
        if (target != null && !straight) {
            downmix(n, target);
        }
        return n;
    }

    private void downmix(int frames, MemorySegment target) {
        int channels = file.channels();
        for (int f = 0; f < frames; f++) {
            long frame = (long) f * channels * Float.BYTES;
            float v;
            if (channel == WavSource.DOWNMIX) {
                double sum = 0;
                for (int c = 0; c < channels; c++) {
                    sum += scratch.get(JAVA_FLOAT, frame + (long) c * Float.BYTES);
                }
                v = (float) (sum / channels);
            } else {
                v = scratch.get(JAVA_FLOAT, frame + (long) channel * Float.BYTES);
            }
            target.set(JAVA_FLOAT, (long) f * Float.BYTES, v);
        }
    }

    private void count(WriteClaim claim, int frames) {
        if (claim.inPlace()) {
            inPlace += frames;
        }
    }

    /** {@return frames native code (or the downmix) wrote into the ring itself, not into claim scratch} */
    public long framesWrittenInPlace() {
        return inPlace;
    }

    @Override
    public long rejectedFrames() {
        return rejected;
    }

    @Override
    public Optional<String> truncation() {
        return truncation;
    }

    /**
     * Short of the header, two ways: fewer frames decoded than it promised (FLAC, Ogg), or, for
     * WAV-like files, whose frame count libsndfile cuts to what is there, a data chunk that its
     * log says is longer than the file. A length of 0 or 0xFFFFFFFF means "unknown" (a stream
     * written live), not a promise.
     */
    private Optional<String> shortOfHeader() {
        double decoded = (double) sourceFrames / file.sampleRate();
        if (sourceFrames < file.frames()) {
            return Optional.of(String.format(Locale.ROOT, "the header says %.3f s (%d frames), %.3f s decoded",
                    (double) file.frames() / file.sampleRate(), file.frames(), decoded));
        }
        Matcher data = SHORT_DATA_CHUNK.matcher(file.log());
        if (data.find()) {
            long declared = Long.parseLong(data.group(1));
            long present = Long.parseLong(data.group(2));
            if (declared > present && declared != 0xFFFF_FFFFL) {
                return Optional.of(String.format(Locale.ROOT, "the header says %d bytes of audio, the file holds %d;"
                        + " %.3f s decoded", declared, present, decoded));
            }
        }
        return Optional.empty();
    }

    @Override
    public void close() {
        try {
            file.close();
        } finally {
            try {
                if (resampler != null) {
                    resampler.close();
                }
            } finally {
                arena.close();
            }
        }
    }
}
