package io.cascade.examples;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferMetrics;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.locks.LockSupport;

/**
 * {@code cascade-vad}: a producer thread reads a WAV file (or the built-in speech sample) and
 * writes it into an {@link AudioRingBuffer} in blocks of 10 ms; a consumer thread takes
 * overlapped chunks (32 ms plus the buffer's optimal overlap) with the allocation-free
 * {@link AudioRingBuffer#tryGetChunkWithOverlap(int, int, ChunkView)} and runs an
 * {@link EnergyVad} on each, in place. Speech segments are printed as they close, then a summary.
 */
@Command(name = "cascade-vad", mixinStandardHelpOptions = true, version = "cascade-vad 0.1.0",
        sortOptions = false, usageHelpAutoWidth = true,
        description = {"Streams audio through a Cascade AudioRingBuffer and prints the speech segments"
                + " that an energy-based voice-activity detector finds in it.",
                "Without FILE it analyses a built-in recording of synthesized speech with pauses."},
        exitCodeListHeading = "Exit codes:%n",
        exitCodeList = {"0:done", "1:the input could not be read or decoded", "2:bad flags%n"})
public final class CascadeVad implements Callable<Integer> {
    static final String DEFAULT_INPUT = "default-speech.wav";

    @Parameters(arity = "0..1", paramLabel = "FILE", description = "WAV file: 8/16/24/32-bit PCM or float, any rate")
    private Path file;

    @Option(names = "--backend", paramLabel = "NAME", description = "buffer backend: ffm or heap (default: best available)")
    private String backend;

    @Option(names = "--policy", paramLabel = "POLICY", defaultValue = "BLOCK",
            description = "overflow policy: ${COMPLETION-CANDIDATES} (default: ${DEFAULT-VALUE})")
    private OverflowPolicy policy;

    @Option(names = "--capacity", paramLabel = "SECONDS", defaultValue = "2",
            description = "buffer capacity in seconds (default: ${DEFAULT-VALUE})")
    private int capacitySeconds;

    @Option(names = "--chunk-ms", paramLabel = "MS", defaultValue = "32",
            description = "chunk the detector advances by, in ms (default: ${DEFAULT-VALUE})")
    private int chunkMs;

    @Option(names = "--overlap", paramLabel = "SAMPLES",
            description = "overlap in samples after each chunk (default: the buffer's optimalOverlap)")
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

    private CascadeVad(PrintStream out) {
        this.out = out;
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
        CommandLine cli = new CommandLine(new CascadeVad(out));
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
        String name = file == null ? DEFAULT_INPUT + " (built-in)" : file.toString();
        InputStream stream;
        if (file == null) {
            stream = CascadeVad.class.getResourceAsStream(DEFAULT_INPUT);
            if (stream == null) {
                throw new IOException("the built-in input " + DEFAULT_INPUT + " is missing from the jar");
            }
        } else {
            try {
                stream = Files.newInputStream(file);
            } catch (NoSuchFileException e) {
                throw new IOException("cannot open '" + file + "': no such file", e);
            } catch (IOException e) {
                throw new IOException("cannot open '" + file + "': " + e.getMessage(), e);
            }
        }
        try (WavSource source = openSource(stream, name)) {
            return analyse(source, name);
        }
    }

