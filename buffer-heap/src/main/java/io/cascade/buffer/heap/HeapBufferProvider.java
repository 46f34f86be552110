package io.cascade.buffer.heap;

import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

/** The {@code heap} backend: samples in a {@code float[]}, available everywhere, lowest priority. */
public final class HeapBufferProvider implements AudioBufferProvider {
    /** Name of this backend. */
    public static final String NAME = "heap";

    /** Called by {@link java.util.ServiceLoader}. */
    public HeapBufferProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 10;
    }

    @Override
    public boolean isAvailable() {
        return true;
    }

    @Override
    public SampleStorage allocate(int minSlots) {
        if (minSlots <= 0) {
            throw new IllegalArgumentException("minSlots must be > 0, was " + minSlots);
        }
        return new HeapSampleStorage(minSlots);
    }
}
