package io.cascade.buffer;

import io.cascade.buffer.spi.AudioBufferProvider;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Finds storage backends through {@link ServiceLoader} and picks one: the name asked for, then
 * the {@value AudioBufferProvider#BACKEND_PROPERTY} system property, then the available provider
 * with the highest priority. Logs what it found and what it chose.
 */
final class Backends {
    private static final System.Logger LOG = System.getLogger("io.cascade.buffer");

    private Backends() {
    }

    private static final class Loaded {
        static final List<AudioBufferProvider> PROVIDERS = load();

        private static List<AudioBufferProvider> load() {
            List<AudioBufferProvider> found = new ArrayList<>();
            for (AudioBufferProvider provider : ServiceLoader.load(AudioBufferProvider.class)) {
                found.add(provider);
            }
            found.sort(Comparator.comparingInt(AudioBufferProvider::priority).reversed());
            LOG.log(System.Logger.Level.DEBUG, () -> "audio buffer providers found: " + describe(found));
            return List.copyOf(found);
        }
    }

    static List<AudioBufferProvider> providers() {
        return Loaded.PROVIDERS;
    }

    /**
     * Chooses a provider.
     *
     * @param requested the builder's backend name, or {@code null}
     * @return an available provider
     * @throws IllegalArgumentException for an unknown or unavailable name
     * @throws IllegalStateException    when no provider is on the path
     */
    static AudioBufferProvider select(String requested) {
        List<AudioBufferProvider> providers = providers();
        if (providers.isEmpty()) {
            throw new IllegalStateException("No audio buffer backend found: add io.cascade:buffer-ffm (native memory)"
                    + " or io.cascade:buffer-heap (float[]) to the class path or module path");
        }
        String name = requested != null ? requested : System.getProperty(AudioBufferProvider.BACKEND_PROPERTY);
        AudioBufferProvider chosen;
        if (name != null && !name.isBlank()) {
            chosen = named(providers, name.trim(), requested != null ? "builder backend(...)"
                    : "system property " + AudioBufferProvider.BACKEND_PROPERTY);
        } else {
            chosen = providers.stream().filter(AudioBufferProvider::isAvailable).findFirst()
                    .orElseThrow(() -> new IllegalStateException("No audio buffer backend is available here: "
                            + describe(providers)));
        }
        LOG.log(System.Logger.Level.DEBUG, () -> "audio buffer backend chosen: " + chosen.name());
        return chosen;
    }

    private static AudioBufferProvider named(List<AudioBufferProvider> providers, String name, String source) {
        for (AudioBufferProvider provider : providers) {
            if (provider.name().equalsIgnoreCase(name)) {
                if (!provider.isAvailable()) {
                    throw new IllegalArgumentException("Backend '" + name + "' (from " + source
                            + ") is not available: " + provider.unavailableReason() + "; available: "
                            + names(providers, true));
                }
                return provider;
            }
        }
        throw new IllegalArgumentException("Unknown backend '" + name + "' (from " + source + "); available: "
                + names(providers, true));
    }

    private static String names(List<AudioBufferProvider> providers, boolean availableOnly) {
        return providers.stream().filter(p -> !availableOnly || p.isAvailable()).map(AudioBufferProvider::name)
                .collect(Collectors.joining(", ", "[", "]"));
    }

    private static String describe(List<AudioBufferProvider> providers) {
        return providers.stream()
                .map(p -> p.name() + "(priority " + p.priority() + (p.isAvailable() ? "" : ", unavailable: "
                        + p.unavailableReason()) + ")")
                .collect(Collectors.joining(", ", "[", "]"));
    }
}
