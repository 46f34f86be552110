package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields a side writes on every call (its owner, cached position and copies of its own
 * control-block fields) lie on one cache line, with two lines of padding on either side within
 * the object, by the offsets this JVM really gives them (as JCTools' {@code PadClassAssertions}
 * checks its queues), so no other object's hot field can share their line pair.
 */
class SideStatePaddingTest {
    private static final long PAD = ControlBlockDescriptor.REGION;
    private static final String[] HOT_FIELDS = {"owner", "cachedPosition", "position", "floor", "ops", "samples",
            "zeroCopy"};

    @Test
    void eachSidesHotFieldsHaveTwoCacheLinesOfTheirOwnOnEitherSide() {
        ClassLayout layout = ClassLayout.parseClass(SideState.class);
        long first = Long.MAX_VALUE;
        long end = 0;
        for (String field : HOT_FIELDS) {
            long at = offset(layout, field);
            first = Math.min(first, at);
            end = Math.max(end, at + Long.BYTES);
        }
        assertThat(first).as("padding before, in\n%s", layout.toPrintable()).isGreaterThanOrEqualTo(PAD);
        assertThat(layout.instanceSize() - end).as("padding after, in\n%s", layout.toPrintable())
                .isGreaterThanOrEqualTo(PAD);
        assertThat(end - first).as("all on one line, in\n%s", layout.toPrintable()).isLessThanOrEqualTo(64);
    }

    private static long offset(ClassLayout layout, String name) {
        return layout.fields().stream().filter(f -> f.name().equals(name)).mapToLong(FieldLayout::offset).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in\n" + layout.toPrintable()));
    }
}