    private WavSource openSource(InputStream stream, String name) throws IOException {
        try {
            return WavSource.open(stream, channel == null ? WavSource.DOWNMIX : channel);
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
    }

    private int analyse(WavSource source, String name) throws Exception {
        int rate = source.sampleRate();
        AudioConfig config = AudioConfig.mono(rate);
        AudioRingBuffer.Builder builder = AudioRingBuffer.builder(config).capacitySeconds(capacitySeconds)
                .overflowPolicy(policy).backend(backend);
        int chunk = Math.max(1, rate * chunkMs / 1000);
        int block = Math.max(1, rate * blockMs / 1000);
        List<EnergyVad.Segment> found = new ArrayList<>();
        try (AudioRingBuffer buffer = build(builder)) {
            int lap = overlap != null ? overlap : buffer.optimalOverlap(chunk);
            if ((long) chunk + lap > buffer.capacity()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "chunk of " + chunk + " + overlap of "
                        + lap + " samples does not fit the capacity of " + buffer.capacity() + " samples");
            }
            if (!json) {
                out.printf(Locale.ROOT, "cascade-vad: %s, %d Hz, %d channel(s)%s, chunks %d + %d samples, backend %s%n",
                        name, rate, source.channels(),
                        source.channels() > 1 ? (channel == null ? " averaged" : " using channel " + channel) : "",
                        chunk, lap, buffer.backend());
            }
            EnergyVad vad = new EnergyVad(rate, segment -> {
                found.add(segment);
                if (!json) {
                    out.printf(Locale.ROOT, "speech %8.3f s - %8.3f s  (%.3f s)%n", segment.startSeconds(),
                            segment.endSeconds(), segment.durationSeconds());
                }
            });
            Progress progress = Progress.forStream(source.totalFrames(), rate);
            AtomicLong produced = new AtomicLong();
            AtomicLong rejected = new AtomicLong();
            AtomicReference<Throwable> producerError = new AtomicReference<>();
            long start = System.nanoTime();
            Thread producer = Thread.ofPlatform().name("cascade-vad-producer").start(() -> {
                try {
                    produce(source, buffer, block, rate, produced, rejected);
                } catch (Throwable t) {
                    producerError.set(t);
                } finally {
                    produced.set(produced.get() | Long.MIN_VALUE);
                }
            });
            Consumed consumed = consume(buffer, vad, chunk, lap, produced, progress);
            producer.join();
            vad.finish();
            progress.done();
            long wall = System.nanoTime() - start;
            if (producerError.get() != null) {
                Throwable t = producerError.get();
                throw new IOException("reading '" + name + "' failed: " + t.getMessage(), t);
            }
            Summary summary = new Summary(name, rate, source.channels(), (double) consumed.samples / rate, wall / 1e9,
                    consumed.chunks, consumed.invalid, rejected.get(), buffer.metrics(), buffer.getBufferStatus());
            if (json) {
                out.println(Json.report(found, summary));
            } else {
                summary.print(out, found.size());
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

    private void produce(WavSource source, AudioRingBuffer buffer, int block, int rate, AtomicLong produced,
                         AtomicLong rejected) throws IOException {
        float[] samples = new float[block];
        float[] tail = null;
        long written = 0;
        long t0 = System.nanoTime();
        int n;
        while ((n = source.read(samples)) > 0) {
            float[] data = samples;
            if (n < block) {
                tail = tail == null || tail.length != n ? new float[n] : tail;
                System.arraycopy(samples, 0, tail, 0, n);
                data = tail;
            }
            if (realtime) {
                long due = t0 + (long) (written * 1e9 / rate);
                long wait = due - System.nanoTime();
                if (wait > 0) {
                    LockSupport.parkNanos(wait);
                }
            }
            if (!buffer.write(data, true, Duration.ofSeconds(30))) {
                rejected.addAndGet(n);
            }
            written += n;
            produced.set(written);
        }
    }

    private record Consumed(long samples, long chunks, long invalid) {
    }

    private static Consumed consume(AudioRingBuffer buffer, EnergyVad vad, int chunk, int lap, AtomicLong produced,
                                    Progress progress) {
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
                if (left == 0) {
                    return new Consumed(position, chunks, invalid);
                }
                if (buffer.tryGetChunkWithSmartOverlap(Math.min(chunk, left), lap, view)) {
                    position = analyse(vad, view, view.segment(), view.byteOffset(), position);
                    buffer.advanceReadPosition(view.chunkSize());
                    chunks++;
                }
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

    private static long analyse(EnergyVad vad, AudioChunk chunk, java.lang.foreign.MemorySegment memory,
                                long byteOffset, long expected) {
        if (chunk.startPosition() != expected) {
            vad.skipTo(chunk.startPosition());
        }
        vad.accept(memory, byteOffset, chunk.startPosition(), chunk.chunkSize(), chunk.overlapSize());
        return chunk.startPosition() + chunk.chunkSize();
    }

    /** What the run measured. */
    record Summary(String input, int sampleRate, int channels, double audioSeconds, double wallSeconds, long chunks,
                   long invalidChunks, long rejectedSamples, BufferMetrics metrics, BufferStatus status) {
        double realTimeFactor() {
            return audioSeconds == 0 ? 0 : wallSeconds / audioSeconds;
        }

        void print(PrintStream out, int segments) {
            out.printf(Locale.ROOT, "summary: %d speech segment(s) in %.3f s of audio%n", segments, audioSeconds);
            out.printf(Locale.ROOT, "  wall time %.3f s, real-time factor %.4f%n", wallSeconds, realTimeFactor());
            out.printf(Locale.ROOT, "  chunks %d, zero-copy rate %.3f, overwritten while analysed %d%n", chunks,
                    metrics.zeroCopyRate(), invalidChunks);
            out.printf(Locale.ROOT, "  overflows %d, dropped %d, rejected %d samples, peak fill %.1f %%%n",
                    status.overflowCount(), status.droppedSamples(), rejectedSamples, status.peakUsage() * 100);
            out.printf(Locale.ROOT, "  backend %s, %s%n", status.backend(),
                    status.mirrored() ? "mirrored (no chunk is ever copied)" : "not mirrored");
        }
    }
}
