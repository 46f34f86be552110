package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields a side writes on every call ({@code owner}, {@code cachedPosition}) have two cache
 * lines of padding on either side within the object, by the offsets this JVM really gives them
 * (as JCTools' {@code PadClassAssertions} checks its queues), so no other object's hot field can
 * share their line pair.
 */
class SideStatePaddingTest {
    private static final long PAD = ControlBlockDescriptor.REGION;

    @Test
    void eachSidesHotFieldsHaveTwoCacheLinesOfTheirOwnOnEitherSide() {
        ClassLayout layout = ClassLayout.parseClass(SideState.class);
        long owner = offset(layout, "owner");
        long cached = offset(layout, "cachedPosition");
        long first = Math.min(owner, cached);
        long end = Math.max(owner, cached) + Long.BYTES;
        assertThat(first).as("padding before, in\n%s", layout.toPrintable()).isGreaterThanOrEqualTo(PAD);
        assertThat(layout.instanceSize() - end).as("padding after, in\n%s", layout.toPrintable())
                .isGreaterThanOrEqualTo(PAD);
        assertThat(end - first).as("both on one line").isLessThanOrEqualTo(64);
    }

    private static long offset(ClassLayout layout, String name) {
        return layout.fields().stream().filter(f -> f.name().equals(name)).mapToLong(FieldLayout::offset).findFirst()
                .orElseThrow(() -> new AssertionError("no field " + name + " in\n" + layout.toPrintable()));
    }
}
