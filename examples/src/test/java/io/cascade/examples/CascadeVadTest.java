package io.cascade.examples;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioFormat;
import java.io.ByteArrayOutputStream;
import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The whole program: as a separate process on the built-in input and on WAV files, and its errors. */
class CascadeVadTest {

    record Run(int exit, String out, String err) {
    }

    /** Runs cascade-vad in a child JVM, as a user would (class path of this test, native access on). */
    private static Run process(String... args) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "--enable-native-access=ALL-UNNAMED", "-cp", System.getProperty("java.class.path"),
                CascadeVad.class.getName()));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).start();
        byte[] err = p.getErrorStream().readAllBytes();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), new String(out, StandardCharsets.UTF_8), new String(err, StandardCharsets.UTF_8));
    }

    private static Run inProcess(String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = CascadeVad.run(args, new PrintStream(out, true, StandardCharsets.UTF_8),
                new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    /** The phrase intervals that tools/make-default-speech.sh wrote beside the recording. */
    private static List<double[]> recipe() throws IOException {
        try (InputStream in = CascadeVad.class.getResourceAsStream("default-speech.segments")) {
            List<double[]> phrases = new ArrayList<>();
            for (String line : new String(in.readAllBytes(), StandardCharsets.UTF_8).split("\n")) {
                if (!line.isBlank() && !line.startsWith("#")) {
                    String[] f = line.split(" ");
                    phrases.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
                }
            }
            return phrases;
        }
    }

    @SuppressWarnings("unchecked")
    private static List<Map<String, Object>> segments(Map<String, Object> report) {
        return (List<Map<String, Object>>) report.get("segments");
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> json(String out) {
        return (Map<String, Object>) MiniJson.parse(out);
    }

    @Test
    void defaultRunPrintsThePhrasesOfTheBundledRecordingAndASummary() throws Exception {
        Run run = process();
        assertThat(run.exit()).as(run.err()).isZero();
        List<String> speech = run.out().lines().filter(l -> l.startsWith("speech")).toList();
        List<double[]> phrases = recipe();
        assertThat(speech).as(run.out()).hasSize(phrases.size());
        for (int i = 0; i < phrases.size(); i++) {
            String[] f = speech.get(i).trim().split("\\s+");
            assertThat(Double.parseDouble(f[1])).isCloseTo(phrases.get(i)[0], within(0.06));
            assertThat(Double.parseDouble(f[4])).isCloseTo(phrases.get(i)[1], within(0.06));
        }
        assertThat(run.out()).contains("summary: 4 speech segment(s)", "real-time factor", "zero-copy rate",
                "overflows", "peak fill", "backend ffm");
    }

    @Test
    void jsonReportParsesAndMatchesTheRecipe() throws Exception {
        Run run = process("--json", "--backend", "heap");
        assertThat(run.exit()).as(run.err()).isZero();
        Map<String, Object> report = json(run.out());
        List<double[]> phrases = recipe();
        List<Map<String, Object>> segments = segments(report);
        assertThat(segments).hasSize(phrases.size());
        for (int i = 0; i < phrases.size(); i++) {
            assertThat((Double) segments.get(i).get("start")).isCloseTo(phrases.get(i)[0], within(0.06));
            assertThat((Double) segments.get(i).get("end")).isCloseTo(phrases.get(i)[1], within(0.06));
        }
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) report.get("summary");
        assertThat(summary).containsKeys("audioSeconds", "wallSeconds", "realTimeFactor", "chunks", "zeroCopyRate",
                "overflows", "peakFill", "backend", "mirrored");
        assertThat((Double) summary.get("audioSeconds")).isCloseTo(12.45, within(0.01));
        assertThat(summary.get("backend")).isEqualTo("heap");
        assertThat((Double) summary.get("chunks")).isGreaterThan(380);
    }

    @Test
    void stereo24BitFileAtFortyEightKilohertz(@TempDir Path dir) throws Exception {
        double[][] bursts = {{0.4, 1.0}, {1.6, 2.2}};
        float[] right = Signals.bursts(48_000, 3, 0.005, bursts, 11);
        float[] left = Signals.bursts(48_000, 3, 0.005, new double[0][], 12);
        float[] stereo = new float[right.length * 2];
        for (int i = 0; i < right.length; i++) {
            stereo[2 * i] = left[i];
            stereo[2 * i + 1] = right[i];
        }
        Path wav = dir.resolve("stereo.wav");
        Signals.writeWav(wav, stereo, 48_000, 2, AudioFormat.Encoding.PCM_SIGNED, 24);
        for (String[] args : new String[][] {{"--json", wav.toString()}, {"--json", "--channel", "1", wav.toString()}}) {
            Run run = process(args);
            assertThat(run.exit()).as(run.err()).isZero();
            List<Map<String, Object>> found = segments(json(run.out()));
            assertThat(found).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat((Double) found.get(i).get("start")).isCloseTo(bursts[i][0], within(0.03));
                assertThat((Double) found.get(i).get("end")).isCloseTo(bursts[i][1], within(0.03));
            }
        }
        Run left0 = inProcess("--json", "--channel", "0", wav.toString());
        assertThat(segments(json(left0.out()))).isEmpty();
    }

    @Test
    void otherEncodingsDecode(@TempDir Path dir) throws Exception {
        double[][] bursts = {{0.3, 0.9}};
        float[] x = Signals.bursts(8_000, 1.5, 0.005, bursts, 5);
        Object[][] formats = {{AudioFormat.Encoding.PCM_FLOAT, 32}, {AudioFormat.Encoding.PCM_SIGNED, 16},
                {AudioFormat.Encoding.PCM_UNSIGNED, 8}, {AudioFormat.Encoding.PCM_SIGNED, 32}};
        for (Object[] f : formats) {
            Path wav = dir.resolve("x" + f[1] + f[0] + ".wav");
            Signals.writeWav(wav, x, 8_000, 1, (AudioFormat.Encoding) f[0], (Integer) f[1]);
            Run run = inProcess("--json", wav.toString());
            assertThat(run.exit()).as("%s %s: %s", f[0], f[1], run.err()).isZero();
            List<Map<String, Object>> found = segments(json(run.out()));
            assertThat(found).as("%s %s", f[0], f[1]).hasSize(1);
            assertThat((Double) found.get(0).get("start")).isCloseTo(0.3, within(0.03));
            assertThat((Double) found.get(0).get("end")).isCloseTo(0.9, within(0.03));
        }
    }

    @Test
    void missingAndUndecodableFilesFailWithOneLine(@TempDir Path dir) throws Exception {
        Run missing = inProcess(dir.resolve("nope.wav").toString());
        assertThat(missing.exit()).isEqualTo(1);
        assertThat(missing.err().strip()).startsWith("cascade-vad: cannot open").contains("no such file")
                .doesNotContain("\n").doesNotContain("Exception");
        Path text = dir.resolve("notes.wav");
        Files.writeString(text, "this is not audio");
        Run bad = process(text.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("cascade-vad: cannot decode").doesNotContain("\n");
        Run noChannel = inProcess("--channel", "3", dir.resolve("x.wav").toString());
        assertThat(noChannel.exit()).isEqualTo(1);
    }

    @Test
    void badFlagsExitWithTwoAndHelpDescribesTheFlags() {
        for (String[] args : new String[][] {{"--chunk-ms", "0"}, {"--bogus"}, {"--policy", "SOMETIMES"},
                {"--capacity", "-1"}, {"--overlap", "-5"}, {"--backend", "gpu"}, {"--chunk-ms", "5000"}}) {
            Run run = inProcess(args);
            assertThat(run.exit()).as(String.join(" ", args) + ": " + run.err()).isEqualTo(2);
            assertThat(run.err()).isNotBlank();
        }
        Run help = inProcess("--help");
        assertThat(help.exit()).isZero();
        assertThat(help.out()).contains("--backend", "--policy", "--capacity", "--chunk-ms", "--overlap", "--realtime",
                "--json", "--channel", "FILE");
    }

    @Test
    void realtimePacingTakesAboutAsLongAsTheAudio(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("short.wav");
        Signals.writeWav(wav, Signals.bursts(16_000, 0.5, 0.005, new double[][] {{0.1, 0.3}}, 2), 16_000, 1,
                AudioFormat.Encoding.PCM_SIGNED, 16);
        long t0 = System.nanoTime();
        Run run = inProcess("--realtime", "--json", wav.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(run.exit()).isZero();
        assertThat(seconds).isGreaterThanOrEqualTo(0.45);
        assertThat(segments(json(run.out()))).hasSize(1);
        assertThat(new File(wav.toString())).exists();
    }
}
