package io.cascade.examples;

import io.cascade.examples.natives.Jack;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.fail;

/**
 * A JACK server of the test's own (dummy driver, no sound hardware, not real-time) with a
 * metronome client as the source: one {@value #BEEP_MS} ms beep of 880 Hz a second, on port
 * {@value #PORT}. Closing stops both and waits for them.
 */
public final class JackServer implements AutoCloseable {
    /** The metronome's output port. */
    public static final String PORT = "metro:60_bpm";
    /** Each beep's length. */
    public static final int BEEP_MS = 300;

    private static final AtomicInteger COUNT = new AtomicInteger();

    private final String name;
    private final List<Process> processes = new ArrayList<>();

    private JackServer(String name) {
        this.name = name;
    }

    /**
     * Starts {@code jackd -d dummy} at {@code rate} with periods of {@code period} frames, then the metronome.
     *
     * @param rate   frames per second
     * @param period frames per period
     * @return the running server; close it
     * @throws Exception if jackd is missing (skipped, or failed under CI) or does not come up
     */
    public static JackServer start(int rate, int period) throws Exception {
        Natives.require("libjack", Jack::load);
        Natives.require("jackd", () -> {
            if (!Files.isExecutable(Path.of("/usr/bin/jackd"))) {
                throw new io.cascade.examples.natives.NativeUnavailableException(
                        "/usr/bin/jackd is not installed (apt-get install jackd2)");
            }
            return null;
        });
        JackServer s = new JackServer("cascade-test-" + ProcessHandle.current().pid() + "-" + COUNT.incrementAndGet());
        try {
            s.run("jackd", "--no-realtime", "-n", s.name, "-d", "dummy", "-r", Integer.toString(rate), "-p",
                    Integer.toString(period));
            s.await(List.of("jack_wait", "-s", s.name, "-w", "-t", "10"), "running");
            s.run("jack_metro", "-b", "60", "-D", Integer.toString(BEEP_MS), "-f", "880", "-A", "0.5", "-n", "metro");
            s.await(List.of("jack_lsp", "-s", s.name, PORT), PORT);
            return s;
        } catch (Exception | Error e) {
            s.close();
            throw e;
        }
    }

    /** {@return the server's name, for {@code --jack-server}} */
    public String name() {
        return name;
    }

    private void run(String... command) throws IOException {
        ProcessBuilder b = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(ProcessBuilder.Redirect.DISCARD);
        Map<String, String> env = b.environment();
        env.put("JACK_DEFAULT_SERVER", name);
        env.put("JACK_NO_AUDIO_RESERVATION", "1");
        processes.add(b.start());
    }

    /** Runs {@code command} until its output contains {@code expected}, for up to ten seconds. */
    private void await(List<String> command, String expected) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        String last = "";
        while (System.nanoTime() < deadline) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            last = new String(p.getInputStream().readAllBytes());
            p.waitFor();
            if (last.contains(expected)) {
                return;
            }
            Thread.sleep(100);
        }
        fail(String.join(" ", command) + " never printed '" + expected + "'; last: " + last);
    }

    @Override
    public void close() {
        for (int i = processes.size() - 1; i >= 0; i--) {
            Process p = processes.get(i);
            p.destroy();
            try {
                if (!p.waitFor(10, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                p.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
    }
}
