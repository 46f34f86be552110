package io.cascade.examples;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferMetrics;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import io.cascade.examples.input.AudioInput;
import io.cascade.examples.input.JackInput;
import io.cascade.examples.input.SndfileInput;
import io.cascade.examples.input.WavSource;
import io.cascade.examples.natives.NativeUnavailableException;
import io.cascade.examples.vad.EnergyVad;
import io.cascade.examples.vad.Segment;
import io.cascade.examples.vad.SileroModel;
import io.cascade.examples.vad.SileroVad;
import io.cascade.examples.vad.VoiceDetector;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.lang.foreign.MemorySegment;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Consumer;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code cascade-vad}: a producer thread decodes a sound file (or the built-in speech sample)
 * into an {@link AudioRingBuffer} in blocks of 10 ms; a consumer thread takes overlapped chunks
 * with the allocation-free {@link AudioRingBuffer#tryGetChunkWithOverlap(int, int, ChunkView)}
 * and runs a {@link VoiceDetector} on each, in place. Speech segments are printed as they close,
 * then a summary.
 *
 * <p>The components are chosen by what the machine has, and the run says which it took: the
 * Silero VAD on ONNX Runtime when its model is in the cache (else the energy detector), libsndfile
 * (with libsamplerate to reach the model's 16 kHz) for files when installed (else the Java WAV
 * decoder). {@code --vad} and {@code --decoder} ask for one, and fail with the reason when it
 * cannot be had.
 */
@Command(name = "cascade-vad", mixinStandardHelpOptions = true, version = "cascade-vad 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Streams audio through a Cascade AudioRingBuffer and prints the speech segments"
                + " that a voice-activity detector finds in it.",
                "Without FILE it analyses a built-in recording of synthesized speech with pauses."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the input, the model or a native library could not be had or read",
                "2:bad flags", "3:the input was shorter than its header said; analysed as far as it goes%n"})
public final class CascadeVad implements Callable<Integer> {
    static final String DEFAULT_INPUT = "default-speech.wav";
    static final int TRUNCATED = 3;

    /** The voice-activity detectors. */
    enum Detector { auto, silero, energy }

    /** The decoders for files. */
    enum Decoder { auto, sndfile, java }

    @Parameters(arity = "0..1", paramLabel = "FILE",
            description = "sound file: what libsndfile reads (WAV, FLAC, OGG, AIFF...), else WAV PCM or float")
    private Path file;

    @Option(names = "--vad", paramLabel = "NAME", defaultValue = "auto",
            description = "detector: silero, energy, or auto: silero where its model and ONNX Runtime load"
                    + " (default: ${DEFAULT-VALUE})")
    private Detector vad;

    @Option(names = "--model", paramLabel = "PATH",
            description = "the Silero VAD model (default: $CASCADE_SILERO_MODEL, else the cache that"
                    + " examples/tools/setup-native.sh fills)")
    private Path model;

    @Option(names = "--decoder", paramLabel = "NAME", defaultValue = "auto",
            description = "decoder for FILE: sndfile, java, or auto: libsndfile where installed"
                    + " (default: ${DEFAULT-VALUE})")
    private Decoder decoder;

    @Option(names = "--backend", paramLabel = "NAME", description = "buffer backend: ffm or heap (default: best available)")
    private String backend;

    @Option(names = "--jack", paramLabel = "PORT",
            description = "capture live from this JACK output port (client:port) instead of a file")
    private String jack;

    @Option(names = "--jack-server", paramLabel = "NAME",
            description = "the JACK server to use (default: $JACK_DEFAULT_SERVER, else default)")
    private String jackServer;

    @Option(names = "--seconds", paramLabel = "S", defaultValue = "10",
            description = "with --jack: how long to capture (default: ${DEFAULT-VALUE})")
    private double seconds;

    @Option(names = "--policy", paramLabel = "POLICY",
            description = "overflow policy: ${COMPLETION-CANDIDATES} (default: BLOCK for files, OVERWRITE for --jack,"
                    + " whose real-time thread must never wait)")
    private OverflowPolicy policy;

    @Option(names = "--capacity", paramLabel = "SECONDS", defaultValue = "2",
            description = "buffer capacity in seconds (default: ${DEFAULT-VALUE})")
    private int capacitySeconds;

