package io.cascade.benchmarks.report;

import com.google.gson.Gson;
import com.google.gson.GsonBuilder;
import com.google.gson.JsonParseException;
import com.google.gson.Strictness;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** The results of one JMH run, read from its JSON file. */
final class Results {

    /** Objects read as maps, arrays as lists, numbers as doubles (JMH writes NaN as the string "NaN"). */
    private static final Gson JSON = new GsonBuilder().setStrictness(Strictness.STRICT).create();

    /**
     * A score with the mean of each fork and the lowest and highest single iteration (from JMH's
     * raw data, one list of iterations per fork), so that a report can show the spread.
     */
    record Metric(double score, String unit, List<Double> forks, double lowestIteration, double highestIteration) {

        Metric scaled(double factor) {
            return new Metric(score * factor, unit, forks.stream().map(v -> v * factor).toList(),
                    lowestIteration * factor, highestIteration * factor);
        }
    }

    /**
     * One benchmark of the run.
     *
     * @param name      {@code Class.method} (or {@code Class.group} for a group)
     * @param secondary secondary metrics by name: a group's methods, {@code gc.alloc.rate.norm}
     */
    record Result(String name, String mode, int threads, Map<String, String> params, Metric primary,
                  Map<String, Metric> secondary) {

        Optional<Metric> secondary(String metric) {
            return Optional.ofNullable(secondary.get(metric));
        }

        /** {@return bytes allocated per operation, when the run had {@code -prof gc}} */
        Optional<Double> bytesPerOp() {
            return secondary("gc.alloc.rate.norm").map(Metric::score);
        }
    }

    private final List<Result> results;

    private Results(List<Result> results) {
        this.results = results;
    }

    /** Reads one or more JMH JSON files (a run and its pairs run, say) as one set of results. */
    static Results parse(List<String> jsonFiles) {
        List<Result> results = new ArrayList<>();
        for (String json : jsonFiles) {
            read(json, results);
        }
        return new Results(results);
    }

    private static void read(String json, List<Result> results) {
        Object parsed;
        try {
            parsed = JSON.fromJson(json, Object.class);
        } catch (JsonParseException e) {
            throw new IllegalArgumentException("not a JMH result file: " + e.getMessage(), e);
        }
        if (!(parsed instanceof List<?> items)) {
            throw new IllegalArgumentException("not a JMH result file: expected a JSON array of results");
        }
        for (Object item : items) {
            Map<?, ?> r = (Map<?, ?>) item;
            String benchmark = (String) r.get("benchmark");
            String[] parts = benchmark.split("\\.");
            String name = parts[parts.length - 2] + "." + parts[parts.length - 1];
            Map<String, String> params = new LinkedHashMap<>();
            if (r.get("params") instanceof Map<?, ?> p) {
                p.forEach((k, v) -> params.put((String) k, String.valueOf(v)));
            }
            Map<String, Metric> secondary = new LinkedHashMap<>();
            if (r.get("secondaryMetrics") instanceof Map<?, ?> s) {
                s.forEach((k, v) -> secondary.put(((String) k).replace("\u00b7", ""), metric((Map<?, ?>) v)));
            }
            results.add(new Result(name, (String) r.get("mode"), ((Double) r.get("threads")).intValue(), params,
                    metric((Map<?, ?>) r.get("primaryMetric")), secondary));
        }
    }

    private static Metric metric(Map<?, ?> m) {
        double score = number(m.get("score"));
        List<Double> forks = new ArrayList<>();
        double lowest = score;
        double highest = score;
        if (m.get("rawData") instanceof List<?> raw) {
            lowest = Double.POSITIVE_INFINITY;
            highest = Double.NEGATIVE_INFINITY;
            for (Object fork : raw) {
                double sum = 0;
                int n = 0;
                for (Object v : (List<?>) fork) {
                    sum += number(v);
                    n++;
                    lowest = Math.min(lowest, number(v));
                    highest = Math.max(highest, number(v));
                }
                if (n > 0) {
                    forks.add(sum / n);
                }
            }
        }
        if (forks.isEmpty()) {
            forks.add(score);
            lowest = score;
            highest = score;
        }
        return new Metric(score, (String) m.get("scoreUnit"), List.copyOf(forks), lowest, highest);
    }

    private static double number(Object v) {
        return v instanceof Double d ? d : Double.NaN;
    }

    List<Result> all() {
        return results;
    }

    /** The result of {@code name} whose parameters include all of {@code params} (name=value pairs), at any thread count. */
    Optional<Result> find(String name, String... params) {
        return find(name, -1, params);
    }

    /** The same at {@code threads} threads ({@code -1}: the lowest count there is). */
    Optional<Result> find(String name, int threads, String... params) {
        Result best = null;
        for (Result r : results) {
            if (!r.name().equals(name) || (threads > 0 && r.threads() != threads)) {
                continue;
            }
            boolean all = true;
            for (int i = 0; i + 1 < params.length; i += 2) {
                all &= params[i + 1].equals(r.params().get(params[i]));
            }
            if (all && (best == null || r.threads() < best.threads())) {
                best = r;
            }
        }
        return Optional.ofNullable(best);
    }
}
