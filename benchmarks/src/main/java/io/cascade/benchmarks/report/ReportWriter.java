package io.cascade.benchmarks.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * Turns one run's results into {@code REPORT.md}: a table per group with every figure as a ratio
 * to its baseline from the same run, the seed's targets and ours with pass or fail, the machine,
 * and (through {@link #chart()}) an SVG chart of streaming throughput.
 */
final class ReportWriter {
    /** Peers of the streaming benchmark, by group name, with the name the report shows. */
    static final String[][] PEERS = {
            {"queue:arrayBlockingQueue", "ArrayBlockingQueue<float[]>"},
            {"queue:jctoolsSpsc", "JCTools SpscArrayQueue<float[]>"},
            {"agrona", "Agrona OneToOneRingBuffer"},
            {"disruptor", "LMAX Disruptor"},
            {"synchronizedRing", "synchronized float[] ring"},
    };
    static final String[] BLOCKS = {"160", "4096"};

    /** What a target's figure says. */
    enum Verdict {
        PASS("pass"), FAIL("**fail**"), NOT_MEASURED("not measured"),
        /** Measured, but this machine cannot decide the target (too few cores, say). */
        NO_VERDICT("no verdict on this machine");

        final String text;

        Verdict(String text) {
            this.text = text;
        }

        static Verdict of(boolean pass) {
            return pass ? PASS : FAIL;
        }

        static Verdict of(Optional<Boolean> pass) {
            return pass.map(Verdict::of).orElse(NOT_MEASURED);
        }
    }
    static final String[] SIZES = {"160", "512", "4096", "65536"};

    private final Results results;
    private final SeedFigures seed;
    private final Machine machine;
    private final String runDescription;
    private final StringBuilder out = new StringBuilder();
    private final List<String[]> targets = new ArrayList<>();

    ReportWriter(Results results, SeedFigures seed, Machine machine, String runDescription) {
        this.results = results;
        this.seed = seed;
        this.machine = machine;
        this.runDescription = runDescription;
    }

    // ------------------------------------------------------------------------------ figures

    private Optional<Results.Metric> primary(String name, String... params) {
        return results.find(name, params).map(Results.Result::primary);
    }

    private Optional<Double> bytesPerOp(String name, String... params) {
        return results.find(name, params).flatMap(Results.Result::bytesPerOp);
    }

    /**
     * Samples per second a streaming group carried: its producer's blocks per second times the
     * block. {@code implementation} is a group, or {@code group:queue} for the queue group.
     */
    private Optional<Results.Metric> streamed(String implementation, int threads, String block, String... params) {
        String group = groupOf(implementation);
        String producer = (group.equals("synchronizedRing") ? "synchronized" : group) + "Produce";
        return streamResult(implementation, threads, block, params).flatMap(r -> r.secondary(producer))
                .map(m -> scale(m, Integer.parseInt(block)));
    }

    private static String groupOf(String implementation) {
        int colon = implementation.indexOf(':');
        return colon < 0 ? implementation : implementation.substring(0, colon);
    }

    private Optional<Results.Result> streamResult(String implementation, int threads, String block, String... params) {
        String group = groupOf(implementation);
        List<String> all = new ArrayList<>(List.of("block", block));
        all.addAll(List.of(params));
        if (!group.equals(implementation)) {
            all.addAll(List.of("queue", implementation.substring(group.length() + 1)));
        }
        return results.find("StreamingBenchmark." + group, threads, all.toArray(String[]::new));
    }

    private static Results.Metric scale(Results.Metric m, double factor) {
        return m.scaled(factor);
    }

    /** {@return "low-high" of single iterations, in millions} */
    private static String spread(Results.Metric m) {
        return fmt(m.lowestIteration() / 1e6) + "-" + fmt(m.highestIteration() / 1e6);
    }

    // ------------------------------------------------------------------------------ report

    String markdown() {
        out.setLength(0);
        targets.clear();
        line("# Cascade Buffer: benchmark report");
        line("");
        line("| | |");
        line("|---|---|");
        line("| run | " + runDescription + " |");
        line("| CPU | " + machine.cpu() + " |");
        line("| cores | " + machine.cores() + " |");
        line("| JDK | " + machine.jdk() + " |");
        line("| OS | " + machine.os() + " |");
        line("");
        line("Every ratio compares two benchmarks of this one run, fork by fork (fork i of one against fork i");
        line("of the other): the table shows the median of the fork ratios and the worst fork, which is the");
        line("one a target must meet. Times are JMH averages; B/op is JMH's `gc.alloc.rate.norm`.");
        line("");

        String bulk = bulkWrites();
        String reads = chunkReads();
        String streaming = streaming();
        String roundTrip = roundTrip();
        String other = otherCosts();
        String seedTable = seedTargets();

        line("## Targets");
        line("");
        line("| target | goal | measured | result |");
        line("|---|---|---|---|");
        for (String[] t : targets) {
            line("| " + String.join(" | ", t) + " |");
        }
        line("");
        out.append(seedTable).append(bulk).append(reads).append(streaming).append(roundTrip).append(other);
        return out.toString();
    }

    private void line(String s) {
        out.append(s).append('\n');
    }

    private void target(String what, String goal, String measured, Verdict verdict) {
        targets.add(new String[] {what, goal, measured, verdict.text});
    }

    private void target(String what, String goal, String measured, boolean pass) {
        target(what, goal, measured, Verdict.of(pass));
    }

    private void target(String what, String goal, String measured, Optional<Boolean> pass) {
        target(what, goal, measured, Verdict.of(pass));
    }

    private String seedTargets() {
        StringBuilder s = new StringBuilder("## The seed's six targets\n\n| target | seed | measured | result |\n"
                + "|---|---|---|---|\n");
        Optional<Results.Metric> write160 = primary("BulkWriteBenchmark.write", "backend", "ffm", "samples", "160",
                "source", "array");
        String throughput = write160.map(m -> fmt(160 * Float.BYTES / m.score() * 1e3) + " MB/s (160-sample writes, ffm)")
                .orElse("-");
        s.append(row("write throughput", "> 10 MB/s", throughput,
                write160.map(m -> 160 * Float.BYTES / m.score() * 1e3 > 10)));
        Optional<Results.Metric> take = primary("ChunkReadBenchmark.take", "storage", "ffm", "window", "512+256",
                "position", "continuous");
        s.append(row("read latency", "< 0.1 ms", take.map(m -> fmt(m.score()) + " ns (take of 512 + 256, ffm)").orElse("-"),
                take.map(m -> m.score() < 100_000)));
        s.append(row("zero-copy rate", "> 90 %", pct(seed.zeroCopyMirrored()) + " mirrored, " + pct(seed.zeroCopyPlain())
                + " plain (512 + 256 windows, 1 s buffer)", Optional.of(seed.zeroCopyPlain() > 0.9)));
        double worstMemory = Math.max(seed.allocatedMirrored(), Math.max(seed.allocatedPlain(), seed.allocatedHeap()))
                / (double) seed.capacityBytes();
        s.append(row("memory efficiency", "< 2x", fmt(seed.allocatedMirrored() / (double) seed.capacityBytes())
                + "x mirrored, " + fmt(seed.allocatedPlain() / (double) seed.capacityBytes()) + "x plain, "
                + fmt(seed.allocatedHeap() / (double) seed.capacityBytes()) + "x heap (allocated / capacity)",
                Optional.of(worstMemory < 2)));
        Optional<Ratio> scaling = scaling();
        boolean oversubscribed = pairs() * 2 > machine.cores();
        s.append(row("thread scalability", "per pair ~ one pair", scaling.map(r -> fmt(r.median())
                + " per pair at " + pairs() + " pairs (worst fork " + fmt(r.lowest()) + ")"
                + (oversubscribed ? "; " + pairs() * 2 + " threads on " + machine.cores() + " cores" : "")).orElse("-"),
                oversubscribed && scaling.isPresent() ? Verdict.NO_VERDICT
                        : Verdict.of(scaling.map(r -> r.lowest() >= 0.9))));
        s.append(row("cache hit rate", "> 85 %", pct(seed.cacheHitRatePlain()) + " (plain storage, each chunk read "
                + seed.readsPerChunk() + " times)", Optional.of(seed.cacheHitRatePlain() > 0.85)));
        s.append('\n');

        target("zero-copy rate, mirrored", "1.0", fmt3(seed.zeroCopyMirrored()), seed.zeroCopyMirrored() == 1.0);
        target("zero-copy rate, plain, 512 + 256", "> 0.9", fmt3(seed.zeroCopyPlain()), seed.zeroCopyPlain() > 0.9);
        long limit = seed.capacityBytes() + seed.pageSize();
        long worst = Math.max(seed.allocatedMirrored(), Math.max(seed.allocatedPlain(), seed.allocatedHeap()));
        target("memory", "<= capacity x 4 + one page (" + limit + " B)", worst + " B at most", worst <= limit);
        target("thread scalability per pair", ">= 0.9 x one pair, up to the cores there are",
                scaling.map(r -> fmt(r.lowest()) + " worst fork at " + pairs() + " pairs"
                        + (oversubscribed ? " (" + pairs() * 2 + " spinning threads on " + machine.cores()
                        + " cores: oversubscribed, not a scaling figure)" : "")).orElse("-"),
                scaling.isEmpty() ? Verdict.NOT_MEASURED : oversubscribed ? Verdict.NO_VERDICT
                        : Verdict.of(scaling.get().lowest() >= 0.9));
        return s.toString();
    }

    private int pairs() {
        return results.all().stream().filter(r -> r.name().equals("StreamingBenchmark.cascade"))
                .mapToInt(r -> r.threads() / 2).max().orElse(1);
    }

    /** Per-pair throughput at the most pairs run, against one pair (160-sample blocks). */
    private Optional<Ratio> scaling() {
        int pairs = pairs();
        if (pairs < 2) {
            return Optional.empty();
        }
        Optional<Results.Metric> one = streamed("cascade", 2, "160");
        Optional<Results.Metric> many = streamed("cascade", pairs * 2, "160");
        if (one.isEmpty() || many.isEmpty()) {
            return Optional.empty();
        }
        // JMH sums a group's score over all groups: divide by the pairs.
        return Optional.of(Ratio.of(scale(many.get(), 1.0 / pairs), one.get()));
    }

    private static String row(String what, String goal, String measured, Optional<Boolean> pass) {
        return row(what, goal, measured, Verdict.of(pass));
    }

    private static String row(String what, String goal, String measured, Verdict verdict) {
        return "| " + what + " | " + goal + " | " + measured + " | " + verdict.text + " |\n";
    }

    private String bulkWrites() {
        StringBuilder s = new StringBuilder("## Bulk writes against the raw copy\n\n"
                + "`write` of the block (and the advance that frees its room) against a copy of the same bytes into a\n"
                + "region as large as the ring. Ratio = copy time / write time: the share of copy bandwidth kept.\n\n"
                + "| backend | source | samples | write ns | copy ns | ratio (median) | worst fork | write B/op |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String backend : new String[] {"ffm", "heap"}) {
            for (String source : new String[] {"array", "segment"}) {
                for (String size : SIZES) {
                    Optional<Results.Metric> write = primary("BulkWriteBenchmark.write", "backend", backend, "samples",
                            size, "source", source);
                    Optional<Results.Metric> copy = primary("BulkWriteBenchmark.copy", "backend", backend, "samples",
                            size, "source", source);
                    if (write.isEmpty() || copy.isEmpty()) {
                        continue;
                    }
                    Ratio r = Ratio.of(copy.get(), write.get());
                    s.append("| ").append(backend).append(" | ").append(source).append(" | ").append(size).append(" | ")
                            .append(fmt(write.get().score())).append(" | ").append(fmt(copy.get().score())).append(" | ")
                            .append(fmt(r.median())).append(" | ").append(fmt(r.lowest())).append(" | ")
                            .append(bytes(bytesPerOp("BulkWriteBenchmark.write", "backend", backend, "samples", size,
                                    "source", source))).append(" |\n");
                    if (size.equals("4096") || size.equals("160")) {
                        double goal = size.equals("4096") ? 0.85 : 0.7;
                        target("bulk write " + size + " samples, " + backend + ", " + source, ">= " + goal + " x copy",
                                fmt(r.median()) + " (worst fork " + fmt(r.lowest()) + ")", r.lowest() >= goal);
                    }
                }
            }
        }
        return s.append('\n').toString();
    }

    private String chunkReads() {
        StringBuilder s = new StringBuilder("## Overlapped chunk reads\n\n"
                + "The same window taken again and again (a peek): in place into a reused `ChunkView`, and as\n"
                + "`Optional<AudioChunk>`. `wrapping` puts the window across the end of storage: copied (once, then\n"
                + "served from the wrapped-chunk cache) on plain storage, a view on mirrored storage.\n\n"
                + "`take + advance` adds an advance of 0 (every step of an advance but the move) to each take.\n\n"
                + "| storage | window | position | take ns | take + advance ns | take + advance B/op | Optional ns | Optional B/op |\n"
                + "|---|---|---|---|---|---|---|---|\n");
        for (String storage : new String[] {"ffm", "ffm-plain", "heap"}) {
            for (String window : new String[] {"512+256", "4096+1024"}) {
                for (String position : new String[] {"continuous", "wrapping"}) {
                    String[] p = {"storage", storage, "window", window, "position", position};
                    Optional<Results.Metric> take = primary("ChunkReadBenchmark.take", p);
                    Optional<Results.Metric> optional = primary("ChunkReadBenchmark.takeOptional", p);
                    Optional<Results.Metric> takeAdvance = primary("ChunkReadBenchmark.takeAdvance", p);
                    Optional<Double> takeAdvanceBytes = bytesPerOp("ChunkReadBenchmark.takeAdvance", p);
                    if (window.equals("512+256")) {
                        target("take + advance, 768 window, " + storage + ", " + position, "<= 10 ns, < 0.01 B/op",
                                takeAdvance.map(m -> fmt(m.score()) + " ns, ").orElse("- ns, ") + bytes(takeAdvanceBytes)
                                        + " B/op", takeAdvance.isEmpty() || takeAdvanceBytes.isEmpty()
                                        ? Verdict.NOT_MEASURED
                                        : Verdict.of(takeAdvance.get().score() <= 10 && takeAdvanceBytes.get() < 0.01));
                    }
                    if (take.isEmpty()) {
                        continue;
                    }
                    s.append("| ").append(storage).append(" | ").append(window).append(" | ").append(position)
                            .append(" | ").append(fmt(take.get().score())).append(" | ")
                            .append(takeAdvance.map(m -> fmt(m.score())).orElse("-")).append(" | ")
                            .append(bytes(takeAdvanceBytes)).append(" | ")
                            .append(optional.map(m -> fmt(m.score())).orElse("-")).append(" | ")
                            .append(bytes(bytesPerOp("ChunkReadBenchmark.takeOptional", p))).append(" |\n");
                }
            }
        }
        s.append("\n### In the streaming step\n\n"
                + "`step` = write one hop + take the window + advance the hop; `writeAdvance` = the same without the\n"
                + "take: the difference is what taking the chunk adds inside the stream (wrapping chunks included).\n\n"
                + "| storage | window | step ns | writeAdvance ns | step - writeAdvance | step B/op |\n"
                + "|---|---|---|---|---|---|\n");
        for (String storage : new String[] {"ffm", "ffm-plain", "heap"}) {
            for (String window : new String[] {"512+256", "4096+1024"}) {
                String[] p = {"storage", storage, "window", window};
                Optional<Results.Metric> step = primary("ChunkStepBenchmark.step", p);
                Optional<Results.Metric> writeAdvance = primary("ChunkStepBenchmark.writeAdvance", p);
                if (step.isEmpty() || writeAdvance.isEmpty()) {
                    continue;
                }
                Optional<Double> stepBytes = bytesPerOp("ChunkStepBenchmark.step", p);
                s.append("| ").append(storage).append(" | ").append(window).append(" | ").append(fmt(step.get().score()))
                        .append(" | ").append(fmt(writeAdvance.get().score())).append(" | ")
                        .append(fmt(step.get().score() - writeAdvance.get().score())).append(" | ")
                        .append(bytes(stepBytes)).append(" |\n");
                if (window.equals("512+256")) {
                    target("steady path (write + take + advance) allocation, " + storage, "< 0.01 B/op",
                            bytes(stepBytes), stepBytes.map(b -> b < 0.01));
                }
            }
        }
        return s.append('\n').toString();
    }

    private String streaming() {
        StringBuilder s = new StringBuilder("## Streaming, one producer and one consumer\n\n"
                + "Blocks in, 512 + 256 windows out (hop 512), 128 KiB of samples in flight, the consumer reading every\n"
                + "cache line of each window. Samples per second the pipeline carried; ratio = Cascade / the peer.\n"
                + "B/op is per operation of the group (both threads' calls). The iteration range shows how far single\n"
                + "one-second iterations of two spinning threads spread on this machine.\n\n"
                + "![streaming throughput](streaming.svg)\n\n"
                + "| block | implementation | M samples/s | iterations, M samples/s | Cascade / it (median) | worst fork | B/op |\n"
                + "|---|---|---|---|---|---|---|\n");
        for (String block : BLOCKS) {
            Optional<Results.Metric> ours = streamed("cascade", 2, block);
            if (ours.isEmpty()) {
                continue;
            }
            s.append("| ").append(block).append(" | Cascade (ffm, mirrored) | ").append(fmt(ours.get().score() / 1e6))
                    .append(" | ").append(spread(ours.get())).append(" | 1 | 1 | ").append(bytes(results.find("StreamingBenchmark.cascade", 2, "block", block)
                            .flatMap(Results.Result::bytesPerOp))).append(" |\n");
            Optional<Double> ourBytes = results.find("StreamingBenchmark.cascade", 2, "block", block)
                    .flatMap(Results.Result::bytesPerOp);
            target("streaming " + block + "-sample blocks: our allocation", "0 B/op", bytes(ourBytes),
                    ourBytes.map(b -> b < 0.01));
            for (String[] peer : PEERS) {
                Optional<Results.Metric> theirs = streamed(peer[0], 2, block);
                if (theirs.isEmpty()) {
                    continue;
                }
                Ratio r = Ratio.of(ours.get(), theirs.get());
                s.append("| ").append(block).append(" | ").append(peer[1]).append(" | ")
                        .append(fmt(theirs.get().score() / 1e6)).append(" | ").append(spread(theirs.get()))
                        .append(" | ").append(fmt(r.median())).append(" | ")
                        .append(fmt(r.lowest())).append(" | ")
                        .append(bytes(streamResult(peer[0], 2, block).flatMap(Results.Result::bytesPerOp)))
                        .append(" |\n");
                double goal = streamingGoal(block, peer[0]);
                if (goal > 0) {
                    target("streaming " + block + ": Cascade / " + peer[1], ">= " + goal + " x",
                            fmt(r.median()) + " (worst fork " + fmt(r.lowest()) + ")", r.lowest() >= goal);
                }
            }
        }
        s.append("\n### Wait strategies\n\nThe same stream through the blocking calls (`write` with a timeout, "
                + "`awaitChunk` into a view), against the non-blocking calls above.\n\n"
                + "PARK with MULTI producers is what the builder gives by default.\n\n"
                + "| block | strategy | producers | M samples/s | / non-blocking (median) |\n|---|---|---|---|---|\n");
        for (String block : BLOCKS) {
            Optional<Results.Metric> ours = streamed("cascade", 2, block);
            for (String strategy : new String[] {"SPIN", "PARK"}) {
                for (String producers : new String[] {"SINGLE", "MULTI"}) {
                    Optional<Results.Metric> m = streamed("cascadeBlocking", 2, block, "waitStrategy", strategy,
                            "producers", producers);
                    if (m.isEmpty()) {
                        continue;
                    }
                    s.append("| ").append(block).append(" | ").append(strategy).append(" | ").append(producers)
                            .append(" | ").append(fmt(m.get().score() / 1e6)).append(" | ")
                            .append(ours.map(o -> fmt(Ratio.of(m.get(), o).median())).orElse("-")).append(" |\n");
                }
            }
        }
        Optional<Ratio> scaling = scaling();
        s.append("\n### Independent pairs\n\n");
        if (scaling.isPresent()) {
            s.append("Cascade with ").append(pairs()).append(" producer/consumer pairs at once, each on its own buffer: "
                    + "per-pair throughput / one pair's = ").append(fmt(scaling.get().median())).append(" (worst fork ")
                    .append(fmt(scaling.get().lowest())).append("), on ").append(machine.cores()).append(" cores.\n\n");
        } else {
            s.append("Not measured in this run.\n\n");
        }
        return s.toString();
    }

    /** The goal for Cascade / peer, or 0 where there is none. */
    private static double streamingGoal(String block, String peer) {
        if (block.equals("160")) {
            return switch (peer) {
                case "queue:arrayBlockingQueue" -> 3.0;
                case "agrona" -> 1.1;
                case "disruptor", "queue:jctoolsSpsc" -> 1.0;
                default -> 0;
            };
        }
        return peer.equals("queue:arrayBlockingQueue") ? 1.15 : 1.1;
    }

    private String roundTrip() {
        StringBuilder s = new StringBuilder("## Round trip of one 160-sample block\n\n");
        Optional<Results.Metric> ours = results.find("RoundTripBenchmark.cascade").flatMap(r -> r.secondary("cascadePing"));
        Optional<Results.Metric> agrona = results.find("RoundTripBenchmark.agrona").flatMap(r -> r.secondary("agronaPing"));
        if (ours.isEmpty() || agrona.isEmpty()) {
            target("round trip / Agrona's", "<= 1.0 x", "-", Verdict.NOT_MEASURED);
            return s.append("Not measured in this run.\n\n").toString();
        }
        Ratio r = Ratio.of(ours.get(), agrona.get());
        s.append("| implementation | ns per round trip |\n|---|---|\n| Cascade | ").append(fmt(ours.get().score()))
                .append(" |\n| Agrona OneToOneRingBuffer | ").append(fmt(agrona.get().score()))
                .append(" |\n\nCascade / Agrona: ").append(fmt(r.median())).append(" (worst fork ")
                .append(fmt(r.highest())).append(").\n\n");
        target("round trip / Agrona's", "<= 1.0 x", fmt(r.median()) + " (worst fork " + fmt(r.highest()) + ")",
                r.highest() <= 1.0);
        return s.toString();
    }

    private String otherCosts() {
        StringBuilder s = new StringBuilder("## Claims, metrics\n\n"
                + "`claim` + fill + `commit` against `write` of the same samples (ratio = write time / claim time).\n\n"
                + "| backend | samples | claim ns | claim B/op | write(float[]) ns | write / claim |\n"
                + "|---|---|---|---|---|---|\n");
        for (String backend : new String[] {"ffm", "heap"}) {
            for (String size : new String[] {"160", "4096"}) {
                Optional<Results.Metric> claim = primary("ClaimBenchmark.claimFillCommit", "backend", backend,
                        "samples", size);
                Optional<Results.Metric> write = primary("ClaimBenchmark.writeArray", "backend", backend, "samples", size);
                if (claim.isEmpty() || write.isEmpty()) {
                    continue;
                }
                s.append("| ").append(backend).append(" | ").append(size).append(" | ").append(fmt(claim.get().score()))
                        .append(" | ").append(bytes(bytesPerOp("ClaimBenchmark.claimFillCommit", "backend", backend,
                                "samples", size))).append(" | ").append(fmt(write.get().score())).append(" | ")
                        .append(fmt(Ratio.of(write.get(), claim.get()).median())).append(" |\n");
            }
        }
        Optional<Results.Metric> on = primary("MetricsCostBenchmark.step", "timing", "true");
        Optional<Results.Metric> off = primary("MetricsCostBenchmark.step", "timing", "false");
        if (on.isPresent() && off.isPresent()) {
            Ratio r = Ratio.of(on.get(), off.get());
            s.append("\nLatency timing on / off (throughput of the write + take + advance step): ")
                    .append(fmt(r.median())).append(" (worst fork ").append(fmt(r.lowest())).append(").\n");
            target("metrics on / off", ">= 0.95", fmt(r.median()) + " (worst fork " + fmt(r.lowest()) + ")",
                    r.lowest() >= 0.95);
        }
        return s.append('\n').toString();
    }

    // ------------------------------------------------------------------------------ chart

    /** A horizontal bar chart of streaming throughput per implementation, one panel per block size. */
    String chart() {
        List<String[]> bars = new ArrayList<>();
        double max = 0;
        for (String block : BLOCKS) {
            List<String[]> rows = new ArrayList<>();
            streamed("cascade", 2, block).ifPresent(m -> rows.add(new String[] {"Cascade", Double.toString(m.score())}));
            for (String[] peer : PEERS) {
                streamed(peer[0], 2, block).ifPresent(m -> rows.add(new String[] {peer[1], Double.toString(m.score())}));
            }
            for (String[] r : rows) {
                bars.add(new String[] {block, r[0], r[1]});
                max = Math.max(max, Double.parseDouble(r[1]));
            }
        }
        int rowHeight = 22;
        int labelWidth = 260;
        int barWidth = 420;
        int height = 40 + bars.size() * rowHeight + BLOCKS.length * 24;
        StringBuilder svg = new StringBuilder();
        svg.append("<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"").append(labelWidth + barWidth + 120)
                .append("\" height=\"").append(height).append("\" font-family=\"sans-serif\" font-size=\"12\">\n");
        svg.append("<text x=\"10\" y=\"20\" font-size=\"14\">Streaming throughput, million samples per second "
                + "(512 + 256 windows)</text>\n");
        int y = 40;
        String current = null;
        for (String[] bar : bars) {
            if (!bar[0].equals(current)) {
                current = bar[0];
                y += 6;
                svg.append("<text x=\"10\" y=\"").append(y + 12).append("\" font-weight=\"bold\">").append(current)
                        .append("-sample blocks</text>\n");
                y += 18;
            }
            double value = Double.parseDouble(bar[2]);
            int width = max == 0 ? 0 : (int) Math.round(barWidth * value / max);
            boolean ours = bar[1].equals("Cascade");
            svg.append("<text x=\"").append(labelWidth - 6).append("\" y=\"").append(y + 14)
                    .append("\" text-anchor=\"end\">").append(escape(bar[1])).append("</text>\n");
            svg.append("<rect x=\"").append(labelWidth).append("\" y=\"").append(y + 3).append("\" width=\"")
                    .append(width).append("\" height=\"").append(rowHeight - 6).append("\" fill=\"")
                    .append(ours ? "#d9480f" : "#868e96").append("\"/>\n");
            svg.append("<text x=\"").append(labelWidth + width + 6).append("\" y=\"").append(y + 14).append("\">")
                    .append(fmt(value / 1e6)).append("</text>\n");
            y += rowHeight;
        }
        svg.append("</svg>\n");
        return svg.toString();
    }

    private static String escape(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    // ------------------------------------------------------------------------------ format

    static String fmt(double v) {
        if (Double.isNaN(v)) {
            return "-";
        }
        double a = Math.abs(v);
        return String.format(Locale.ROOT, a >= 100 ? "%.0f" : a >= 10 ? "%.1f" : "%.2f", v);
    }

    private static String fmt3(double v) {
        return String.format(Locale.ROOT, "%.3f", v);
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.1f %%", v * 100);
    }

    private static String bytes(Optional<Double> b) {
        return b.map(v -> String.format(Locale.ROOT, v < 1 ? "%.3f" : "%.1f", v)).orElse("-");
    }
}
