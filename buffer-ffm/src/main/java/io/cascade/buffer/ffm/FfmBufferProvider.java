package io.cascade.buffer.ffm;

import io.cascade.buffer.spi.AudioBufferProvider;
import io.cascade.buffer.spi.SampleStorage;

import java.nio.file.Path;

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
        String why = whyNotMirrored();
        if (why == null) {
            try {
                return NativeSampleStorage.mirrored(minSlots, geometry);
            } catch (LibC.NativeCallException | IllegalStateException e) {
                why = fellBack(e.getMessage());
            }
        }
        return NativeSampleStorage.plain(minSlots, geometry, why);
    }

    /**
     * {@inheritDoc}
     *
     * <p>Mirrored (the region mapped twice with {@code mmap}) where storage in memory would be;
     * elsewhere one {@code FileChannel} mapping, which needs no native access.
     */
    @Override
    public SampleStorage mapFile(Path file, long offset, int slots) {
        if (slots <= 0 || offset < 0) {
            throw new IllegalArgumentException("slots must be > 0 and offset >= 0, were " + slots + " and " + offset);
        }
        MemoryGeometry geometry = MemoryGeometry.detected();
        if (offset % geometry.pageSize() != 0 || (long) slots * Float.BYTES % geometry.pageSize() != 0) {
            throw new IllegalArgumentException("offset=" + offset + " and " + slots + " slots are not whole "
                    + geometry.pageSize() + "-byte pages");
        }
        String why = whyNotMirrored();
        if (why == null) {
            try {
                return NativeSampleStorage.mirroredFile(file, offset, slots, geometry);
            } catch (LibC.NativeCallException | IllegalStateException e) {
                why = fellBack(e.getMessage());
            }
        }
        return NativeSampleStorage.plainFile(file, offset, slots, geometry, why);
    }

    /** {@return null when storage may be mirrored, else why not ("" when turned off by the property)} */
    private static String whyNotMirrored() {
        if (!Boolean.parseBoolean(System.getProperty(MIRROR_PROPERTY, "true"))) {
            return "";
        }
        String why;
        if (!NativeAccess.enabled()) {
            why = NativeAccess.reason();
        } else if (!LibC.hasMirrorCalls()) {
            why = "libc lacks memfd_create, open, ftruncate, mmap, munmap or close";
        } else {
            return null;
        }
        return fellBack(why);
    }

    /** Logs the first fallback of the process; returns the reason. */
    private static String fellBack(String why) {
        if (!fallbackLogged) {
            fallbackLogged = true;
            LOG.log(System.Logger.Level.INFO, "ffm storage is not mirrored: " + why);
        }
        return why;
    }
}
