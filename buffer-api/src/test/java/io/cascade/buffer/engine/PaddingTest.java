package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;
import org.openjdk.jol.info.ClassLayout;
import org.openjdk.jol.info.FieldLayout;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fields a thread writes on every call have two cache lines of padding on either side
 * within their object, by the offsets this JVM really gives them (as JCTools'
 * {@code PadClassAssertions} checks its queues), so no other object's fields can share their
 * line pair: a side's owner, cached position and copies of its own control-block fields (which
 * also lie on one line), and the window a take fills.
 */
class PaddingTest {
    private static final long PAD = ControlBlockDescriptor.REGION;

    @Test
    void eachSidesHotFieldsHaveTwoCacheLinesOfTheirOwnOnEitherSide() {
        ClassLayout layout = ClassLayout.parseClass(SideState.class);
        long[] span = span(layout, "owner", "cachedPosition", "position", "floor", "ops", "samples", "zeroCopy");
        assertPadded(layout, span);
        assertThat(span[1] - span[0]).as("all on one line, in\n%s", layout.toPrintable()).isLessThanOrEqualTo(64);
    }

    @Test
    void theFieldsATakeFillsHaveTwoCacheLinesOfTheirOwnOnEitherSide() {
        ClassLayout layout = ClassLayout.parseClass(ChunkWindow.class);
        assertPadded(layout, span(layout, "ring", "base", "byteOffset", "length", "chunkSize", "overlapSize",
                "sequenceNumber", "startPosition", "generation", "unread", "readPosition", "continuous", "entry",
                "entryStamp", "slice"));
    }

    private static void assertPadded(ClassLayout layout, long[] span) {
        assertThat(span[0]).as("padding before, in\n%s", layout.toPrintable()).isGreaterThanOrEqualTo(PAD);
        assertThat(layout.instanceSize() - span[1]).as("padding after, in\n%s", layout.toPrintable())
                .isGreaterThanOrEqualTo(PAD);
    }

    /** {@return the first byte of the named fields and the byte after the last} */
    private static long[] span(ClassLayout layout, String... fields) {
        long first = Long.MAX_VALUE;
        long end = 0;
        for (String name : fields) {
            FieldLayout field = layout.fields().stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> new AssertionError("no field " + name + " in\n" + layout.toPrintable()));
            first = Math.min(first, field.offset());
            end = Math.max(end, field.offset() + field.size());
        }
        return new long[] {first, end};
    }
}
