package io.cascade.buffer;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The result of {@link AudioRingBuffer#checkIntegrity()}: what is broken, what is worth
 * attention, and the figures the checks read.
 *
 * @param healthy  {@code true} when {@code issues} is empty
 * @param issues   broken invariants: each names the value seen and the range it must be in
 * @param warnings conditions worth attention that break nothing (fill above 90 % or below
 *                 10 %, reads lagging writes, storage fallbacks)
 * @param metrics  the figures the checks used, by name
 */
public record IntegrityReport(boolean healthy, List<String> issues, List<String> warnings,
                              Map<String, Number> metrics) {

    /**
     * Copies the lists and map (keeping the map's order) so that the report cannot change after
     * it is made.
     */
    public IntegrityReport {
        issues = List.copyOf(issues);
        warnings = List.copyOf(warnings);
        metrics = Collections.unmodifiableMap(new LinkedHashMap<>(metrics));
    }
}