    @Option(names = "--chunk-ms", paramLabel = "MS", defaultValue = "32",
            description = "chunk the detector advances by, in ms (default: ${DEFAULT-VALUE}, which Silero needs)")
    private int chunkMs;

    @Option(names = "--overlap", paramLabel = "SAMPLES",
            description = "overlap in samples after each chunk (default: 64 for Silero, else the buffer's"
                    + " optimalOverlap)")
    private Integer overlap;

    @Option(names = "--block-ms", paramLabel = "MS", defaultValue = "10",
            description = "block the producer writes, in ms (default: ${DEFAULT-VALUE})")
    private int blockMs;

    @Option(names = "--channel", paramLabel = "N",
            description = "channel to analyse, from 0 (default: average of all channels)")
    private Integer channel;

    @Option(names = "--realtime", description = "pace the producer at the audio's own rate")
    private boolean realtime;

    @Option(names = "--json", description = "write segments and summary as JSON on stdout")
    private boolean json;

    @CommandLine.Spec
    private CommandLine.Model.CommandSpec spec;

    private final PrintStream out;
    private final PrintStream err;

    private CascadeVad(PrintStream out, PrintStream err) {
        this.out = out;
        this.err = err;
    }

    /**
     * Runs the demo.
     *
     * @param args flags and an optional file; {@code --help} lists them
     */
    public static void main(String[] args) {
        System.exit(run(args, System.out, System.err));
    }

    /**
     * Runs the demo with the given streams (for tests).
     *
     * @param args flags and an optional file
     * @param out  where segments and the summary go
     * @param err  where errors and progress go
     * @return the exit code
     */
    public static int run(String[] args, PrintStream out, PrintStream err) {
        CommandLine cli = new CommandLine(new CascadeVad(out, err));
        cli.setOut(new java.io.PrintWriter(out, true));
        cli.setErr(new java.io.PrintWriter(err, true));
        cli.setCaseInsensitiveEnumValuesAllowed(true);
        cli.setParameterExceptionHandler((e, args1) -> {
            err.println("cascade-vad: " + e.getMessage());
            err.println("Try 'cascade-vad --help' for the flags.");
            return 2;
        });
        cli.setExecutionExceptionHandler((e, commandLine, parseResult) -> {
            err.println("cascade-vad: " + e.getMessage());
            return 1;
        });
        return cli.execute(args);
    }

    @Override
    public Integer call() throws Exception {
        validate();
        List<String> notes = new ArrayList<>();
        List<Segment> found = new ArrayList<>();
        Consumer<Segment> sink = segment -> {
            found.add(segment);
            if (!json) {
                out.printf(Locale.ROOT, "speech %8.3f s - %8.3f s  (%.3f s)%n", segment.startSeconds(),
                        segment.endSeconds(), segment.durationSeconds());
            }
        };
        SileroVad silero = openSilero(sink, notes);
        try (AudioInput input = openInput(silero != null, notes)) {
            if (silero != null && input.sampleRate() != SileroVad.SAMPLE_RATE) {
                // Only the Java decoder and JACK, which do not resample, get here.
                String reason = "the Silero VAD runs at 16 kHz and the input is " + input.sampleRate()
                        + " Hz: only files through libsndfile are resampled";
                if (vad == Detector.silero) {
                    throw new NativeUnavailableException(reason);
                }
                notes.add(reason);
                silero.close();
                silero = null;
            }
            return analyse(input, silero, sink, found, notes);
        } finally {
            if (silero != null) {
                silero.close();
            }
        }
    }

