package io.cascade.buffer.ffm;

import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

/**
 * The {@code ffm} backend: native storage, preferred over {@code heap}. Storage is mirrored
 * (see {@link MirrorMapping}) where that works, so that no chunk is ever copied; elsewhere, or
 * with {@code -D}{@value #MIRROR_PROPERTY}{@code =false}, it is plain aligned arena memory, and the
 * reason shows in the buffer's integrity report.
 */
public final class FfmBufferProvider implements AudioBufferProvider {
    /** Name of this backend. */
    public static final String NAME = "ffm";
    /** System property that turns mirroring off when {@code false}; read at each allocation. */
    public static final String MIRROR_PROPERTY = "cascade.buffer.ffm.mirror";

    private static final System.Logger LOG = System.getLogger("io.cascade.buffer.ffm");
    private static volatile boolean fallbackLogged;

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
        MemoryGeometry geometry = MemoryGeometry.detected();
        if (!Boolean.parseBoolean(System.getProperty(MIRROR_PROPERTY, "true"))) {
            return NativeSampleStorage.plain(minSlots, geometry, "");
        }
        String why;
        if (!NativeAccess.enabled()) {
            why = NativeAccess.reason();
        } else if (!LibC.hasMirrorCalls()) {
            why = "libc lacks memfd_create, ftruncate, mmap, munmap or close";
        } else {
            try {
                return NativeSampleStorage.mirrored(minSlots, geometry);
            } catch (LibC.NativeCallException | IllegalStateException e) {
                why = e.getMessage();
            }
        }
        if (!fallbackLogged) {
            fallbackLogged = true;
            LOG.log(System.Logger.Level.INFO, "ffm storage is not mirrored: " + why);
        }
        return NativeSampleStorage.plain(minSlots, geometry, why);
    }
}
