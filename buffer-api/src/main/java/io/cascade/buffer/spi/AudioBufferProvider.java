package io.cascade.buffer.spi;

/**
 * A storage backend, found through {@link java.util.ServiceLoader}. The ring engine in
 * {@code io.cascade.buffer} asks a provider for {@link SampleStorage} and does everything else
 * (positions, overlap, policies, blocking, metrics) itself.
 *
 * <p>A backend module declares {@code provides io.cascade.buffer.spi.AudioBufferProvider with ...}
 * in its {@code module-info.java} and lists the same class in
 * {@code META-INF/services/io.cascade.buffer.spi.AudioBufferProvider}, so that it is found on the
 * module path and on the class path.
 *
 * <p>Selection order: {@code AudioRingBuffer.Builder.backend(name)}, then the system property
 * {@value #BACKEND_PROPERTY}, then the available provider with the highest {@link #priority()}.
 */
public interface AudioBufferProvider {

    /** System property that names the backend to use when the builder does not. */
    String BACKEND_PROPERTY = "cascade.buffer.backend";

    /** {@return the backend's name, for example {@code "ffm"} or {@code "heap"}} */
    String name();

    /** {@return the rank among available providers; the highest is chosen by default} */
    int priority();

    /** {@return whether this provider can allocate storage in this JVM} */
    boolean isAvailable();

    /**
     * Why {@link #isAvailable()} is {@code false}, for error messages.
     *
     * @return the reason, or an empty string when available
     */
    default String unavailableReason() {
        return "";
    }

    /**
     * Allocates storage for a ring of at least {@code minSlots} samples. The storage may hold
     * more (rounded up to whole pages, say); the engine uses {@link SampleStorage#slots()}.
     *
     * @param minSlots samples the ring must hold, greater than zero
     * @return new storage, owned by the caller, who must close it
     * @throws IllegalArgumentException if {@code minSlots} is not positive or too large for this backend
     * @throws IllegalStateException    if the provider is not available
     */
    SampleStorage allocate(int minSlots);

    /**
     * Maps {@code slots} samples of a file, starting at byte {@code offset}, as storage that
     * other processes mapping the same file share: what one writes, the others read. Mirrored
     * where the backend can (see {@link SampleStorage#mirrored()}). The engine checks the file's
     * size before it asks, so the mapping never runs past the end of the file.
     *
     * @param file   an existing file of at least {@code offset + 4 * slots} bytes
     * @param offset where the samples start, a multiple of the largest page size (65,536)
     * @param slots  samples, a whole number of 65,536-byte granules
     * @return storage over the file; closing it unmaps and leaves the file as it is
     * @throws UnsupportedOperationException if this backend cannot map files (the default)
     * @throws IllegalStateException         if the mapping fails
     */
    default SampleStorage mapFile(java.nio.file.Path file, long offset, int slots) {
        throw new UnsupportedOperationException("the " + name() + " backend cannot map a shared file; use the ffm "
                + "backend (io.cascade:buffer-ffm)");
    }
}
