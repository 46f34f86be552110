package io.cascade.examples.natives;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_FLOAT;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/** Writes test files in the formats libsndfile writes (the program only reads, so this lives here). */
public final class SoundFiles {
    /** SF_FORMAT_* major | minor. */
    public enum Format {
        WAV_PCM_16(0x010002), FLAC_16(0x170002), OGG_VORBIS(0x200060), AIFF_PCM_24(0x020003);

        final int code;

        Format(int code) {
            this.code = code;
        }
    }

    private static final int SFM_WRITE = 0x20;

    private SoundFiles() {
    }

    /**
     * Writes interleaved frames.
     *
     * @param path        the file
     * @param format      container and encoding
     * @param rate        frames per second
     * @param channels    channels per frame
     * @param interleaved the samples
     * @throws Exception when libsndfile is missing or refuses
     */
    public static void write(Path path, Format format, int rate, int channels, float[] interleaved) throws Exception {
        NativeLibrary lib = NativeLibrary.open("libsndfile.so.1", "libsndfile1");
        MethodHandle open = lib.function("sf_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        MethodHandle write = lib.function("sf_writef_float", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
        MethodHandle close = lib.function("sf_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        try (Arena arena = Arena.ofConfined()) {
            write(open, write, close, arena, path, format, rate, channels, interleaved);
        } catch (Exception | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("libsndfile call failed", t);
        }
    }

    private static void write(MethodHandle open, MethodHandle write, MethodHandle close, Arena arena, Path path,
                              Format format, int rate, int channels, float[] interleaved) throws Throwable {
        MemorySegment info = arena.allocate(32, 8);
        info.set(JAVA_INT, 8, rate);
        info.set(JAVA_INT, 12, channels);
        info.set(JAVA_INT, 16, format.code);
        MemorySegment file = (MemorySegment) open.invokeExact(arena.allocateFrom(path.toString()), SFM_WRITE, info);
        if (file.equals(MemorySegment.NULL)) {
            throw new IllegalStateException("sf_open for writing refused " + format + " at " + rate + " Hz");
        }
        MemorySegment samples = arena.allocateFrom(JAVA_FLOAT, interleaved);
        long frames = interleaved.length / channels;
        long written = (long) write.invokeExact(file, samples, frames);
        int closed = (int) close.invokeExact(file);
        if (written != frames || closed != 0) {
            throw new IllegalStateException("wrote " + written + " of " + frames + " frames, sf_close " + closed);
        }
    }
}
