package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;

import java.lang.reflect.Field;
import java.lang.reflect.Modifier;
import java.util.HashSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The descriptor keeps each side's fields in its own 128-byte region, without overlaps. */
class ControlBlockDescriptorTest {

    @Test
    void fieldsAreDistinctLongsInsideTheBlock() throws IllegalAccessException {
        Set<Long> offsets = new HashSet<>();
        for (Field f : ControlBlockDescriptor.class.getDeclaredFields()) {
            if (!Modifier.isStatic(f.getModifiers()) || Modifier.isPrivate(f.getModifiers()) || f.getType() != long.class
                    || !isField(f.getName())) {
                continue;
            }
            long offset = f.getLong(null);
            assertThat(offset % Long.BYTES).as(f.getName()).isZero();
            assertThat(offset).as(f.getName()).isBetween(0L, ControlBlockDescriptor.SIZE - Long.BYTES);
            assertThat(offsets.add(offset)).as("%s overlaps another field", f.getName()).isTrue();
        }
        assertThat(offsets).hasSizeGreaterThan(25);
    }

    private static boolean isField(String name) {
        return !Set.of("REGION", "ALIGNMENT", "SIZE", "MAGIC_VALUE", "VERSION_VALUE", "READER_BLOCK", "READER_BLOCK_SIZE")
                .contains(name);
    }

    @Test
    void writerAndReaderFieldsLiveInSeparateLinePairs() {
        long[] writer = {ControlBlockDescriptor.TAIL, ControlBlockDescriptor.FLOOR, ControlBlockDescriptor.WRITE_OPS,
                ControlBlockDescriptor.SAMPLES_WRITTEN, ControlBlockDescriptor.OVERFLOWS, ControlBlockDescriptor.PEAK_FILL,
                ControlBlockDescriptor.WRITER_WAIT_NANOS};
        long[] reader = {ControlBlockDescriptor.HEAD, ControlBlockDescriptor.READ_OPS, ControlBlockDescriptor.SAMPLES_READ,
                ControlBlockDescriptor.ZERO_COPY, ControlBlockDescriptor.DROPPED, ControlBlockDescriptor.CACHE_EVICTIONS,
                ControlBlockDescriptor.READER_WAIT_NANOS, ControlBlockDescriptor.LAPS, ControlBlockDescriptor.SKIPPED};
        for (long w : writer) {
            assertThat(ControlBlockDescriptor.regionOf(w)).isEqualTo(1);
        }
        for (long r : reader) {
            assertThat(ControlBlockDescriptor.regionOf(r)).isEqualTo(2);
        }
        assertThat(ControlBlockDescriptor.HEAD - ControlBlockDescriptor.TAIL).isGreaterThanOrEqualTo(128);
        assertThat(ControlBlockDescriptor.REGION % 64).isZero();
    }

    @Test
    void latenciesFallInPowerOfTwoBuckets() {
        assertThat(ControlBlockDescriptor.bucketOf(0)).isZero();
        assertThat(ControlBlockDescriptor.bucketOf(1)).isZero();
        assertThat(ControlBlockDescriptor.bucketOf(2)).isEqualTo(1);
        assertThat(ControlBlockDescriptor.bucketOf(1023)).isEqualTo(9);
        assertThat(ControlBlockDescriptor.bucketOf(1024)).isEqualTo(10);
        assertThat(ControlBlockDescriptor.bucketOf(Long.MAX_VALUE)).isEqualTo(ControlBlockDescriptor.HISTOGRAM_BUCKETS - 1);
        assertThat(ControlBlockDescriptor.WRITE_HISTOGRAM + ControlBlockDescriptor.HISTOGRAM_BUCKETS * 8L)
                .isEqualTo(ControlBlockDescriptor.SIZE);
    }
}
