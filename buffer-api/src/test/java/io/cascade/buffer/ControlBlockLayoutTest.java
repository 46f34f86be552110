package io.cascade.buffer;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptor keeps each side's fields in its own 128-byte region, without overlaps. */
class ControlBlockLayoutTest {

    @Test
    void fieldsAreDistinctLongsInsideTheBlock() throws IllegalAccessException {
        Set<Long> offsets = new HashSet<>();
        for (Field f : ControlBlockLayout.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || Modifier.isPrivate(f.getModifiers()) || f.getType() != long.class
                    || !isField(f.getName())) {
                continue;
            }
            long offset = f.getLong(null);
            assertThat(offset % Long.BYTES).as(f.getName()).isZero();
            assertThat(offset).as(f.getName()).isBetween(0L, ControlBlockLayout.SIZE - Long.BYTES);
            assertThat(offsets.add(offset)).as("%s overlaps another field", f.getName()).isTrue();
        }
        assertThat(offsets).hasSizeGreaterThan(25);
    }

    private static boolean isField(String name) {
        return !Set.of("REGION", "ALIGNMENT", "SIZE", "MAGIC_VALUE", "VERSION_VALUE").contains(name);
    }

    @Test
    void writerAndReaderFieldsLiveInSeparateLinePairs() {
        long[] writer = {ControlBlockLayout.TAIL, ControlBlockLayout.FLOOR, ControlBlockLayout.WRITE_OPS,
                ControlBlockLayout.SAMPLES_WRITTEN, ControlBlockLayout.OVERFLOWS, ControlBlockLayout.PEAK_FILL,
                ControlBlockLayout.WRITER_WAIT_NANOS};
        long[] reader = {ControlBlockLayout.HEAD, ControlBlockLayout.READ_OPS, ControlBlockLayout.SAMPLES_READ,
                ControlBlockLayout.ZERO_COPY, ControlBlockLayout.DROPPED, ControlBlockLayout.CACHE_EVICTIONS,
                ControlBlockLayout.READER_WAIT_NANOS, ControlBlockLayout.LAPS, ControlBlockLayout.SKIPPED};
        for (long w : writer) {
            assertThat(ControlBlockLayout.regionOf(w)).isEqualTo(1);
        }
        for (long r : reader) {
            assertThat(ControlBlockLayout.regionOf(r)).isEqualTo(2);
        }
        assertThat(ControlBlockLayout.HEAD - ControlBlockLayout.TAIL).isGreaterThanOrEqualTo(128);
        assertThat(ControlBlockLayout.REGION % 64).isZero();
    }

    @Test
    void latenciesFallInPowerOfTwoBuckets() {
        assertThat(ControlBlockLayout.bucketOf(0)).isZero();
        assertThat(ControlBlockLayout.bucketOf(1)).isZero();
        assertThat(ControlBlockLayout.bucketOf(2)).isEqualTo(1);
        assertThat(ControlBlockLayout.bucketOf(1023)).isEqualTo(9);
        assertThat(ControlBlockLayout.bucketOf(1024)).isEqualTo(10);
        assertThat(ControlBlockLayout.bucketOf(Long.MAX_VALUE)).isEqualTo(ControlBlockLayout.HISTOGRAM_BUCKETS - 1);
        assertThat(ControlBlockLayout.READ_HISTOGRAM + ControlBlockLayout.HISTOGRAM_BUCKETS * 8L)
                .isEqualTo(ControlBlockLayout.SIZE);
    }
}
