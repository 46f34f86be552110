package io.cascade.buffer;

import java.util.List;

/**
 * What {@link AudioRingBuffer#recover()} found and did.
 *
 * @param recovered   whether positions were inconsistent and were reset
 * @param samplesLost unread samples given up by the reset
 * @param issues      the position and total issues that were found
 */
public record RecoveryReport(boolean recovered, long samplesLost, List<String> issues) {
    /** Copies the list. */
    public RecoveryReport {
        issues = List.copyOf(issues);
    }
}
