package io.cascade.benchmarks;

import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.openjdk.jmh.results.RunResult;
import org.openjdk.jmh.runner.Runner;
import org.openjdk.jmh.runner.RunnerException;
import org.openjdk.jmh.runner.options.ChainedOptionsBuilder;
import org.openjdk.jmh.runner.options.OptionsBuilder;
import org.openjdk.jmh.runner.options.TimeValue;

import java.util.Collection;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Every benchmark class for one short iteration, in this JVM, with one value of each parameter,
 * so that a benchmark that throws, hangs or measures nothing fails the build. Timing is not
 * checked here: that is what the benchmarks are for.
 */
class BenchmarkSmokeTest {

    static Stream<Arguments> classes() {
        return Stream.of(
                Arguments.of(BulkWriteBenchmark.class, 4, new String[] {"backend", "ffm", "samples", "160"}),
                Arguments.of(ChunkReadBenchmark.class, 3, new String[] {"storage", "ffm-plain", "window", "512+256",
                        "position", "wrapping"}),
                Arguments.of(ChunkStepBenchmark.class, 2, new String[] {"storage", "heap", "window", "512+256"}),
                Arguments.of(StreamingBenchmark.class, 7, new String[] {"block", "160", "waitStrategy", "PARK",
                        "producers", "MULTI"}),
                Arguments.of(RoundTripBenchmark.class, 2, new String[0]),
                Arguments.of(PipelineLatencyBenchmark.class, 4, new String[0]),
                Arguments.of(CrossProcessBenchmark.class, 3, new String[] {"block", "160"}),
                Arguments.of(NativeProducerBenchmark.class, 2, new String[] {"block", "160"}),
                Arguments.of(ClaimBenchmark.class, 3, new String[] {"backend", "ffm", "samples", "160"}),
                Arguments.of(MetricsCostBenchmark.class, 1, new String[] {"timing", "true"}),
                Arguments.of(SteadyPathBenchmark.class, 4, new String[] {"backend", "heap", "producers", "SINGLE"}));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("classes")
    @Timeout(value = 120, unit = TimeUnit.SECONDS)
    void runsOneShortIteration(Class<?> benchmark, int expected, String[] params) throws RunnerException {
        ChainedOptionsBuilder options = new OptionsBuilder().include(benchmark.getName() + "\\.").forks(0)
                .warmupIterations(0).measurementIterations(1).measurementTime(TimeValue.milliseconds(100))
                .shouldFailOnError(true).verbosity(org.openjdk.jmh.runner.options.VerboseMode.SILENT);
        for (int i = 0; i + 1 < params.length; i += 2) {
            options.param(params[i], params[i + 1]);
        }
        Collection<RunResult> results = new Runner(options.build()).run();
        assertThat(results).hasSize(expected);
        for (RunResult r : results) {
            double score = r.getPrimaryResult().getScore();
            assertThat(score).as(r.getParams().getBenchmark()).isPositive().isFinite();
        }
    }
}
