package io.cascade.benchmarks;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Builds the C side of the cross-process benchmarks with {@code cc}, from sources the jar
 * carries ({@code c/cascade_ring.h} from buffer-ffm, the programs from {@code benchmarks/src/main/c}),
 * into a fresh directory, so a benchmark run needs nothing but the jar and a C compiler.
 */
final class NativeBuild {
    private NativeBuild() {
    }

    /**
     * Compiles {@code source} (a resource under {@code c/}) with the header beside it.
     *
     * @param source the C file's name
     * @param shared whether to build a shared library instead of a program
     * @return the built file; its directory is removed when the JVM exits
     */
    static Path build(String source, boolean shared) throws IOException, InterruptedException {
        Path dir = Files.createTempDirectory("cascade-bench-c");
        dir.toFile().deleteOnExit();
        for (String name : List.of("cascade_ring.h", source)) {
            try (InputStream in = NativeBuild.class.getResourceAsStream("/c/" + name)) {
                if (in == null) {
                    throw new IllegalStateException("c/" + name + " is not in the benchmarks jar");
                }
                Path copy = dir.resolve(name);
                Files.copy(in, copy);
                copy.toFile().deleteOnExit();
            }
        }
        Path out = dir.resolve(shared ? "lib" + source.replace(".c", ".so") : source.replace(".c", ""));
        List<String> command = new ArrayList<>(List.of("cc", "-std=c11", "-D_DEFAULT_SOURCE", "-O2", "-Wall",
                "-Werror", "-I", dir.toString(), "-o", out.toString(), dir.resolve(source).toString()));
        if (shared) {
            command.addAll(List.of("-shared", "-fPIC"));
        }
        Process cc = new ProcessBuilder(command).redirectErrorStream(true).start();
        String printed = new String(cc.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        if (!cc.waitFor(60, TimeUnit.SECONDS) || cc.exitValue() != 0) {
            throw new IllegalStateException("cc " + source + " failed: " + printed);
        }
        out.toFile().deleteOnExit();
        return out;
    }

    /** A directory for ring files: {@code /dev/shm} where there is one (memory, as in production), else the temp dir. */
    static Path ringDirectory() throws IOException {
        Path shm = Path.of("/dev/shm");
        Path dir = Files.isDirectory(shm) && Files.isWritable(shm) ? Files.createTempDirectory(shm, "cascade-bench")
                : Files.createTempDirectory("cascade-bench");
        dir.toFile().deleteOnExit();
        return dir;
    }
}
