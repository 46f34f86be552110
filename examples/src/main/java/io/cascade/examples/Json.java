package io.cascade.examples;

import io.cascade.examples.vad.Segment;

import java.util.List;
import java.util.Locale;

/** The {@code --json} report, written by hand: a few numbers and strings need no library. */
final class Json {
    private Json() {
    }

    static String report(List<Segment> segments, CascadeVad.Summary s) {
        StringBuilder b = new StringBuilder("{\"segments\":[");
        for (int i = 0; i < segments.size(); i++) {
            Segment seg = segments.get(i);
            b.append(i == 0 ? "" : ",").append(String.format(Locale.ROOT, "{\"start\":%.3f,\"end\":%.3f}",
                    seg.startSeconds(), seg.endSeconds()));
        }
        b.append("],\"summary\":{");
        field(b, "input", s.input()).append(',');
        field(b, "sampleRate", s.sampleRate()).append(',');
        field(b, "channels", s.channels()).append(',');
        field(b, "segments", segments.size()).append(',');
        field(b, "audioSeconds", s.audioSeconds()).append(',');
        field(b, "wallSeconds", s.wallSeconds()).append(',');
        field(b, "realTimeFactor", s.realTimeFactor()).append(',');
        field(b, "chunks", s.chunks()).append(',');
        field(b, "invalidChunks", s.invalidChunks()).append(',');
        field(b, "zeroCopyRate", s.metrics().zeroCopyRate()).append(',');
        field(b, "overflows", s.status().overflowCount()).append(',');
        field(b, "droppedSamples", s.status().droppedSamples()).append(',');
        field(b, "rejectedSamples", s.rejectedSamples()).append(',');
        field(b, "peakFill", s.status().peakUsage()).append(',');
        field(b, "backend", s.status().backend()).append(',');
        field(b, "mirrored", s.status().mirrored()).append(',');
        field(b, "decoder", s.decoder()).append(',');
        field(b, "detector", s.detector()).append(',');
        b.append("\"notes\":[");
        for (int i = 0; i < s.notes().size(); i++) {
            string(b.append(i == 0 ? "" : ","), s.notes().get(i));
        }
        b.append("],");
        field(b, "truncated", s.truncated());
        return b.append("}}").toString();
    }

    private static StringBuilder field(StringBuilder b, String name, Object value) {
        b.append('"').append(name).append("\":");
        if (value instanceof String str) {
            return string(b, str);
        }
        if (value instanceof Double d) {
            return b.append(Double.isFinite(d) ? String.format(Locale.ROOT, "%.6f", d) : "null");
        }
        return b.append(value);
    }

    private static StringBuilder string(StringBuilder b, String str) {
        b.append('"');
        for (char c : str.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"');
    }
}
