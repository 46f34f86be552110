package io.cascade.examples.natives;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.MemorySegment;
import java.lang.invoke.MethodHandle;
import java.nio.file.Path;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_INT;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * libsndfile through FFM: {@code sf_open} for reading and {@code sf_readf_float}, which decodes
 * any format the library reads (WAV, FLAC, Ogg Vorbis, Opus, AIFF, MP3...) to interleaved float
 * frames straight into native memory the caller gives, such as a {@code WriteClaim}'s segment.
 */
@SuppressWarnings("restricted") // reinterpret of the C strings the library returns
public final class Sndfile {
    private static final int SFM_READ = 0x10;
    private static final int SFC_GET_LOG_INFO = 0x1001;
    private static final int SF_FORMAT_TYPEMASK = 0x0FFF0000;
    // SF_INFO: sf_count_t frames; int samplerate, channels, format, sections, seekable.
    private static final long INFO_SIZE = 32;
    private static final long FRAMES = 0;
    private static final long SAMPLE_RATE = 8;
    private static final long CHANNELS = 12;
    private static final long FORMAT = 16;

    private final MethodHandle open;
    private final MethodHandle readFloat;
    private final MethodHandle close;
    private final MethodHandle strerror;
    private final MethodHandle command;
    private final String version;

    private static final NativeLibrary.Once<Sndfile> LIBRARY =
            new NativeLibrary.Once<>("libsndfile.so.1", "libsndfile1", Sndfile::new);

    private Sndfile(NativeLibrary lib) throws NativeUnavailableException {
        open = lib.function("sf_open", FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_INT, ADDRESS));
        readFloat = lib.function("sf_readf_float", FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG));
        close = lib.function("sf_close", FunctionDescriptor.of(JAVA_INT, ADDRESS));
        strerror = lib.function("sf_strerror", FunctionDescriptor.of(ADDRESS, ADDRESS));
        command = lib.function("sf_command", FunctionDescriptor.of(JAVA_INT, ADDRESS, JAVA_INT, ADDRESS, JAVA_INT));
        MethodHandle versionString = lib.function("sf_version_string", FunctionDescriptor.of(ADDRESS));
        version = cString(() -> (MemorySegment) versionString.invokeExact());
    }

    /**
     * {@return libsndfile, opened once per process}
     *
     * @throws NativeUnavailableException when it is not installed or native access is off
     */
    public static Sndfile load() throws NativeUnavailableException {
        return LIBRARY.get();
    }

    /** {@return the library's own version string, e.g. {@code libsndfile-1.2.0}} */
    public String version() {
        return version;
    }

    /**
     * Opens a sound file for reading.
     *
     * @param path the file
     * @return the open file
     * @throws IOException with libsndfile's reason when it cannot open or decode it
     */
    public SoundFile open(Path path) throws IOException {
        // The path and SF_INFO are needed only during the call: sf_open copies what it keeps.
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment info = arena.allocate(INFO_SIZE, 8);
            MemorySegment handle = (MemorySegment) open.invokeExact(arena.allocateFrom(path.toString()), SFM_READ, info);
            if (handle.equals(MemorySegment.NULL)) {
                String reason = cString(() -> (MemorySegment) strerror.invokeExact(MemorySegment.NULL));
                throw new IOException("libsndfile: " + reason);
            }
            return new SoundFile(handle, info.get(JAVA_LONG, FRAMES), info.get(JAVA_INT, SAMPLE_RATE),
                    info.get(JAVA_INT, CHANNELS), info.get(JAVA_INT, FORMAT));
        } catch (IOException | RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("sf_open failed", t);
        }
    }

    /** A file open for reading; one thread at a time, which may be another than the opener's. */
    public final class SoundFile implements AutoCloseable {
        private final MemorySegment handle;
        private final long frames;
        private final int sampleRate;
        private final int channels;
        private final int format;
        private boolean closed;

        private SoundFile(MemorySegment handle, long frames, int sampleRate, int channels, int format) {
            this.handle = handle;
            this.frames = frames;
            this.sampleRate = sampleRate;
            this.channels = channels;
            this.format = format;
        }

        /** {@return frames in the file, as libsndfile counts them} */
        public long frames() {
            return frames;
        }

        /** {@return frames per second} */
        public int sampleRate() {
            return sampleRate;
        }

        /** {@return channels per frame} */
        public int channels() {
            return channels;
        }

        /** {@return the container's name: WAV, FLAC, OGG, AIFF...} */
        public String container() {
            return switch (format & SF_FORMAT_TYPEMASK) {
                case 0x010000 -> "WAV";
                case 0x020000 -> "AIFF";
                case 0x030000 -> "AU";
                case 0x0B0000 -> "W64";
                case 0x170000 -> "FLAC";
                case 0x180000 -> "CAF";
                case 0x200000 -> "OGG";
                case 0x220000 -> "RF64";
                case 0x230000 -> "MPEG";
                default -> String.format("format 0x%08x", format);
            };
        }

        /**
         * Decodes up to {@code count} frames into native memory, interleaved.
         *
         * @param target native memory of at least {@code count * channels()} floats
         * @param count  frames wanted
         * @return frames decoded, 0 at the end
         * @throws IOException              on a decoding error
         * @throws IllegalArgumentException if {@code target} is not native or too small: the
         *                                  library would write past it
         */
        public int read(MemorySegment target, int count) throws IOException {
            if (closed) {
                throw new IllegalStateException("sound file closed");
            }
            if (!target.isNative() || target.isReadOnly() || target.byteSize() < (long) count * channels * Float.BYTES) {
                throw new IllegalArgumentException("read of " + count + " frames of " + channels
                        + " channel(s) needs writable native memory of " + (long) count * channels * Float.BYTES
                        + " bytes, got " + target);
            }
            long got;
            try {
                got = (long) readFloat.invokeExact(handle, target, (long) count);
            } catch (Throwable t) {
                throw new IllegalStateException("sf_readf_float failed", t);
            }
            if (got < 0) {
                throw new IOException("libsndfile: " + cString(() -> (MemorySegment) strerror.invokeExact(handle)));
            }
            return (int) got;
        }

        /** {@return what libsndfile logged while parsing the file's header, for its warnings} */
        public String log() {
            if (closed) {
                throw new IllegalStateException("sound file closed");
            }
            try (Arena scratch = Arena.ofConfined()) {
                MemorySegment text = scratch.allocate(8192);
                int n = (int) command.invokeExact(handle, SFC_GET_LOG_INFO, text, (int) text.byteSize());
                return n <= 0 ? "" : text.getString(0);
            } catch (Throwable t) {
                throw new IllegalStateException("sf_command failed", t);
            }
        }

        @Override
        public void close() {
            if (closed) {
                return;
            }
            closed = true;
            try {
                int ignored = (int) close.invokeExact(handle);
            } catch (Throwable t) {
                throw new IllegalStateException("sf_close failed", t);
            }
        }
    }

    /** A native call that returns a C string. */
    @FunctionalInterface
    private interface StringCall {
        MemorySegment call() throws Throwable;
    }

    private static String cString(StringCall call) {
        try {
            MemorySegment s = call.call();
            return s.equals(MemorySegment.NULL) ? "" : s.reinterpret(4096).getString(0);
        } catch (Throwable t) {
            throw new IllegalStateException("native call failed", t);
        }
    }
}
