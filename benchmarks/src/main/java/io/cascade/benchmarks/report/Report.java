package io.cascade.benchmarks.report;

import org.openjdk.jmh.profile.GCProfiler;
import org.openjdk.jmh.results.format.ResultFormatType;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

/**
 * Runs the suite and writes {@code benchmarks/results/<date>/}: JMH's JSON ({@code jmh.json}, and
 * {@code jmh-pairs.json} for the run with two producer/consumer pairs), {@code REPORT.md} and
 * {@code streaming.svg}.
 *
 * <pre>
 *   java -jar benchmarks/target/benchmarks.jar ... is JMH itself; this is
 *   java -cp benchmarks/target/benchmarks.jar io.cascade.benchmarks.report.Report quick|full [outDir]
 *   java -cp ... io.cascade.benchmarks.report.Report render outDir     (report again from the JSON there)
 * </pre>
 *
 * {@code quick}: one fork, one warm-up and two measured one-second iterations per benchmark
 * (under 10 minutes on 2 cores; figures indicative). {@code full}: three forks, five warm-up and
 * eight measured iterations, as the targets ask.
 */
public final class Report {
    /** The benchmarks of the report; {@code SteadyPathBenchmark} (producer modes) runs on its own. */
    static final String SUITE = "io\\.cascade\\.benchmarks\\.(BulkWrite|ChunkRead|ChunkStep|Streaming|RoundTrip|Claim"
            + "|MetricsCost)Benchmark\\..*";
    /** The pairs run: the non-blocking Cascade stream, two groups at once. */
    static final String PAIRS = "io\\.cascade\\.benchmarks\\.StreamingBenchmark\\.cascade$";

    private Report() {
    }

    public static void main(String[] args) throws IOException, RunnerException {
        if (args.length < 1 || !List.of("quick", "full", "render").contains(args[0])) {
            System.err.println("usage: Report quick|full [outDir]  |  Report render outDir");
            System.exit(2);
        }
        String mode = args[0];
        Path dir = args.length > 1 ? Path.of(args[1]) : Path.of("benchmarks", "results", LocalDate.now().toString());
        Files.createDirectories(dir);
        if (!mode.equals("render")) {
            boolean quick = mode.equals("quick");
            run(options(quick, SUITE, dir.resolve("jmh.json")));
            run(options(quick, PAIRS, dir.resolve("jmh-pairs.json")).threads(4));
            Files.writeString(dir.resolve("run.txt"), describe(quick) + "\n");
        }
        String description = Files.exists(dir.resolve("run.txt")) ? Files.readString(dir.resolve("run.txt")).trim()
                : "recorded results";
        render(dir, description);
        System.out.println("report: " + dir.resolve("REPORT.md").toAbsolutePath());
    }

    static String describe(boolean quick) {
        return (quick ? "quick: 1 fork x (1 warm-up + 2 measured) 1 s iterations; indicative, targets need the full run"
                : "full: 3 forks x (5 warm-up + 8 measured) 1 s iterations") + ", -prof gc, " + LocalDate.now();
    }

    private static ChainedOptionsBuilder options(boolean quick, String include, Path json) {
        ChainedOptionsBuilder o = new OptionsBuilder().include(include).addProfiler(GCProfiler.class)
                .resultFormat(ResultFormatType.JSON).result(json.toString())
                .shouldFailOnError(true);
        if (quick) {
            o.forks(1).warmupIterations(1).warmupTime(TimeValue.seconds(1)).measurementIterations(2)
                    .measurementTime(TimeValue.seconds(1));
        }
        return o;
    }

    private static void run(ChainedOptionsBuilder options) throws RunnerException {
        new Runner(options.build()).run();
    }

    /** Writes REPORT.md and streaming.svg from every {@code jmh*.json} in {@code dir}. */
    static void render(Path dir, String description) throws IOException {
        List<String> json = new ArrayList<>();
        try (var files = Files.list(dir)) {
            for (Path p : files.filter(p -> p.getFileName().toString().matches("jmh.*\\.json")).sorted().toList()) {
                json.add(Files.readString(p));
            }
        }
        if (json.isEmpty()) {
            throw new IOException("no jmh*.json in " + dir);
        }
        ReportWriter writer = new ReportWriter(Results.parse(json), SeedFigures.measure(), Machine.detect(),
                description);
        Files.writeString(dir.resolve("REPORT.md"), writer.markdown());
        Files.writeString(dir.resolve("streaming.svg"), writer.chart());
    }
}
