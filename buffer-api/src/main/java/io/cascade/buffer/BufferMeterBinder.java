package io.cascade.buffer;

import io.cascade.buffer.engine.Snapshot;
import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.FunctionTimer;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Meter;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Tags;
import io.micrometer.core.instrument.binder.BaseUnits;
import io.micrometer.core.instrument.binder.MeterBinder;

import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import java.util.function.ToDoubleFunction;
import java.util.function.ToLongFunction;

/**
 * Publishes a buffer's {@link BufferStatus} and {@link BufferMetrics} as Micrometer meters named
 * {@code cascade.buffer.*}, tagged {@code name}, {@code backend} and {@code policy}:
 *
 * <pre>{@code
 * new BufferMeterBinder(buffer).bindTo(registry);
 * }</pre>
 *
 * <p>Gauges for the fill state, function counters for everything that only grows, function
 * timers for the sampled write and read latencies and the waits, and percentile gauges
 * ({@code phi} tag) of those latencies from a power-of-two histogram kept in the control block.
 * Each reader gets {@code cascade.buffer.reader.*} meters (lag, chunks, laps, dropped samples)
 * tagged {@code reader}, from its creation (or the bind) to its close. Meters read the buffer's
 * counters when the registry polls them; the audio path does nothing for them. {@link #close()},
 * or closing the buffer, removes the meters from every registry they were bound to. Micrometer
 * is an optional dependency: without it on the path this class is simply never loaded.
 */
// Micrometer is required statically on purpose: code that binds meters has Micrometer itself.
@SuppressWarnings("exports")
public final class BufferMeterBinder implements MeterBinder, AutoCloseable {
    /** The latency percentiles published, as Micrometer's {@code phi} tag. */
    private static final double[] PERCENTILES = {0.5, 0.9, 0.99, 0.999};

    private final AudioRingBuffer buffer;
    private final List<Bound> bound = new ArrayList<>();
    /** Set by {@link #close()}: readers added afterwards get no meters. */
    private boolean closed;

    private record Bound(MeterRegistry registry, Meter meter) {
    }

    /**
     * A binder for one buffer.
     *
     * @param buffer the buffer to publish
     */
    public BufferMeterBinder(AudioRingBuffer buffer) {
        this.buffer = Objects.requireNonNull(buffer, "buffer");
    }

    @Override
    public synchronized void bindTo(MeterRegistry registry) {
        Tags tags = Tags.of("name", buffer.name(), "backend", buffer.backend(), "policy", buffer.policy().name());
        AudioRingBuffer b = buffer;
        gauge(registry, "cascade.buffer.samples.available", "Unread samples", "samples", tags,
                x -> x.getBufferStatus().availableSamples());
        gauge(registry, "cascade.buffer.capacity", "Most unread samples the buffer holds", "samples", tags,
                x -> x.getBufferStatus().capacity());
        gauge(registry, "cascade.buffer.usage", "Fill ratio, 0 to 1", null, tags, x -> x.getBufferStatus().usageRatio());
        gauge(registry, "cascade.buffer.usage.peak", "Highest fill ratio seen (exact near full, else sampled)", null, tags,
                x -> x.getBufferStatus().peakUsage());
        gauge(registry, "cascade.buffer.usage.average", "Mean fill ratio over sampled writes", null, tags,
                x -> x.metrics().averageUtilization());
        gauge(registry, "cascade.buffer.zero.copy.rate", "Chunks handed out as views of storage, 0 to 1", null, tags,
                x -> x.metrics().zeroCopyRate());
        gauge(registry, "cascade.buffer.allocated", "Memory held by storage", BaseUnits.BYTES, tags,
                x -> x.getBufferStatus().allocatedBytes());

        counter(registry, "cascade.buffer.writes", "Writes that appended a block", BaseUnits.OPERATIONS, tags,
                Snapshot::writeOps);
        counter(registry, "cascade.buffer.reads", "Chunks handed out", BaseUnits.OPERATIONS, tags, Snapshot::readOps);
        counter(registry, "cascade.buffer.samples.written", "Samples appended", "samples", tags, Snapshot::samplesWritten);
        counter(registry, "cascade.buffer.samples.read", "Samples consumed", "samples", tags, Snapshot::samplesRead);
        counter(registry, "cascade.buffer.written", "Bytes appended", BaseUnits.BYTES, tags,
                s -> s.samplesWritten() * Float.BYTES);
        counter(registry, "cascade.buffer.read", "Bytes consumed", BaseUnits.BYTES, tags,
                s -> s.samplesRead() * Float.BYTES);
        counter(registry, "cascade.buffer.overflows", "Writes refused, timed out or that overwrote", BaseUnits.EVENTS,
                tags, Snapshot::overflows);
        counter(registry, "cascade.buffer.samples.dropped", "Unread samples overwritten", "samples", tags,
                Snapshot::dropped);
        counter(registry, "cascade.buffer.errors", "BufferFullException thrown", BaseUnits.EVENTS,
                tags.and("type", "buffer.full"), Snapshot::fullErrors);
        counter(registry, "cascade.buffer.errors", "InsufficientDataException thrown", BaseUnits.EVENTS,
                tags.and("type", "insufficient.data"), Snapshot::insufficientErrors);
        counter(registry, "cascade.buffer.chunks", "Chunks by how they were handed out", BaseUnits.OPERATIONS,
                tags.and("kind", "zero.copy"), Snapshot::zeroCopy);
        counter(registry, "cascade.buffer.chunks", "Chunks by how they were handed out", BaseUnits.OPERATIONS,
                tags.and("kind", "copied"), Snapshot::copied);
        counter(registry, "cascade.buffer.cache", "Wrapped-chunk copies", BaseUnits.EVENTS,
                tags.and("result", "hit"), Snapshot::cacheHits);
        counter(registry, "cascade.buffer.cache", "Wrapped-chunk copies", BaseUnits.EVENTS,
                tags.and("result", "miss"), Snapshot::cacheMisses);
        counter(registry, "cascade.buffer.cache", "Wrapped-chunk copies", BaseUnits.EVENTS,
                tags.and("result", "eviction"), Snapshot::cacheEvictions);

        timer(registry, "cascade.buffer.write.latency", "Sampled write latency", tags, Snapshot::writesTimed,
                Snapshot::writeNanos);
        timer(registry, "cascade.buffer.read.latency", "Sampled chunk-take latency", tags, Snapshot::readsTimed,
                Snapshot::readNanos);
        timer(registry, "cascade.buffer.wait", "Waits for the write side, room or data", tags,
                s -> s.writerWaits() + s.readerWaits(), s -> s.writerWaitNanos() + s.readerWaitNanos());
        for (double phi : PERCENTILES) {
            String p = Double.toString(phi);
            gauge(registry, "cascade.buffer.write.latency.percentile", "Sampled write latency percentile (power-of-two bucket)",
                    "seconds", tags.and("phi", p),
                    x -> x.latencyPercentileNanos(true, phi) / 1e9);
            gauge(registry, "cascade.buffer.read.latency.percentile", "Sampled chunk-take latency percentile (power-of-two bucket)",
                    "seconds", tags.and("phi", p), x -> x.latencyPercentileNanos(false, phi) / 1e9);
        }
        for (AudioReader reader : b.readers()) {
            bindReader(registry, tags, reader);
        }
        b.onNewReader(reader -> bindReader(registry, tags, reader));
        b.onClose(this::close);
    }

