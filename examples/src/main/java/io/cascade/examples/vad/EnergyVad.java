package io.cascade.examples.vad;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.util.function.Consumer;

/**
 * An energy-based voice-activity detector that reads chunks where they lie (a
 * {@link MemorySegment}, an offset and a length: no copy).
 *
 * <p>The stream is cut into frames of {@link #FRAME_MS} ms on a grid of stream positions, so that
 * decisions do not depend on the chunk size; a frame that straddles two chunks is summed from
 * both. For each frame:
 * <ol>
 *   <li>energy in dB: {@code 10 log10(mean(x^2))};</li>
 *   <li>noise floor: starts at the first frame's energy, then follows the energy down quickly
 *       (halfway each frame, also inside speech) and up slowly ({@link #FLOOR_RISE_DB} per frame, only
 *       outside speech); a stream that opens with speech therefore loses its first word, as with any
 *       detector that learns the noise from the signal;</li>
 *   <li>hysteresis: speech starts when {@link #ONSET_FRAMES} frames in a row are {@link #ON_DB} above
 *       the floor (and above {@link #ABSOLUTE_MIN_DB}); the segment then starts at the first of them;
 *       it stays on while frames are {@link #OFF_DB} above the floor;</li>
 *   <li>hangover: it ends only after {@link #HANGOVER_MS} ms below that, and not while the chunk's
 *       overlap (the look-ahead) still holds energy above it, so a word is not split by short dips;
 *       the segment ends where the last active frame ended;</li>
 *   <li>segments shorter than {@link #MIN_SEGMENT_MS} ms are dropped.</li>
 * </ol>
 */
public final class EnergyVad implements VoiceDetector {
    /** Frame length in milliseconds. */
    public static final int FRAME_MS = 10;
    /** Margin above the floor that starts speech. */
    public static final double ON_DB = 12;
    /** Margin above the floor that keeps speech going. */
    public static final double OFF_DB = 6;
    /** Frames below which no energy counts as speech, whatever the floor. */
    public static final double ABSOLUTE_MIN_DB = -60;
    /** Most the floor may rise in one frame outside speech. */
    public static final double FLOOR_RISE_DB = 0.02;
    /** Consecutive loud frames that confirm an onset. */
    public static final int ONSET_FRAMES = 2;
    /** Quiet time after which a segment ends. */
    public static final int HANGOVER_MS = 300;
    /** Shortest segment reported. */
    public static final int MIN_SEGMENT_MS = 100;

    private final int sampleRate;
    private final int frame;
    private final int hangoverFrames;
    private final int minSegmentSamples;
    private final Consumer<Segment> sink;

    private double floorDb = Double.NaN;
    private long frameStart;
    private double frameSum;
    private int frameFill;
    private boolean inSpeech;
    private int loudRun;
    private long candidateStart;
    private long segmentStart;
    private long lastActiveEnd;
    private int quietFrames;
    private int segments;

    /**
     * A detector for a mono stream.
     *
     * @param sampleRate frames per second
     * @param sink       receives each segment as it closes
     */
    public EnergyVad(int sampleRate, Consumer<Segment> sink) {
        this.sampleRate = sampleRate;
        this.frame = Math.max(1, sampleRate * FRAME_MS / 1000);
        this.hangoverFrames = HANGOVER_MS / FRAME_MS;
        this.minSegmentSamples = sampleRate * MIN_SEGMENT_MS / 1000;
        this.sink = sink;
    }

    /**
     * Scans one chunk: its {@code chunkSize} main samples advance the detector; the
     * {@code overlapSize} samples after them are only looked at, as look-ahead.
     *
     * @param memory      the memory the samples lie in
     * @param byteOffset  byte offset of the chunk's first sample
     * @param startSample stream position of that sample
     * @param chunkSize   main samples
     * @param overlapSize look-ahead samples after them
     */
    @Override
    public void accept(MemorySegment memory, long byteOffset, long startSample, int chunkSize, int overlapSize) {
        if (startSample != frameStart + frameFill) {
            throw new IllegalArgumentException("chunk starts at " + startSample + ", expected "
                    + (frameStart + frameFill) + ": chunks must be consecutive");
        }
        boolean lookAheadActive = overlapSize > 0
                && db(meanSquare(memory, byteOffset + (long) chunkSize * Float.BYTES, overlapSize)) > floorDb + OFF_DB;
        for (int i = 0; i < chunkSize; i++) {
            float x = memory.get(ValueLayout.JAVA_FLOAT, byteOffset + (long) i * Float.BYTES);
            frameSum += (double) x * x;
            if (++frameFill == frame) {
                decide(db(frameSum / frame), lookAheadActive);
                frameStart += frame;
                frameSum = 0;
                frameFill = 0;
            }
        }
    }

    /**
     * Continues at a later stream position after a gap (samples overwritten before they were
     * read): an open segment closes where its last active frame ended, and framing restarts.
     *
     * @param position the stream position of the next chunk
     */
    @Override
    public void skipTo(long position) {
        if (inSpeech) {
            close();
        }
        loudRun = 0;
        frameStart = position;
        frameFill = 0;
        frameSum = 0;
    }

    /** Ends the stream: a partial last frame counts, and an open segment closes. */
    @Override
    public void finish() {
        if (frameFill > 0) {
            decide(db(frameSum / frameFill), false);
            frameStart += frameFill;
            frameFill = 0;
            frameSum = 0;
        }
        if (inSpeech) {
            close();
        }
    }

    /** {@return segments reported so far} */
    @Override
    public int segments() {
        return segments;
    }

    private void decide(double db, boolean lookAheadActive) {
        long end = frameStart + (frameFill == 0 ? frame : frameFill);
        if (Double.isNaN(floorDb)) {
            floorDb = db;
        } else if (db < floorDb) {
            floorDb += 0.5 * (db - floorDb);
        }
        if (!inSpeech) {
            if (db > floorDb + ON_DB && db > ABSOLUTE_MIN_DB) {
                if (loudRun++ == 0) {
                    candidateStart = frameStart;
                }
                if (loudRun >= ONSET_FRAMES) {
                    inSpeech = true;
                    segmentStart = candidateStart;
                    lastActiveEnd = end;
                    quietFrames = 0;
                }
            } else {
                loudRun = 0;
                floorDb = Math.max(floorDb, Math.min(db, floorDb + FLOOR_RISE_DB));
            }
            return;
        }
        if (db > floorDb + OFF_DB) {
            lastActiveEnd = end;
            quietFrames = 0;
        } else if (++quietFrames >= hangoverFrames && !lookAheadActive) {
            close();
        }
    }

    private void close() {
        inSpeech = false;
        loudRun = 0;
        if (lastActiveEnd - segmentStart >= minSegmentSamples) {
            segments++;
            sink.accept(new Segment((double) segmentStart / sampleRate, (double) lastActiveEnd / sampleRate));
        }
    }

    private static double meanSquare(MemorySegment memory, long byteOffset, int count) {
        double sum = 0;
        for (int i = 0; i < count; i++) {
            float x = memory.get(ValueLayout.JAVA_FLOAT, byteOffset + (long) i * Float.BYTES);
            sum += (double) x * x;
        }
        return sum / count;
    }

    private static double db(double meanSquare) {
        return 10 * Math.log10(meanSquare + 1e-12);
    }
}
