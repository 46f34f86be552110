package io.cascade.modulepath;

import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.spi.AudioBufferProvider;

import java.util.ServiceLoader;
import java.util.stream.Collectors;

/**
 * Runs in a child JVM with the buffer modules on the module path or the class path (this class
 * stays on the class path, in a package of its own so that no module owns it) and reports what
 * was found and chosen, and whether storage is mirrored.
 */
public final class ModulePathProbe {
    private ModulePathProbe() {
    }

    /**
     * Prints the engine's module, the providers and the chosen backend.
     *
     * @param args unused
     */
    public static void main(String[] args) {
        System.out.println("engine module: " + AudioRingBuffer.class.getModule().getName());
        ModuleLayer layer = AudioRingBuffer.class.getModule().getLayer();
        var loader = layer == null ? ServiceLoader.load(AudioBufferProvider.class)
                : ServiceLoader.load(layer, AudioBufferProvider.class);
        String providers = loader.stream().map(p -> p.get().name() + "@" + p.type().getModule().getName()).sorted()
                .collect(Collectors.joining(","));
        System.out.println("providers: " + providers);
        try (AudioRingBuffer b = AudioRingBuffer.create(AudioConfig.mono(16_000), 1)) {
            b.write(new float[160]);
            String module = "ffm".equals(b.backend()) ? "io.cascade.buffer.ffm" : "io.cascade.buffer.heap";
            System.out.println("chosen: " + b.backend() + " from module " + module
                    + (ModuleLayer.boot().findModule(module).isPresent() ? "" : " (not a module here)"));
            System.out.println("mirrored: " + b.getBufferStatus().mirrored());
            b.getChunkWithOverlap(160, 0).orElseThrow();
            System.out.println("zero-copy rate: " + b.metrics().zeroCopyRate());
            System.out.println("warnings: " + b.checkIntegrity().warnings());
            System.out.println("issues: " + b.checkIntegrity().issues());
        }
    }
}
