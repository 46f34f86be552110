package io.cascade.buffer.engine;

import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * With no recording, the events cost no allocation even where no escape analysis runs (these
 * calls run interpreted or C1-compiled here, as a rare overflow does in a service); with one,
 * they are recorded.
 */
class BufferEventsTest {
    private static final int CALLS = 10_000;

    @Test
    void disabledEventsAllocateNothing() {
        com.sun.management.ThreadMXBean threads = (com.sun.management.ThreadMXBean) ManagementFactory.getThreadMXBean();
        everyEvent(); // loads the classes
        long before = threads.getCurrentThreadAllocatedBytes();
        for (int i = 0; i < CALLS; i++) {
            everyEvent();
        }
        long allocated = threads.getCurrentThreadAllocatedBytes() - before;
        // An event object is 40 bytes or more; making each of these five would be 2 MB.
        assertThat(allocated).as("bytes allocated by %d rounds of disabled events", CALLS).isLessThan(CALLS);
    }

    @Test
    void anEnabledOverflowIsRecordedWithItsFields(@TempDir Path dir) throws Exception {
        Path file = dir.resolve("events.jfr");
        try (Recording recording = new Recording()) {
            recording.enable("io.cascade.buffer.Overflow");
            recording.start();
            BufferEvents.overflow("probe", "REJECT", 160, 0, true, 16_000);
            recording.stop();
            recording.dump(file);
        }
        List<RecordedEvent> events = RecordingFile.readAllEvents(file);
        assertThat(events).filteredOn(e -> e.getEventType().getName().equals("io.cascade.buffer.Overflow"))
                .singleElement()
                .satisfies(e -> {
                    assertThat(e.getString("buffer")).isEqualTo("probe");
                    assertThat(e.getInt("attempted")).isEqualTo(160);
                    assertThat(e.getBoolean("refused")).isTrue();
                });
    }

    private static void everyEvent() {
        BufferEvents.overflow("probe", "REJECT", 160, 0, true, 16_000);
        BufferEvents.endWriterBlocked(BufferEvents.beginWriterBlocked(), "probe", 160);
        BufferEvents.starved("probe", 768, 0);
        BufferEvents.resize("probe", 16_000, 32_000, 0, true);
        BufferEvents.integrityProblem("probe", "none");
    }
}
