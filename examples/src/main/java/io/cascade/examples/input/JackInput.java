package io.cascade.examples.input;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.WriteClaim;
import io.cascade.examples.natives.Jack;
import io.cascade.examples.natives.NativeUnavailableException;

import java.io.IOException;
import java.lang.foreign.MemorySegment;
import java.time.Duration;
import java.util.Locale;
import java.util.Optional;
import java.util.concurrent.locks.LockSupport;

/**
 * Live input from a JACK port: a client whose process callback, on JACK's real-time thread,
 * claims room for each period in the ring and copies the port's buffer into it, the one copy
 * from JACK's memory to ours. The callback never waits (the buffer's policy must be OVERWRITE or
 * REJECT), allocates nothing once warm, and catches everything: an exception escaping an upcall
 * would end the JVM. Before the client is activated the callback is rehearsed
 * ({@link Jack.Client#rehearse}) into a scratch buffer, so that the JIT has compiled all of it
 * before JACK's deadline applies.
 *
 * <p>{@link #writeBlock} runs on the program's producer thread only to report progress; the
 * callback does the writing.
 */
public final class JackInput implements AudioInput {
    /** Timings of the callback, in microseconds: one bucket each, the last for everything above. */
    private static final int TIMING_BUCKETS = 2048;
    private static final int WARM_UP_PERIODS = 20_000;

    private final Jack.Client client;
    private final MemorySegment port;
    private final String source;
    private final String portName;
    private final int rate;
    private final int period;
    private final long frameLimit;
    private final String server;

    /** The buffer the callback writes: the scratch one while rehearsing, then the real one. */
    private volatile AudioRingBuffer target;
    /** Written by the callback thread only; read by the producer thread. */
    private volatile long frames;
    private volatile long rejected;
    private volatile long errors;
    private volatile long xruns;
    private volatile String shutdown;
    private volatile Throwable firstError;
    /** JACK's thread as the JVM sees it, once the callback ran (for tests that watch its allocations). */
    private volatile Thread callbackThread;
    private final long[] timing = new long[TIMING_BUCKETS];
    private long maxNanos;

    private long reported;
    private boolean started;
    private boolean ended;

    private JackInput(Jack.Client client, MemorySegment port, String source, String portName, double seconds,
                      String server) {
        this.client = client;
        this.port = port;
        this.source = source;
        this.portName = portName;
        this.rate = client.sampleRate();
        this.period = client.bufferSize();
        this.frameLimit = Math.round(seconds * rate);
        this.server = server;
    }

    /**
     * Opens a client on a running server and checks the source port, without connecting yet.
     *
     * @param source  the output port to capture, {@code client:port}
     * @param server  the JACK server's name
     * @param seconds how long to capture
     * @return the input; close it
     * @throws NativeUnavailableException when libjack cannot be used
     * @throws IOException                when the server does not run, or the port is not an audio output
     */
    public static JackInput open(String source, String server, double seconds)
            throws NativeUnavailableException, IOException {
        Jack jack = Jack.load();
        Jack.Client client = jack.open("cascade-vad", server);
        try {
            client.requireSource(source);
            MemorySegment port = client.registerInput("in");
            JackInput input = new JackInput(client, port, source, client.portName(port), seconds, server);
            client.callbacks(input::process, input::xrun, input::serverGone);
            return input;
        } catch (IOException | RuntimeException e) {
            client.close();
            throw e;
        }
    }

    /** The real-time callback. */
    private int process(int n) {
        try {
            long t0 = System.nanoTime();
            // Stored on every period, not when unset: see the maximum in write.
            callbackThread = Thread.currentThread();
            long in = client.portBuffer(port, n);
            if (in == 0) {
                errors++;
                return 0;
            }
            write(target, in, n, t0);
        } catch (Throwable t) {
            if (firstError == null) {
                firstError = t;
            }
            errors++;
        }
        return 0;
    }

    /** One period into the ring: claimed, filled, committed; never waits. */
    private void write(AudioRingBuffer buffer, long in, int n, long t0) {
        WriteClaim claim = buffer.claim(n, false, null);
        if (claim == null) {
            rejected += n;
        } else {
            Jack.copyPeriod(in, claim);
            claim.commit();
        }
        frames += n;
        long nanos = System.nanoTime() - t0;
        timing[(int) Math.min(TIMING_BUCKETS - 1, nanos / 1000)]++;
        // Branch-free: the warm-up's figures are reset before the real run, and a branch the
        // warmed-up code never took (a new maximum) would deoptimise the callback on its first
        // real period, leaving it interpreted, and allocating, for the rest of the capture.
        maxNanos = Math.max(maxNanos, nanos);
    }

    private void xrun() {
        xruns++;
    }

    private void serverGone() {
        shutdown = "the JACK server '" + server + "' shut down";
    }

    @Override
    public int sampleRate() {
        return rate;
    }

