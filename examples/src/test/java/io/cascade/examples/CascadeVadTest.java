package io.cascade.examples;

import com.google.gson.GsonBuilder;
import com.google.gson.Strictness;
import io.cascade.examples.natives.Sndfile;
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
        return (Map<String, Object>) new GsonBuilder().setStrictness(Strictness.STRICT).create()
                .fromJson(out, Object.class);
    }

    /**
     * The default run takes Silero where it loads, else says why and takes the energy detector.
     * Silero's ends come later than the recipe's (its 30 ms padding, and a probability that falls
     * a window or two after the voice), so they get a wider margin.
     */
    @Test
    void defaultRunPrintsThePhrasesOfTheBundledRecordingAndASummary() throws Exception {
        Run run = process();
        assertThat(run.exit()).as(run.err()).isZero();
        boolean silero = run.out().contains("detector: Silero VAD v5");
        if (!silero) {
            Natives.notTaken("the Silero VAD in the default run", run.out());
        }
        List<String> speech = run.out().lines().filter(l -> l.startsWith("speech")).toList();
        List<double[]> phrases = recipe();
        assertThat(speech).as(run.out()).hasSize(phrases.size());
        for (int i = 0; i < phrases.size(); i++) {
            String[] f = speech.get(i).trim().split("\\s+");
            assertThat(Double.parseDouble(f[1])).isCloseTo(phrases.get(i)[0], within(0.06));
            assertThat(Double.parseDouble(f[4])).isCloseTo(phrases.get(i)[1], within(silero ? 0.12 : 0.06));
        }
        assertThat(run.out()).contains("input: Java Sound WAV decoder", "summary: 4 speech segment(s)",
                "real-time factor", "zero-copy rate", "overflows", "peak fill", "backend ffm");
        if (silero) {
            assertThat(run.out()).containsPattern("detector Silero VAD v5 on ONNX Runtime, (\\d+) windows, \\1 read in place");
        }
    }

    @Test
    void energyDetectorStaysAvailableAndJsonReportParsesAndMatchesTheRecipe() throws Exception {
        Run run = process("--json", "--vad", "energy", "--backend", "heap");
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
        assertThat(summary.get("detector")).isEqualTo("energy detector");
        assertThat(summary.get("truncated")).isNull();
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
        for (String[] args : new String[][] {{"--json", "--vad", "energy", wav.toString()},
                {"--json", "--vad", "energy", "--channel", "1", wav.toString()}}) {
            Run run = process(args);
            assertThat(run.exit()).as(run.err()).isZero();
            List<Map<String, Object>> found = segments(json(run.out()));
            assertThat(found).hasSize(2);
            for (int i = 0; i < 2; i++) {
                assertThat((Double) found.get(i).get("start")).isCloseTo(bursts[i][0], within(0.03));
                assertThat((Double) found.get(i).get("end")).isCloseTo(bursts[i][1], within(0.03));
            }
        }
        Run left0 = inProcess("--json", "--vad", "energy", "--channel", "0", wav.toString());
        assertThat(segments(json(left0.out()))).isEmpty();
    }

    @Test
    void otherEncodingsDecode(@TempDir Path dir) throws Exception {
        double[][] bursts = {{0.3, 0.9}};
        float[] x = Signals.bursts(8_000, 1.5, 0.005, bursts, 5);
        Object[][] formats = {{AudioFormat.Encoding.PCM_FLOAT, 32}, {AudioFormat.Encoding.PCM_SIGNED, 16},
                {AudioFormat.Encoding.PCM_UNSIGNED, 8}, {AudioFormat.Encoding.PCM_SIGNED, 32}};
        String sndfile = Natives.require("libsndfile", () -> Sndfile.load().version());
        for (Object[] f : formats) {
            Path wav = dir.resolve("x" + f[1] + f[0] + ".wav");
            Signals.writeWav(wav, x, 8_000, 1, (AudioFormat.Encoding) f[0], (Integer) f[1]);
            for (String decoder : new String[] {"java", "sndfile"}) {
                Run run = inProcess("--json", "--vad", "energy", "--decoder", decoder, wav.toString());
                assertThat(run.exit()).as("%s %s %s: %s", decoder, f[0], f[1], run.err()).isZero();
                Map<String, Object> report = json(run.out());
                @SuppressWarnings("unchecked")
                String used = (String) ((Map<String, Object>) report.get("summary")).get("decoder");
                assertThat(used).startsWith(decoder.equals("java") ? "Java Sound" : sndfile);
                List<Map<String, Object>> found = segments(report);
                assertThat(found).as("%s %s %s", decoder, f[0], f[1]).hasSize(1);
                assertThat((Double) found.get(0).get("start")).isCloseTo(0.3, within(0.03));
                assertThat((Double) found.get(0).get("end")).isCloseTo(0.9, within(0.03));
            }
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
                "--json", "--channel", "--vad", "--model", "--decoder", "--jack", "--jack-server", "--seconds", "FILE", "the input was shorter than its header said");
        Run sileroChunks = inProcess("--vad", "silero", "--chunk-ms", "20");
        assertThat(sileroChunks.exit()).isEqualTo(2);
        assertThat(sileroChunks.err()).contains("--vad silero takes chunks of 32 ms");
        Run blockingJack = inProcess("--jack", JackServer.PORT, "--policy", "BLOCK");
        assertThat(blockingJack.exit()).isEqualTo(2);
        assertThat(blockingJack.err()).contains("--jack writes from JACK's real-time thread, which must never wait");
    }

    @Test
    void aTruncatedFileIsAnalysedAsFarAsItGoesAndSaysSoWithExitThree(@TempDir Path dir) throws Exception {
        Path full = dir.resolve("full.wav");
        Signals.writeWav(full, Signals.bursts(16_000, 4, 0.005, new double[][] {{0.3, 0.9}, {2.5, 3.0}}, 9), 16_000, 1,
                AudioFormat.Encoding.PCM_SIGNED, 16);
        byte[] bytes = Files.readAllBytes(full);
        Path cut = dir.resolve("cut.wav");
        Files.write(cut, java.util.Arrays.copyOf(bytes, bytes.length / 2));
        Natives.require("libsndfile", Sndfile::load);
        for (String decoder : new String[] {"java", "sndfile"}) {
            Run run = inProcess("--json", "--vad", "energy", "--decoder", decoder, cut.toString());
            assertThat(run.exit()).as(decoder + ": " + run.err()).isEqualTo(CascadeVad.TRUNCATED);
            assertThat(run.err().strip()).as(decoder).startsWith("cascade-vad: '" + cut + "' is truncated: ")
                    .endsWith("analysed as far as it goes").doesNotContain("\n");
            Map<String, Object> report = json(run.out());
            @SuppressWarnings("unchecked")
            Map<String, Object> summary = (Map<String, Object>) report.get("summary");
            assertThat((String) summary.get("truncated")).as(decoder).isNotBlank();
            assertThat((Double) summary.get("audioSeconds")).as(decoder).isCloseTo(2.0, within(0.01));
            assertThat(segments(report)).as(decoder).hasSize(1);
            Run text = inProcess("--vad", "energy", "--decoder", decoder, cut.toString());
            assertThat(text.out()).contains("(truncated input)", "truncated: ");
        }
        Run whole = inProcess("--json", "--vad", "energy", full.toString());
        assertThat(whole.exit()).as(whole.err()).isZero();
        assertThat(segments(json(whole.out()))).hasSize(2);
    }

    @Test
    void nativeComponentsAskedForButMissingFailWithOneLine(@TempDir Path dir) throws Exception {
        Run noModel = inProcess("--vad", "silero", "--model", dir.resolve("absent.onnx").toString());
        assertThat(noModel.exit()).isEqualTo(1);
        assertThat(noModel.err().strip()).isEqualTo("cascade-vad: the Silero VAD model is not at "
                + dir.resolve("absent.onnx") + " (run examples/tools/setup-native.sh to fetch it)");
        Run fallback = inProcess("--model", dir.resolve("absent.onnx").toString());
        assertThat(fallback.exit()).as(fallback.err()).isZero();
        assertThat(fallback.out()).contains("detector: energy detector", "(the Silero VAD model is not at");
        Path flac = dir.resolve("speech.flac");
        Files.writeString(flac, "fLaC but not really");
        Run bad = inProcess("--decoder", "sndfile", flac.toString());
        assertThat(bad.exit()).isEqualTo(1);
        assertThat(bad.err().strip()).startsWith("cascade-vad: cannot decode '" + flac + "': libsndfile: ")
                .doesNotContain("\n");
    }

    /**
     * The built-in speech as a 48 kHz stereo file: libsndfile decodes it into claims, libsamplerate
     * brings it to the model's 16 kHz, and Silero finds the same phrases.
     */
    @Test
    void fortyEightKilohertzStereoSpeechReachesSileroThroughLibsamplerate(@TempDir Path dir) throws Exception {
        Natives.require("libsndfile", Sndfile::load);
        Natives.require("libsamplerate", () -> io.cascade.examples.natives.Resampler.create(48_000, 16_000)).close();
        Natives.require("the Silero VAD", () -> io.cascade.examples.vad.SileroModel.load(
                io.cascade.examples.vad.SileroModel.defaultPath()));
        float[] speech;
        try (InputStream in = CascadeVad.class.getResourceAsStream(CascadeVad.DEFAULT_INPUT);
             javax.sound.sampled.AudioInputStream a = javax.sound.sampled.AudioSystem.getAudioInputStream(
                     new java.io.BufferedInputStream(in))) {
            java.nio.ByteBuffer pcm = java.nio.ByteBuffer.wrap(a.readAllBytes()).order(java.nio.ByteOrder.LITTLE_ENDIAN);
            speech = new float[pcm.remaining() / 2];
            for (int i = 0; i < speech.length; i++) {
                speech[i] = pcm.getShort() / 32768f;
            }
        }
        float[] stereo = new float[speech.length * 3 * 2];
        for (int i = 0; i < stereo.length / 2; i++) {
            // Linear interpolation to 48 kHz; the same on both channels.
            int j = i / 3;
            float next = j + 1 < speech.length ? speech[j + 1] : speech[j];
            float v = speech[j] + (next - speech[j]) * (i % 3) / 3f;
            stereo[2 * i] = v;
            stereo[2 * i + 1] = v;
        }
        Path wav = dir.resolve("speech48.wav");
        Signals.writeWav(wav, stereo, 48_000, 2, AudioFormat.Encoding.PCM_SIGNED, 16);
        Run run = process("--json", wav.toString());
        assertThat(run.exit()).as(run.err()).isZero();
        Map<String, Object> report = json(run.out());
        @SuppressWarnings("unchecked")
        Map<String, Object> summary = (Map<String, Object>) report.get("summary");
        assertThat((String) summary.get("decoder")).contains("48000 Hz, 2 channel(s) averaged",
                "resampled to 16000 Hz by libsamplerate");
        assertThat((String) summary.get("detector")).startsWith("Silero VAD v5");
        assertThat(summary.get("sampleRate")).isEqualTo(16_000.0);
        List<double[]> phrases = recipe();
        List<Map<String, Object>> found = segments(report);
        assertThat(found).hasSize(phrases.size());
        for (int i = 0; i < phrases.size(); i++) {
            assertThat((Double) found.get(i).get("start")).isCloseTo(phrases.get(i)[0], within(0.06));
            assertThat((Double) found.get(i).get("end")).isBetween(phrases.get(i)[1], phrases.get(i)[1] + 0.12);
        }
    }

    @Test
    void realtimePacingTakesAboutAsLongAsTheAudio(@TempDir Path dir) throws Exception {
        Path wav = dir.resolve("short.wav");
        Signals.writeWav(wav, Signals.bursts(16_000, 0.5, 0.005, new double[][] {{0.1, 0.3}}, 2), 16_000, 1,
                AudioFormat.Encoding.PCM_SIGNED, 16);
        long t0 = System.nanoTime();
        Run run = inProcess("--realtime", "--json", "--vad", "energy", wav.toString());
        double seconds = (System.nanoTime() - t0) / 1e9;
        assertThat(run.exit()).isZero();
        assertThat(seconds).isGreaterThanOrEqualTo(0.45);
        assertThat(segments(json(run.out()))).hasSize(1);
        assertThat(new File(wav.toString())).exists();
    }

    /**
     * Live input, as a user runs it: a child JVM captures {@code --seconds 3} from the test's own
     * JACK server, whose metronome beeps for 0.3 s once a second.
     */
    @Test
    void liveJackInputFindsEachBeepOnceASecond() throws Exception {
        try (JackServer jack = JackServer.start(16_000, 160)) {
            Run run = process("--vad", "energy", "--jack", JackServer.PORT, "--jack-server", jack.name(),
                    "--seconds", "3");
            assertThat(run.exit()).as(run.err()).isZero();
            assertThat(run.out()).contains("input: JACK client", "from " + JackServer.PORT, "0 callback errors",
                    "overflows 0");
            List<double[]> beeps = run.out().lines().filter(l -> l.startsWith("speech"))
                    .map(l -> l.trim().split("\\s+"))
                    .map(f -> new double[] {Double.parseDouble(f[1]), Double.parseDouble(f[4])}).toList();
            assertThat(beeps).as(run.out()).hasSizeBetween(2, 4);
            // A beep under way at the start or the end is cut short; the whole ones are checked.
            List<double[]> whole = beeps.stream().filter(b -> b[0] > 0.01 && b[1] < 2.99).toList();
            assertThat(whole).as(run.out()).hasSizeGreaterThanOrEqualTo(2);
            for (int i = 0; i < whole.size(); i++) {
                assertThat(whole.get(i)[1] - whole.get(i)[0]).as(run.out())
                        .isCloseTo(JackServer.BEEP_MS / 1000.0, within(0.05));
                if (i > 0) {
                    assertThat(whole.get(i)[0] - whole.get(i - 1)[0]).as(run.out()).isCloseTo(1.0, within(0.05));
                }
            }
        }
    }
}
