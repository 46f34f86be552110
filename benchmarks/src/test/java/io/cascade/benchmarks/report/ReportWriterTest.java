package io.cascade.benchmarks.report;

import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

/**
 * The report generator on a recorded JMH JSON (two forks of a short run of part of the suite,
 * with {@code -prof gc}). Expected figures were worked out from the file by hand (fork means of
 * its raw data), not by the code under test.
 */
class ReportWriterTest {
    private static final SeedFigures SEED = new SeedFigures(1.0, 0.97, 64_000, 66_432, 66_432, 64_896, 4096, 4, 0.75);
    private static final Machine MACHINE = new Machine("Test CPU", 2, "Test JDK 25", "Linux test");

    private static Results recorded() throws IOException {
        try (InputStream in = ReportWriterTest.class.getResourceAsStream("/recorded-jmh.json")) {
            return Results.parse(List.of(new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        }
    }

    @Test
    void readsForksParametersGroupsAndAllocation() throws IOException {
        Results r = recorded();
        Results.Result write = r.find("BulkWriteBenchmark.write", "backend", "ffm", "samples", "160", "source", "array")
                .orElseThrow();
        assertThat(write.primary().forks()).hasSize(2);
        assertThat(write.primary().forks().get(0)).isCloseTo(74.809, within(0.001));
        assertThat(write.primary().unit()).isEqualTo("ns/op");
        assertThat(write.bytesPerOp()).isPresent();
        Results.Result cascade = r.find("StreamingBenchmark.cascade", 2, "block", "160").orElseThrow();
        assertThat(cascade.threads()).isEqualTo(2);
        assertThat(cascade.secondary("cascadeProduce")).isPresent();
        assertThat(cascade.bytesPerOp().orElseThrow()).isCloseTo(3.198, within(0.001));
        assertThat(r.find("BulkWriteBenchmark.write", "samples", "999")).isEmpty();
    }

    @Test
    void everyFigureIsARatioToItsBaselineWithTheWorstFork() throws IOException {
        String md = new ReportWriter(recorded(), SEED, MACHINE, "recorded").markdown();
        // Bulk write 160, ffm, array: copy / write per fork = 0.3277 and 0.3042.
        assertThat(md).contains("| ffm | array | 160 | 84.8 | 26.7 | 0.32 | 0.30 |");
        assertThat(md).contains("| bulk write 160 samples, ffm, array | >= 0.7 x copy | 0.32 (worst fork 0.30) | **fail** |");
        // Streaming: producer blocks/s x 160; Cascade / Agrona per fork 0.1415 and 0.1820.
        assertThat(md).contains("| 160 | Agrona OneToOneRingBuffer |");
        assertThat(md).contains("| streaming 160: Cascade / Agrona OneToOneRingBuffer | >= 1.1 x | 0.16 (worst fork 0.14) | **fail** |");
        // Round trip: Cascade / Agrona per fork 26.8 and 2.95; an "at most" target takes the highest.
        assertThat(md).contains("| round trip / Agrona's | <= 1.0 x | 14.8 (worst fork 26.8) | **fail** |");
        // step - writeAdvance = 144.5 - 129.1.
        assertThat(md).contains("| ffm | 512+256 | 145 | 129 | 15.5 | 0.041 |");
        // Benchmarks not in the recording are reported as such, not invented.
        assertThat(md).contains("| thread scalability per pair | >= 0.9 x one pair, up to the cores there are | - "
                + "| not measured |");
        assertThat(md).contains("| take + advance, 768 window, ffm, continuous | <= 10 ns, < 0.01 B/op | - ns, - B/op "
                + "| not measured |");
        assertThat(md).doesNotContain("| 4096 | Cascade");
    }

    @Test
    void seedTargetsMachineAndChart() throws IOException {
        ReportWriter writer = new ReportWriter(recorded(), SEED, MACHINE, "recorded");
        String md = writer.markdown();
        assertThat(md).contains("| CPU | Test CPU |").contains("| cores | 2 |").contains("| JDK | Test JDK 25 |");
        // 640 bytes in 84.8 ns.
        assertThat(md).contains("| write throughput | > 10 MB/s | 7544 MB/s (160-sample writes, ffm) | pass |");
        assertThat(md).contains("| zero-copy rate | > 90 % | 100.0 % mirrored, 97.0 % plain");
        assertThat(md).contains("| memory efficiency | < 2x | 1.04x mirrored");
        assertThat(md).contains("| cache hit rate | > 85 % | 75.0 % (plain storage, each chunk read 4 times) | **fail** |");
        assertThat(md).contains("| memory | <= capacity x 4 + one page (68096 B) | 66432 B at most | pass |");
        String svg = writer.chart();
        assertThat(svg).startsWith("<svg").contains("Cascade").contains("Agrona OneToOneRingBuffer").endsWith("</svg>\n");
        assertThat(svg.split("<rect", -1)).hasSize(3);
    }

    @Test
    void aFileThatIsNotAJmhResultIsRefusedWithTheReason() {
        assertThatThrownBy(() -> Results.parse(List.of("[{\"benchmark\": \"a.B.c\"")))
                .isInstanceOf(IllegalArgumentException.class).hasMessageStartingWith("not a JMH result file: ");
        assertThatThrownBy(() -> Results.parse(List.of("[] x"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageStartingWith("not a JMH result file: ");
        assertThatThrownBy(() -> Results.parse(List.of("{}"))).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("not a JMH result file: expected a JSON array of results");
    }
}
