package io.cascade.buffer.ffm;

import io.cascade.modulepath.ModulePathProbe;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Child JVMs with and without native access: mirrored only when it is enabled, a working plain
 * fallback with the reason otherwise, and never a JDK warning about restricted methods (even
 * with {@code --illegal-native-access=deny}, which would turn any restricted call into an error).
 */
class NativeAccessFallbackTest {

    record Run(String out, String err, int exit) {
    }

    private static Run run(List<String> jvmArgs) throws Exception {
        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.addAll(jvmArgs);
        command.add(ModulePathProbe.class.getName());
        Process p = new ProcessBuilder(command).start();
        String err = new String(p.getErrorStream().readAllBytes(), StandardCharsets.UTF_8);
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(out, err, p.exitValue());
    }

    private static List<String> classPath() {
        return List.of("-cp", System.getProperty("java.class.path"));
    }

    private static List<String> modulePath() {
        List<String> entries = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> modules = entries.stream().filter(e -> (e.contains("buffer-api") && !e.contains("tests")
                        && !e.contains("test-classes")) || (e.contains("buffer-heap") && !e.contains("test-classes"))
                        || e.endsWith(Path.of("buffer-ffm", "target", "classes").toString())).toList();
        String testClasses = entries.stream().filter(e -> e.endsWith("test-classes")).findFirst().orElseThrow();
        return List.of("--module-path", String.join(File.pathSeparator, modules), "--add-modules",
                "io.cascade.buffer.ffm,io.cascade.buffer.heap", "-cp", testClasses);
    }

    @Test
    void classPathWithoutNativeAccessFallsBackSilently() throws Exception {
        for (List<String> extra : List.of(List.<String>of(), List.of("--illegal-native-access=deny"))) {
            List<String> args = new ArrayList<>(extra);
            args.addAll(classPath());
            Run r = run(args);
            assertThat(r.exit()).as(r.out() + r.err()).isZero();
            assertThat(r.err()).as("stderr").doesNotContain("WARNING").doesNotContain("restricted");
            assertThat(r.out()).contains("chosen: ffm", "mirrored: false", "issues: []")
                    .contains("Storage is not mirrored: native access is not enabled for the class path")
                    .contains("--enable-native-access=ALL-UNNAMED");
        }
    }

    @Test
    void classPathWithNativeAccessIsMirrored() throws Exception {
        List<String> args = new ArrayList<>(List.of("--enable-native-access=ALL-UNNAMED"));
        args.addAll(classPath());
        Run r = run(args);
        assertThat(r.exit()).as(r.out() + r.err()).isZero();
        assertThat(r.err()).doesNotContain("WARNING");
        assertThat(r.out()).contains("mirrored: true", "zero-copy rate: 1.0", "warnings: [", "issues: []")
                .doesNotContain("not mirrored");
    }

    @Test
    void modulePathNeedsTheFlagForTheBackendModule() throws Exception {
        Run without = run(modulePath());
        assertThat(without.exit()).as(without.out() + without.err()).isZero();
        assertThat(without.err()).doesNotContain("WARNING");
        assertThat(without.out()).contains("mirrored: false", "module io.cascade.buffer.ffm",
                "--enable-native-access=io.cascade.buffer.ffm");
        List<String> args = new ArrayList<>(List.of("--enable-native-access=io.cascade.buffer.ffm"));
        args.addAll(modulePath());
        Run with = run(args);
        assertThat(with.exit()).as(with.out() + with.err()).isZero();
        assertThat(with.err()).doesNotContain("WARNING");
        assertThat(with.out()).contains("mirrored: true");
    }
}
