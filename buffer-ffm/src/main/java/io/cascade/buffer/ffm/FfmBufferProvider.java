package io.cascade.buffer.ffm;

import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

/** The {@code ffm} backend: native, page-aligned storage; preferred over {@code heap}. */
public final class FfmBufferProvider implements AudioBufferProvider {
    /** Name of this backend. */
    public static final String NAME = "ffm";

    /** Called by {@link java.util.ServiceLoader}. */
    public FfmBufferProvider() {
    }

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int priority() {
        return 100;
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
        return new NativeSampleStorage(minSlots, NativeSampleStorage.DEFAULT_PAGE_SIZE);
    }
}
