package io.cascade.examples.vad;

import io.cascade.examples.natives.NativeUnavailableException;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Where the Silero VAD v5 model lives and how it is checked. {@code examples/tools/setup-native.sh}
 * fetches it from the npm package {@value #NPM_PACKAGE} ({@code dist/}{@value #FILE_NAME}; the
 * model is MIT-licensed upstream) into the cache; every load checks its size and SHA-256, so a
 * partial download or another model is refused, never run.
 */
public final class SileroModel {
    /** The npm package the model is taken from, pinned. */
    public static final String NPM_PACKAGE = "@ricky0123/vad-web@0.0.31";
    /** The model's file name, in the package's {@code dist/} and in the cache. */
    public static final String FILE_NAME = "silero_vad_v5.onnx";
    /** Its size in bytes. */
    public static final long SIZE = 2_327_524;
    /** Its SHA-256, lower-case hex. */
    public static final String SHA256 = "2623a2953f6ff3d2c1e61740c6cdb7168133479b267dfef114a4a3cc5bdd788f";

    private SileroModel() {
    }

    /**
     * {@return the model's path: {@code $CASCADE_SILERO_MODEL} if set, else
     * {@code $XDG_CACHE_HOME/cascade-buffer/}{@value #FILE_NAME} (default {@code ~/.cache})}
     */
    public static Path defaultPath() {
        String explicit = System.getenv("CASCADE_SILERO_MODEL");
        if (explicit != null && !explicit.isBlank()) {
            return Path.of(explicit);
        }
        String cache = System.getenv("XDG_CACHE_HOME");
        Path base = cache != null && !cache.isBlank() ? Path.of(cache) : Path.of(System.getProperty("user.home"), ".cache");
        return base.resolve("cascade-buffer").resolve(FILE_NAME);
    }

    /**
     * Reads and checks the model.
     *
     * @param path where it should be
     * @return its bytes, verified
     * @throws NativeUnavailableException when it is missing, unreadable, or not the expected file
     */
    public static byte[] load(Path path) throws NativeUnavailableException {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(path);
        } catch (NoSuchFileException e) {
            throw new NativeUnavailableException("the Silero VAD model is not at " + path
                    + " (run examples/tools/setup-native.sh to fetch it)");
        } catch (IOException e) {
            throw new NativeUnavailableException("cannot read the Silero VAD model at " + path + ": " + e.getMessage());
        }
        String hash = sha256(bytes);
        if (bytes.length != SIZE || !hash.equals(SHA256)) {
            throw new NativeUnavailableException(path + " is not the Silero VAD v5 model of " + NPM_PACKAGE + " ("
                    + bytes.length + " bytes, sha256 " + hash + "; expected " + SIZE + " bytes, sha256 " + SHA256
                    + "): delete it and run examples/tools/setup-native.sh");
        }
        return bytes;
    }

    static String sha256(byte[] bytes) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(bytes));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is required of every JDK", e);
        }
    }
}
