package io.cascade.examples.natives;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_DOUBLE;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * A mono sample-rate converter from libsamplerate ({@code src_process}, sinc, medium quality).
 * {@code src_process} reads and writes separate memory, so the input is the caller's native
 * scratch and the output can be a {@code WriteClaim}'s segment: the ring itself. Streams chunk
 * by chunk, keeping its filter state between calls; one thread at a time.
 */
@SuppressWarnings("restricted") // reinterpret of the C string src_strerror returns
public final class Resampler implements AutoCloseable {
    private static final int SRC_SINC_MEDIUM_QUALITY = 1;
    // SRC_DATA (LP64): const float *data_in; float *data_out; long input_frames, output_frames,
    // input_frames_used, output_frames_gen; int end_of_input; double src_ratio.
    private static final long DATA_SIZE = 64;
    private static final long DATA_IN = 0;
    private static final long DATA_OUT = 8;
    private static final long INPUT_FRAMES = 16;
    private static final long OUTPUT_FRAMES = 24;
    private static final long INPUT_USED = 32;
    private static final long OUTPUT_GENERATED = 40;
    private static final long END_OF_INPUT = 48;
    private static final long RATIO = 56;

    private record Calls(MethodHandle create, MethodHandle delete, MethodHandle process, MethodHandle strerror) {
    }

    private static final NativeLibrary.Once<Calls> LIBRARY = new NativeLibrary.Once<>("libsamplerate.so.0",
            "libsamplerate0", lib -> new Calls(
                    lib.function("src_new", FunctionDescriptor.of(ADDRESS, JAVA_INT, JAVA_INT, ADDRESS)),
                    lib.function("src_delete", FunctionDescriptor.of(ADDRESS, ADDRESS)),
                    lib.function("src_process", FunctionDescriptor.of(JAVA_INT, ADDRESS, ADDRESS)),
                    lib.function("src_strerror", FunctionDescriptor.of(ADDRESS, JAVA_INT))));

    private final Calls c;
    /** Shared: made by the opener, used by the producer thread, closed by the opener after it. */
    private final Arena arena = Arena.ofShared();
    private final MemorySegment data;
    private final double ratio;
    private MemorySegment state;
    private long used;
    private long generated;

    private Resampler(Calls c, MemorySegment state, int fromRate, int toRate) {
        this.c = c;
        this.state = state;
        this.ratio = (double) toRate / fromRate;
        this.data = arena.allocate(DATA_SIZE, 8);
        data.set(JAVA_DOUBLE, RATIO, ratio);
    }

    /**
     * A converter from {@code fromRate} to {@code toRate}, for one channel.
     *
     * @param fromRate input frames per second
     * @param toRate   output frames per second
     * @return the converter; close it
     * @throws NativeUnavailableException when libsamplerate is not installed or native access is off
     */
    public static Resampler create(int fromRate, int toRate) throws NativeUnavailableException {
        if (fromRate <= 0 || toRate <= 0 || toRate > 256L * fromRate || fromRate > 256L * toRate) {
            throw new IllegalArgumentException("libsamplerate converts by ratios of 1/256 to 256; asked "
                    + fromRate + " Hz -> " + toRate + " Hz");
        }
        Calls k = LIBRARY.get();
        try (Arena scratch = Arena.ofConfined()) {
            MemorySegment error = scratch.allocate(JAVA_INT);
            MemorySegment state = (MemorySegment) k.create.invokeExact(SRC_SINC_MEDIUM_QUALITY, 1, error);
            if (state.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("src_new failed: " + message(k, error.get(JAVA_INT, 0)));
            }
            return new Resampler(k, state, fromRate, toRate);
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("src_new failed", t);
        }
    }

    /** {@return output frames per input frame} */
    public double ratio() {
        return ratio;
    }

    /**
     * Most output frames {@code inputFrames} more input can give (the filter's delay is released
     * only at the end of input, so this is an upper bound).
     *
     * @param inputFrames input frames
     * @return output room that is always enough
     */
    public int outputBound(int inputFrames) {
        return (int) Math.ceil(inputFrames * ratio) + 16;
    }

    /**
     * Converts input into output; see {@link #used()} and {@link #generated()} for how much.
     *
     * @param in          native input, at least {@code inFrames} floats
     * @param inFrames    input frames to offer
     * @param out         native output, at least {@code outFrames} floats
     * @param outFrames   output room
     * @param endOfInput  whether no more input follows (flushes the filter)
     * @throws IllegalArgumentException if a segment is not native or smaller than its count, or
     *                                  the two overlap (the converter reads input after writing output)
     */
    public void process(MemorySegment in, int inFrames, MemorySegment out, int outFrames, boolean endOfInput) {
        if (state == null) {
            throw new IllegalStateException("resampler closed");
        }
        require(in, inFrames, "input", false);
        require(out, outFrames, "output", true);
        if (in.asSlice(0, (long) inFrames * Float.BYTES).asOverlappingSlice(out.asSlice(0, (long) outFrames * Float.BYTES))
                .isPresent()) {
            throw new IllegalArgumentException("src_process needs separate input and output memory; " + in + " and "
                    + out + " overlap");
        }
        data.set(ADDRESS, DATA_IN, in);
        data.set(ADDRESS, DATA_OUT, out);
        data.set(JAVA_LONG, INPUT_FRAMES, inFrames);
        data.set(JAVA_LONG, OUTPUT_FRAMES, outFrames);
        data.set(JAVA_INT, END_OF_INPUT, endOfInput ? 1 : 0);
        int error;
        try {
            error = (int) c.process.invokeExact(state, data);
        } catch (Throwable t) {
            throw new IllegalStateException("src_process failed", t);
        }
        if (error != 0) {
            throw new IllegalStateException("src_process failed: " + message(c, error));
        }
        used = data.get(JAVA_LONG, INPUT_USED);
        generated = data.get(JAVA_LONG, OUTPUT_GENERATED);
    }

    /** {@return input frames the last {@link #process} consumed} */
    public int used() {
        return (int) used;
    }

    /** {@return output frames the last {@link #process} wrote} */
    public int generated() {
        return (int) generated;
    }

    private static void require(MemorySegment s, int frames, String what, boolean writable) {
        if (frames < 0 || !s.isNative() || (writable && s.isReadOnly()) || s.byteSize() < (long) frames * Float.BYTES) {
            throw new IllegalArgumentException(what + " of " + frames + " frames needs " + (writable ? "writable " : "")
                    + "native memory of " + (long) frames * Float.BYTES + " bytes, got " + s);
        }
    }

    private static String message(Calls k, int error) {
        try {
            MemorySegment s = (MemorySegment) k.strerror.invokeExact(error);
            return s.equals(MemorySegment.NULL) ? "error " + error : s.reinterpret(1024).getString(0);
        } catch (Throwable t) {
            return "error " + error;
        }
    }

    @Override
    public void close() {
        if (state == null) {
            return;
        }
        try {
            MemorySegment ignored = (MemorySegment) c.delete.invokeExact(state);
        } catch (Throwable t) {
            throw new IllegalStateException("src_delete failed", t);
        } finally {
            state = null;
            arena.close();
        }
    }
}