    /**
     * The Silero detector, or null for the energy one: asked for by {@code --vad}, or by default
     * when the model, ONNX Runtime and native access are all here and the chunking fits it.
     */
    private SileroVad openSilero(Consumer<Segment> sink, List<String> notes) throws NativeUnavailableException {
        if (vad == Detector.energy) {
            return null;
        }
        boolean fits = chunkMs == 32 && (overlap == null || overlap == SileroVad.CONTEXT);
        if (!fits) {
            if (vad == Detector.silero) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--vad silero takes chunks of 32 ms"
                        + " (512 samples at 16 kHz) with an overlap of " + SileroVad.CONTEXT
                        + " samples: leave --chunk-ms and --overlap unset");
            }
            notes.add("--chunk-ms/--overlap do not fit the Silero VAD (32 ms + " + SileroVad.CONTEXT + " samples)");
            return null;
        }
        try {
            return SileroVad.open(model != null ? model : SileroModel.defaultPath(), sink);
        } catch (NativeUnavailableException e) {
            if (vad == Detector.silero) {
                throw e;
            }
            notes.add(e.getMessage());
            return null;
        }
    }

    /** The input: a JACK port, the built-in recording, or a file through the Java decoder or libsndfile. */
    private AudioInput openInput(boolean silero, List<String> notes) throws IOException, NativeUnavailableException {
        if (jack != null) {
            String server = jackServer != null ? jackServer : System.getenv().getOrDefault("JACK_DEFAULT_SERVER",
                    "default");
            return JackInput.open(jack, server, seconds);
        }
        int pick = channel == null ? WavSource.DOWNMIX : channel;
        if (file == null) {
            return openJava(CascadeVad.class.getResourceAsStream(DEFAULT_INPUT), DEFAULT_INPUT + " (built-in)", pick);
        }
        if (!Files.isReadable(file)) {
            throw new IOException("cannot open '" + file + "': " + (Files.exists(file) ? "not readable" : "no such file"));
        }
        if (decoder != Decoder.java) {
            try {
                return SndfileInput.open(file, pick, silero ? SileroVad.SAMPLE_RATE : 0, blockMs);
            } catch (NativeUnavailableException e) {
                if (decoder == Decoder.sndfile) {
                    throw e;
                }
                notes.add("libsndfile is not used: " + e.getMessage());
            } catch (IOException e) {
                throw new IOException("cannot decode '" + file + "': " + e.getMessage(), e);
            }
        }
        return openJava(Files.newInputStream(file), file.toString(), pick);
    }

    private AudioInput openJava(InputStream stream, String name, int pick) throws IOException {
        if (stream == null) {
            throw new IOException("the built-in input " + DEFAULT_INPUT + " is missing from the jar");
        }
        try {
            return WavSource.open(stream, pick, blockMs);
        } catch (IOException e) {
            stream.close();
            throw new IOException("cannot decode '" + name + "': " + e.getMessage(), e);
        }
    }

    private void validate() {
        CommandLine cl = spec.commandLine();
        if (capacitySeconds <= 0) {
            throw new CommandLine.ParameterException(cl, "--capacity must be > 0 seconds, was " + capacitySeconds);
        }
        if (chunkMs <= 0) {
            throw new CommandLine.ParameterException(cl, "--chunk-ms must be > 0, was " + chunkMs);
        }
        if (blockMs <= 0) {
            throw new CommandLine.ParameterException(cl, "--block-ms must be > 0, was " + blockMs);
        }
        if (overlap != null && overlap < 0) {
            throw new CommandLine.ParameterException(cl, "--overlap must be >= 0 samples, was " + overlap);
        }
        if (channel != null && channel < 0) {
            throw new CommandLine.ParameterException(cl, "--channel must be >= 0, was " + channel);
        }
        if (jack != null) {
            if (file != null) {
                throw new CommandLine.ParameterException(cl, "give FILE or --jack PORT, not both");
            }
            if (policy == OverflowPolicy.BLOCK) {
                throw new CommandLine.ParameterException(cl, "--jack writes from JACK's real-time thread, which must"
                        + " never wait: use --policy OVERWRITE or REJECT");
            }
            if (!(seconds > 0)) {
                throw new CommandLine.ParameterException(cl, "--seconds must be > 0, was " + seconds);
            }
        }
    }

    private int analyse(AudioInput input, SileroVad silero, Consumer<Segment> sink, List<Segment> found,
                        List<String> notes) throws Exception {
        String name = jack != null ? "JACK port " + jack : file == null ? DEFAULT_INPUT + " (built-in)" : file.toString();
        int rate = input.sampleRate();
        AudioConfig config = AudioConfig.mono(rate);
        // JACK's thread is the one producer; its claims then skip the multi-producer handshake.
        AudioRingBuffer.Builder builder = AudioRingBuffer.builder(config).capacitySeconds(capacitySeconds)
                .overflowPolicy(policy != null ? policy : jack != null ? OverflowPolicy.OVERWRITE : OverflowPolicy.BLOCK)
                .producers(jack != null ? ProducerMode.SINGLE : ProducerMode.MULTI).backend(backend);
        int chunk = silero != null ? SileroVad.WINDOW : Math.max(1, rate * chunkMs / 1000);
        VoiceDetector detector = silero != null ? silero : new EnergyVad(rate, sink);
        String detectorName = silero != null ? "Silero VAD v5 on ONNX Runtime" : "energy detector";
        try (AudioRingBuffer buffer = build(builder)) {
            int lap = silero != null ? SileroVad.CONTEXT : overlap != null ? overlap : buffer.optimalOverlap(chunk);
            if ((long) chunk + lap > buffer.capacity()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "chunk of " + chunk + " + overlap of "
                        + lap + " samples does not fit the capacity of " + buffer.capacity() + " samples");
            }
            if (!json) {
                out.printf(Locale.ROOT, "cascade-vad: %s, %d Hz, %d channel(s)%s, chunks %d + %d samples, backend %s%n",
                        name, rate, input.channels(),
                        input.channels() > 1 ? (channel == null ? " averaged" : " using channel " + channel) : "",
                        chunk, lap, buffer.backend());
                out.println("input: " + input.description());
                out.println("detector: " + detectorName);
                for (String note : notes) {
                    out.println("  (" + note + ")");
                }
            }
            Progress progress = Progress.forStream(input.expectedFrames(), rate);
            AtomicLong produced = new AtomicLong();
            AtomicReference<Throwable> producerError = new AtomicReference<>();
            long start = System.nanoTime();
            Thread producer = Thread.ofPlatform().name("cascade-vad-producer").start(() -> {
                try {
                    produce(input, buffer, rate, produced);
                } catch (Throwable t) {
                    producerError.set(t);
                } finally {
                    produced.set(produced.get() | Long.MIN_VALUE);
                }
            });
            // A waiting reader makes each write signal it (a lock and a futex call); JACK's thread must not
            // pay that, so against it the reader polls, a quarter chunk apart, and nobody ever signals.
            Duration poll = jack == null ? null : Duration.ofNanos(chunk * 1_000_000_000L / rate / 4);
            Consumed consumed = consume(buffer, detector, silero == null, chunk, lap, produced, progress, poll);
            producer.join();
            detector.finish();
            progress.done();
            long wall = System.nanoTime() - start;
            if (producerError.get() != null) {
                Throwable t = producerError.get();
                throw new IOException("reading '" + name + "' failed: " + t.getMessage(), t);
            }
            long frames = produced.get() & Long.MAX_VALUE;
            String detail = silero == null ? "" : String.format(Locale.ROOT, ", %d windows, %d read in place",
                    silero.windows(), silero.windowsInPlace());
            Optional<String> truncated = input.truncation();
            Summary summary = new Summary(name, rate, input.channels(), (double) frames / rate, wall / 1e9,
                    consumed.chunks, consumed.invalid, input.rejectedFrames(), input.description(),
                    detectorName + detail, notes, truncated.orElse(null), buffer.metrics(), buffer.getBufferStatus());
            if (json) {
                out.println(Json.report(found, summary));
            } else {
                summary.print(out, found.size());
            }
            if (truncated.isPresent()) {
                err.println("cascade-vad: '" + name + "' is truncated: " + truncated.get()
                        + "; analysed as far as it goes");
                return TRUNCATED;
            }
        }
        return 0;
    }

    private AudioRingBuffer build(AudioRingBuffer.Builder builder) {
        try {
            return builder.build();
        } catch (IllegalArgumentException e) {
            throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
    }

    private void produce(AudioInput input, AudioRingBuffer buffer, int rate, AtomicLong produced) throws IOException {
        long written = 0;
        long t0 = System.nanoTime();
        int n;
        while ((n = input.writeBlock(buffer, Duration.ofSeconds(30))) >= 0) {
            written += n;
            produced.set(written);
            if (realtime && jack == null) {
                long wait = t0 + (long) (written * 1e9 / rate) - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
        }
    }

    private record Consumed(long chunks, long invalid) {
    }

    /**
     * Feeds the detector whole chunks while the producer runs, then what is left: shorter chunks
     * where the detector takes them ({@code shortTail}), else the tail stays unscored. Between
     * chunks it waits on the buffer, or with a {@code poll} interval sleeps that long instead.
     */
    private static Consumed consume(AudioRingBuffer buffer, VoiceDetector vad, boolean shortTail, int chunk, int lap,
                                    AtomicLong produced, Progress progress, Duration poll) {
        ChunkView view = buffer.newChunkView();
        long chunks = 0;
        long invalid = 0;
        long position = 0;
        for (;;) {
            if (buffer.tryGetChunkWithOverlap(chunk, lap, view)) {
                position = analyse(vad, view, view.segment(), view.byteOffset(), position);
                if (!view.isValid()) {
                    invalid++;
                }
                buffer.advanceReadPosition(view.chunkSize());
                chunks++;
                progress.update(view.startPosition() + view.chunkSize());
                continue;
            }
            if (produced.get() < 0) {
                // The producer is done: what is left is shorter than a whole window.
                int left = buffer.availableSamples();
                if (left == 0 || !shortTail) {
                    return new Consumed(chunks, invalid);
                }
                if (buffer.tryGetChunkWithSmartOverlap(Math.min(chunk, left), lap, view)) {
                    position = analyse(vad, view, view.segment(), view.byteOffset(), position);
                    buffer.advanceReadPosition(view.chunkSize());
                    chunks++;
                }
                continue;
            }
            if (poll != null) {
                LockSupport.parkNanos(poll.toNanos());
                continue;
            }
            Optional<AudioChunk> c = buffer.awaitChunk(chunk, lap, Duration.ofMillis(20));
            if (c.isPresent()) {
                AudioChunk got = c.get();
                position = analyse(vad, got, got.data(), 0, position);
                if (!got.isValid()) {
                    invalid++;
                }
                buffer.advanceReadPosition(got.chunkSize());
                chunks++;
                progress.update(got.startPosition() + got.chunkSize());
            }
        }
    }

    private static long analyse(VoiceDetector vad, AudioChunk chunk, MemorySegment memory, long byteOffset,
                                long expected) {
        if (chunk.startPosition() != expected) {
            vad.skipTo(chunk.startPosition());
        }
        vad.accept(memory, byteOffset, chunk.startPosition(), chunk.chunkSize(), chunk.overlapSize());
        return chunk.startPosition() + chunk.chunkSize();
    }

    /** What the run measured. */
    record Summary(String input, int sampleRate, int channels, double audioSeconds, double wallSeconds, long chunks,
                   long invalidChunks, long rejectedSamples, String decoder, String detector, List<String> notes,
                   String truncated, BufferMetrics metrics, BufferStatus status) {
        double realTimeFactor() {
            return audioSeconds == 0 ? 0 : wallSeconds / audioSeconds;
        }

        void print(PrintStream out, int segments) {
            out.printf(Locale.ROOT, "summary: %d speech segment(s) in %.3f s of audio%s%n", segments, audioSeconds,
                    truncated == null ? "" : " (truncated input)");
            out.printf(Locale.ROOT, "  wall time %.3f s, real-time factor %.4f%n", wallSeconds, realTimeFactor());
            out.printf(Locale.ROOT, "  chunks %d, zero-copy rate %.3f, overwritten while analysed %d%n", chunks,
                    metrics.zeroCopyRate(), invalidChunks);
            out.printf(Locale.ROOT, "  overflows %d, dropped %d, rejected %d samples, peak fill %.1f %%%n",
                    status.overflowCount(), status.droppedSamples(), rejectedSamples, status.peakUsage() * 100);
            out.printf(Locale.ROOT, "  backend %s, %s%n", status.backend(),
                    status.mirrored() ? "mirrored (no chunk is ever copied)" : "not mirrored");
            out.println("  input " + decoder);
            out.println("  detector " + detector);
            if (truncated != null) {
                out.println("  truncated: " + truncated);
            }
        }
    }
}
