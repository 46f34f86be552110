package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.modulepath.ModulePathProbe;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * Which backend a buffer gets, with both backends present: on the class path (this JVM, where
 * {@code META-INF/services} is what finds them) and on the module path (a child JVM, where the
 * {@code provides} clauses of {@code module-info} are).
 */
class BackendSelectionTest {
    private static final AudioConfig CONFIG = AudioConfig.mono(16_000);

    @AfterEach
    void clearProperty() {
        System.clearProperty("cascade.buffer.backend");
    }

    @Test
    void ffmIsChosenByDefault() {
        try (AudioRingBuffer b = AudioRingBuffer.create(CONFIG, 1)) {
            assertThat(b.backend()).isEqualTo("ffm");
            assertThat(b.getBufferStatus().backend()).isEqualTo("ffm");
        }
    }

    @Test
    void builderNamesTheBackend() {
        try (AudioRingBuffer b = AudioRingBuffer.builder(CONFIG).backend("heap").build()) {
            assertThat(b.backend()).isEqualTo("heap");
        }
    }

    @Test
    void systemPropertyNamesTheBackendAndTheBuilderWins() {
        System.setProperty("cascade.buffer.backend", "heap");
        try (AudioRingBuffer b = AudioRingBuffer.create(CONFIG, 1);
             AudioRingBuffer named = AudioRingBuffer.builder(CONFIG).backend("ffm").build()) {
            assertThat(b.backend()).isEqualTo("heap");
            assertThat(named.backend()).isEqualTo("ffm");
        }
    }

    @Test
    void unknownNameListsTheAvailableBackends() {
        assertThatThrownBy(() -> AudioRingBuffer.builder(CONFIG).backend("gpu").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("'gpu'").hasMessageContaining("[ffm, heap]");
        System.setProperty("cascade.buffer.backend", "nope");
        assertThatThrownBy(() -> AudioRingBuffer.create(CONFIG, 1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("system property cascade.buffer.backend").hasMessageContaining("[ffm, heap]");
    }

    @Test
    void modulePathFindsBothProvidersThroughModuleInfo() throws Exception {
        List<String> classPath = Arrays.asList(System.getProperty("java.class.path").split(File.pathSeparator));
        List<String> modules = new ArrayList<>();
        for (String entry : classPath) {
            Path p = Path.of(entry);
            String s = p.toString();
            boolean api = s.contains("buffer-api") && !s.contains("tests") && !s.contains("test-classes");
            boolean heap = s.contains("buffer-heap") && !s.contains("test-classes");
            boolean ffm = s.endsWith(Path.of("buffer-ffm", "target", "classes").toString());
            if (api || heap || ffm) {
                modules.add(s);
            }
        }
        assertThat(modules).as("api, heap and ffm on %s", classPath).hasSize(3);
        String testClasses = classPath.stream().filter(e -> e.endsWith("test-classes")).findFirst().orElseThrow();
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        for (String backend : new String[] {"", "heap"}) {
            List<String> command = new ArrayList<>(List.of(java, "--module-path", String.join(File.pathSeparator, modules),
                    "--add-modules", "io.cascade.buffer.ffm,io.cascade.buffer.heap", "-cp", testClasses));
            if (!backend.isEmpty()) {
                command.add("-Dcascade.buffer.backend=" + backend);
            }
            command.add(ModulePathProbe.class.getName());
            Process process = new ProcessBuilder(command).redirectErrorStream(true).start();
            String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            assertThat(process.waitFor(60, TimeUnit.SECONDS)).isTrue();
            assertThat(process.exitValue()).as(output).isZero();
            String expected = backend.isEmpty() ? "ffm" : "heap";
            assertThat(output).contains("engine module: io.cascade.buffer")
                    .contains("chosen: " + expected + " from module io.cascade.buffer." + expected)
                    .contains("providers: ffm@io.cascade.buffer.ffm,heap@io.cascade.buffer.heap");
        }
    }
}
