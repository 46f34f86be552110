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
}
