package io.cascade.examples.vad;

import ai.onnxruntime.OnnxTensor;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.examples.Natives;
import io.cascade.examples.natives.NativeUnavailableException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import javax.sound.sampled.AudioInputStream;
import javax.sound.sampled.AudioSystem;
import java.io.BufferedInputStream;
import java.io.InputStream;
import java.lang.foreign.MemorySegment;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.FloatBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/** Silero VAD on ONNX Runtime: tensors over the ring's own memory, decisions on the built-in recording. */
class SileroVadTest {
    private static final List<Segment> FOUND = new ArrayList<>();
    private static SileroVad vad;
    private static float[] speech;

    @BeforeAll
    static void open() throws Exception {
        vad = Natives.require("the Silero VAD", () -> SileroVad.open(SileroModel.defaultPath(), FOUND::add));
        try (InputStream in = SileroVad.class.getResourceAsStream("/io/cascade/examples/default-speech.wav");
             AudioInputStream audio = AudioSystem.getAudioInputStream(new BufferedInputStream(in))) {
            ByteBuffer pcm = ByteBuffer.wrap(audio.readAllBytes()).order(ByteOrder.LITTLE_ENDIAN);
            speech = new float[pcm.remaining() / 2];
            for (int i = 0; i < speech.length; i++) {
                speech[i] = pcm.getShort() / 32768f;
            }
        }
    }

    @AfterAll
    static void close() {
        if (vad != null) {
            vad.close();
        }
    }

    /** A fresh detector over the same session would do; the stream state is reset by skipTo(0). */
    private static List<Segment> run(MemorySegment samples, int count) {
        FOUND.clear();
        vad.skipTo(0);
        for (int start = 0; start + SileroVad.CONTEXT + SileroVad.WINDOW <= count; start += SileroVad.WINDOW) {
            vad.accept(samples, (long) start * Float.BYTES, start, SileroVad.WINDOW, SileroVad.CONTEXT);
        }
        vad.finish();
        return List.copyOf(FOUND);
    }

    @Test
    void theTensorIsAViewOfTheRingNotACopy() throws Exception {
        try (AudioRingBuffer ring = AudioRingBuffer.builder(AudioConfig.mono(SileroVad.SAMPLE_RATE)).capacitySeconds(1)
                .backend("ffm").build()) {
            ring.write(Arrays.copyOf(speech, 8_000));
            ring.advanceReadPosition(700); // so the window lies somewhere inside storage
            ChunkView view = ring.newChunkView();
            assertThat(ring.tryGetChunkWithOverlap(SileroVad.WINDOW, SileroVad.CONTEXT, view)).isTrue();
            long address = view.segment().address() + view.byteOffset();
            try (OnnxTensor tensor = vad.tensorOver(view.segment(), view.byteOffset())) {
                assertThat(SileroVad.readsInPlace(tensor, address)).isTrue();
                FloatBuffer data = (FloatBuffer) tensor.getBufferRef().orElseThrow();
                assertThat(MemorySegment.ofBuffer(data).address()).isEqualTo(address);
                assertThat(data.get(0)).isEqualTo(speech[700]);
                assertThat(data.get(SileroVad.CONTEXT + SileroVad.WINDOW - 1))
                        .isEqualTo(speech[700 + SileroVad.CONTEXT + SileroVad.WINDOW - 1]);
            }
        }
    }

    @Test
    void aHeapWindowIsCopiedAndScoresTheSame() throws Exception {
        MemorySegment heap = MemorySegment.ofArray(speech);
        try (OnnxTensor tensor = vad.tensorOver(heap, 4000L * Float.BYTES)) {
            FloatBuffer data = (FloatBuffer) tensor.getBufferRef().orElseThrow();
            assertThat(data.isDirect()).isTrue();
            assertThat(data.get(0)).isEqualTo(speech[4000]);
        }
        List<Segment> fromHeap = run(heap, speech.length);
        try (var arena = java.lang.foreign.Arena.ofConfined()) {
            MemorySegment of = arena.allocate((long) speech.length * Float.BYTES, 64);
            MemorySegment.copy(speech, 0, of, java.lang.foreign.ValueLayout.JAVA_FLOAT, 0, speech.length);
            long before = vad.windowsInPlace();
            assertThat(run(of, speech.length)).isEqualTo(fromHeap);
            assertThat(vad.windowsInPlace() - before).isEqualTo((speech.length - SileroVad.CONTEXT - SileroVad.WINDOW) / SileroVad.WINDOW + 1);
        }
    }

    @Test
    void findsThePhrasesOfTheBuiltInRecording() throws Exception {
        List<double[]> recipe = new ArrayList<>();
        for (String line : new String(SileroVad.class.getResourceAsStream("/io/cascade/examples/default-speech.segments")
                .readAllBytes()).split("\n")) {
            if (!line.startsWith("#") && !line.isBlank()) {
                String[] f = line.split(" ");
                recipe.add(new double[] {Double.parseDouble(f[0]), Double.parseDouble(f[1])});
            }
        }
        List<Segment> found = run(MemorySegment.ofArray(speech), speech.length);
        assertThat(found).hasSize(recipe.size());
        for (int i = 0; i < found.size(); i++) {
            assertThat(found.get(i).startSeconds()).isCloseTo(recipe.get(i)[0], within(0.06));
            // Later than the voice: the 30 ms pad, and a probability that falls a window or two after it.
            assertThat(found.get(i).endSeconds()).isBetween(recipe.get(i)[1], recipe.get(i)[1] + 0.12);
        }
    }

    @Test
    void silenceAndNoiseAreNotSpeech() {
        float[] quiet = new float[SileroVad.SAMPLE_RATE * 3];
        java.util.SplittableRandom random = new java.util.SplittableRandom(3);
        for (int i = 0; i < quiet.length; i++) {
            quiet[i] = (float) (0.003 * (random.nextDouble() * 2 - 1));
        }
        assertThat(run(MemorySegment.ofArray(quiet), quiet.length)).isEmpty();
        assertThat(vad.lastProbability()).isLessThan(SileroVad.NEG_THRESHOLD);
    }

    @Test
    void wrongChunkingIsRefusedAndChangesNothing() {
        MemorySegment heap = MemorySegment.ofArray(speech);
        vad.skipTo(0);
        long windows = vad.windows();
        assertThatThrownBy(() -> vad.accept(heap, 0, 0, 480, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("512 + 64");
        assertThatThrownBy(() -> vad.accept(heap, 0, 1024, 512, 64)).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("expected 0");
        assertThat(vad.windows()).isEqualTo(windows);
    }

    @Test
    void aMissingOrWrongModelIsRefusedWithTheReason(@TempDir Path dir) throws Exception {
        assertThatThrownBy(() -> SileroModel.load(dir.resolve("none.onnx")))
                .isInstanceOf(NativeUnavailableException.class).hasMessageContaining("setup-native.sh");
        Path partial = dir.resolve("partial.onnx");
        Files.write(partial, Arrays.copyOf(Files.readAllBytes(SileroModel.defaultPath()), 1000));
        assertThatThrownBy(() -> SileroVad.open(partial, s -> { }))
                .isInstanceOf(NativeUnavailableException.class)
                .hasMessageContaining("is not the Silero VAD v5 model").hasMessageContaining("1000 bytes");
    }
}
