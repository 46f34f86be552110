package io.cascade.benchmarks.report;

import java.util.ArrayList;
import java.util.List;

/**
 * A ratio of two measurements of one run, fork by fork (fork {@code i} of one against fork
 * {@code i} of the other), so that the spread between forks shows: the median of the fork
 * ratios, and the worst of them for a target.
 */
record Ratio(List<Double> forks) {

    static Ratio of(Results.Metric numerator, Results.Metric denominator) {
        List<Double> ratios = new ArrayList<>();
        int n = Math.min(numerator.forks().size(), denominator.forks().size());
        for (int i = 0; i < n; i++) {
            ratios.add(numerator.forks().get(i) / denominator.forks().get(i));
        }
        return new Ratio(List.copyOf(ratios));
    }

    double median() {
        List<Double> sorted = forks.stream().sorted().toList();
        int n = sorted.size();
        return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
    }

    /** {@return the lowest fork ratio: the one a "at least" target must meet} */
    double lowest() {
        return forks.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
    }

    /** {@return the highest fork ratio: the one an "at most" target must meet} */
    double highest() {
        return forks.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
    }
}