    @Override
    public int channels() {
        return 1;
    }

    @Override
    public long expectedFrames() {
        return frameLimit;
    }

    /** {@return the client, its source, and once running what the callback did} */
    @Override
    public String description() {
        String base = String.format(Locale.ROOT, "JACK client %s on server '%s' from %s, %d Hz, %d frames a period",
                portName, server, source, rate, period);
        if (!started) {
            return base;
        }
        return base + String.format(Locale.ROOT, "; %d periods, callback p50 %s p99 %s max %.1f us, %d xruns,"
                + " %d callback errors", frames / Math.max(1, period), percentile(0.50), percentile(0.99),
                maxNanos / 1e3, xruns, errors);
    }

    /** Read after deactivation, or racily while running (a report, not a decision). */
    private String percentile(double q) {
        long total = 0;
        for (long c : timing) {
            total += c;
        }
        long want = (long) Math.ceil(total * q);
        long seen = 0;
        for (int i = 0; i < TIMING_BUCKETS; i++) {
            seen += timing[i];
            if (seen >= want && total > 0) {
                return i == TIMING_BUCKETS - 1 ? ">" + i + " us" : "<" + (i + 1) + " us";
            }
        }
        return "-";
    }

    /**
     * The first call warms the write path up, activates the client and connects the source; each
     * call then waits about a period and returns the frames the callback took since the last one.
     * After the capture time the client is deactivated and -1 returned.
     *
     * @throws IOException if the server goes away or the callback failed
     * @throws IllegalArgumentException if the buffer's policy is BLOCK, or its format is not mono at the server's rate
     */
    @Override
    public int writeBlock(AudioRingBuffer buffer, Duration timeout) throws IOException {
        if (ended) {
            return -1;
        }
        if (!started) {
            start(buffer);
        }
        LockSupport.parkNanos(period * 1_000_000_000L / rate);
        if (shutdown != null) {
            ended = true;
            throw new IOException(shutdown);
        }
        Throwable failure = firstError;
        if (failure != null) {
            client.deactivate();
            ended = true;
            throw new IOException("the JACK callback failed: " + failure, failure);
        }
        if (frames >= frameLimit) {
            client.deactivate();
            ended = true;
        }
        long now = frames;
        int n = (int) (now - reported);
        reported = now;
        return n == 0 && ended ? -1 : n;
    }

    private void start(AudioRingBuffer buffer) throws IOException {
        if (buffer.policy() == OverflowPolicy.BLOCK) {
            throw new IllegalArgumentException("JACK's real-time thread must never wait: the buffer's policy must be"
                    + " OVERWRITE or REJECT, not BLOCK");
        }
        AudioConfig config = buffer.config();
        if (config.channels() != 1 || config.sampleRate() != rate) {
            throw new IllegalArgumentException("the buffer takes " + config + ", the JACK port gives mono at " + rate
                    + " Hz");
        }
        warmUp(buffer);
        target = buffer;
        started = true;
        client.activate();
        client.connect(source, portName);
    }

    /**
     * Runs the callback as JACK will, into a scratch buffer like the real one, until the JIT has
     * compiled all of it; then forgets what it counted.
     */
    private void warmUp(AudioRingBuffer like) {
        try (AudioRingBuffer scratch = AudioRingBuffer.builder(like.config()).capacitySamples(like.capacity())
                .overflowPolicy(like.policy()).producers(like.producers()).backend(like.backend()).build()) {
            target = scratch;
            // Mostly as a consumer that keeps up leaves the ring (never full), every eighth round
            // past full: the JIT compiles from a profile of a short window, and a branch that the
            // window never saw taken deoptimises the callback on the first real period that takes it.
            int fits = Math.max(1, like.capacity() / period / 2);
            for (int i = 0, round = 0; i < WARM_UP_PERIODS; round++) {
                int periods = round % 8 == 7 ? 2 * fits + 8 : fits;
                client.rehearse(periods, period);
                scratch.advanceReadPosition(scratch.availableSamples());
                i += periods;
            }
        } finally {
            target = null;
        }
        frames = 0;
        rejected = 0;
        errors = 0;
        firstError = null;
        callbackThread = null;
        java.util.Arrays.fill(timing, 0);
        maxNanos = 0;
    }

    /** {@return the thread the callback runs on, once it has run} */
    Optional<Thread> callbackThread() {
        return Optional.ofNullable(callbackThread);
    }

    /** {@return periods in which the callback failed (counted, never thrown into JACK)} */
    public long callbackErrors() {
        return errors;
    }

    /** {@return xruns JACK reported} */
    public long xruns() {
        return xruns;
    }

    @Override
    public long rejectedFrames() {
        return rejected;
    }

    @Override
    public Optional<String> truncation() {
        return Optional.empty();
    }

    @Override
    public void close() {
        client.close();
    }
}
