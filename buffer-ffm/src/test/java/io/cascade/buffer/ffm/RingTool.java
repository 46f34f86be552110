package io.cascade.buffer.ffm;

import org.junit.jupiter.api.Assumptions;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.junit.jupiter.api.Assertions.fail;

/**
 * {@code src/test/c/ring_tool.c}, the native producer and consumer of the cross-process tests,
 * built once per test JVM with {@code cc} from {@code cascade_ring.h} alone, as strict C11.
 * Without a C compiler the tests that need it are skipped, except where
 * {@code CASCADE_REQUIRE_NATIVE=1} (CI) makes that a failure.
 */
final class RingTool {
    private static final Path SOURCE = Path.of("src", "test", "c", "ring_tool.c");
    private static final Path HEADERS = Path.of("src", "main", "c");
    private static final Path BINARY = Path.of("target", "ring_tool");
    private static final boolean REQUIRED = "1".equals(System.getenv("CASCADE_REQUIRE_NATIVE"));
    private static String buildError;
    private static boolean built;

    private RingTool() {
    }

    /** The built binary; skips (or, where required, fails) the test when it cannot be built. */
    static synchronized Path binary() {
        if (!built && buildError == null) {
            buildError = build();
            built = buildError == null;
        }
        if (buildError != null) {
            if (REQUIRED) {
                fail("ring_tool is required here (CASCADE_REQUIRE_NATIVE=1) but did not build: " + buildError);
            }
            // Not a switched-off test: a machine without a C compiler cannot run the native side.
            Assumptions.abort("ring_tool did not build: " + buildError);
        }
        return BINARY.toAbsolutePath();
    }

    private static String build() {
        try {
            Files.createDirectories(BINARY.getParent());
            Process p = new ProcessBuilder("cc", "-std=c11", "-D_DEFAULT_SOURCE", "-O2", "-Wall", "-Wextra", "-Werror",
                    "-pedantic", "-I", HEADERS.toString(), "-o", BINARY.toString(), SOURCE.toString())
                    .redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                return "cc failed: " + out;
            }
            return null;
        } catch (IOException e) {
            return "no C compiler: " + e.getMessage();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "interrupted";
        }
    }

    /** Starts {@code ring_tool args...}; stderr goes to stdout. */
    static Process start(Object... args) throws IOException {
        List<String> command = new ArrayList<>();
        command.add(binary().toString());
        for (Object a : args) {
            command.add(a.toString());
        }
        return new ProcessBuilder(command).redirectErrorStream(true).start();
    }

    /** Runs {@code ring_tool args...} to its end. */
    static Result run(Object... args) throws Exception {
        return Result.of(start(args));
    }

    /** What a run printed and how it ended. */
    record Result(String out, int exit) {
        static Result of(Process p) throws Exception {
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            if (!p.waitFor(120, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                fail("ring_tool did not end: " + out);
            }
            return new Result(out, p.exitValue());
        }
    }
}