    /** Meters of one reader, tagged {@code reader=<name>}; removed when the reader closes. */
    private synchronized void bindReader(MeterRegistry registry, Tags bufferTags, AudioReader reader) {
        if (closed) {
            return;
        }
        Tags tags = bufferTags.and("reader", reader.name());
        List<Meter> meters = List.of(
                Gauge.builder("cascade.buffer.reader.lag", reader, r -> r.status().lagSamples())
                        .description("Samples written that this reader has not consumed").baseUnit("samples").tags(tags)
                        .strongReference(false).register(registry),
                Gauge.builder("cascade.buffer.reader.lag.time", reader, r -> r.status().lagMillis() / 1e3)
                        .description("Audio this reader is behind the writer").baseUnit("seconds").tags(tags)
                        .strongReference(false).register(registry),
                FunctionCounter.builder("cascade.buffer.reader.chunks", reader, r -> r.status().chunksTaken())
                        .description("Chunks handed to this reader").baseUnit(BaseUnits.OPERATIONS).tags(tags)
                        .register(registry),
                FunctionCounter.builder("cascade.buffer.reader.laps", reader, r -> r.status().laps())
                        .description("Times the writer overwrote samples this reader had not read")
                        .baseUnit(BaseUnits.EVENTS).tags(tags).register(registry),
                FunctionCounter.builder("cascade.buffer.reader.samples.dropped", reader,
                                r -> r.status().droppedSamples())
                        .description("Unread samples this reader lost to laps").baseUnit("samples").tags(tags)
                        .register(registry));
        meters.forEach(m -> bound.add(new Bound(registry, m)));
        reader.onClose(() -> removeAll(registry, meters));
    }

    private synchronized void removeAll(MeterRegistry registry, List<Meter> meters) {
        for (Meter m : meters) {
            registry.remove(m);
            bound.removeIf(b -> b.meter() == m);
        }
    }


    private void gauge(MeterRegistry registry, String name, String description, String unit, Tags tags,
                       ToDoubleFunction<AudioRingBuffer> value) {
        bound.add(new Bound(registry, Gauge.builder(name, buffer, value).description(description).baseUnit(unit)
                .tags(tags).strongReference(false).register(registry)));
    }

    private void counter(MeterRegistry registry, String name, String description, String unit, Tags tags,
                         ToLongFunction<Snapshot> value) {
        bound.add(new Bound(registry, FunctionCounter.builder(name, buffer, b -> value.applyAsLong(b.rawSnapshot()))
                .description(description).baseUnit(unit).tags(tags).register(registry)));
    }

    private void timer(MeterRegistry registry, String name, String description, Tags tags,
                       ToLongFunction<Snapshot> count, ToLongFunction<Snapshot> totalNanos) {
        bound.add(new Bound(registry, FunctionTimer.builder(name, buffer, b -> count.applyAsLong(b.rawSnapshot()),
                        b -> totalNanos.applyAsLong(b.rawSnapshot()), TimeUnit.NANOSECONDS)
                .description(description).tags(tags).register(registry)));
    }

    /** Removes every meter this binder registered. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        for (Bound b : bound) {
            b.registry().remove(b.meter());
        }
        bound.clear();
    }
}
