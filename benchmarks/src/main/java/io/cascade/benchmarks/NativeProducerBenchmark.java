package io.cascade.benchmarks;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Fork;
import org.openjdk.jmh.annotations.Level;
import org.openjdk.jmh.annotations.Measurement;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OperationsPerInvocation;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Warmup;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.SymbolLookup;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;

import static java.lang.foreign.ValueLayout.ADDRESS;
import static java.lang.foreign.ValueLayout.JAVA_LONG;

/**
 * The C header's producer path against a plain C {@code memcpy} loop, both in native code
 * ({@code benchmarks/src/main/c/producer_bench.c}): {@code cascade_ring_write} of a block into a
 * mirrored ring file under {@code /dev/shm}, plus the reader's {@code cascade_ring_advance} that
 * makes room again, against {@code memcpy} of the same block into 32,768 floats of ordinary
 * memory at a moving offset. One downcall runs {@value #BLOCKS} blocks, so its own cost (the same
 * for both) is a few percent of a 160-sample block at most. Time per block; the ratio
 * {@code memcpyLoop / ringWrite} is the share of a raw copy's speed that the ring keeps.
 */
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
@Warmup(iterations = 5, time = 1)
@Measurement(iterations = 8, time = 1)
@Fork(value = 3, jvmArgsAppend = "--enable-native-access=ALL-UNNAMED")
public class NativeProducerBenchmark {
    static final int BLOCKS = 1_000;
    static final int SLOTS = 32_768;

    @State(Scope.Benchmark)
    public static class Native {
        @Param({"160", "4096"})
        public int block;

        Arena arena;
        MethodHandle ring;
        MethodHandle memcpy;
        MethodHandle close;
        MemorySegment pair;
        MemorySegment source;
        MemorySegment destination;
        Path dir;
        long position;

        @Setup(Level.Trial)
        public void setUp() throws Throwable {
            arena = Arena.ofShared();
            Path library = NativeBuild.build("producer_bench.c", true);
            SymbolLookup lookup = SymbolLookup.libraryLookup(library, arena);
            Linker linker = Linker.nativeLinker();
            MethodHandle open = linker.downcallHandle(lookup.find("bench_open").orElseThrow(),
                    FunctionDescriptor.of(ADDRESS, ADDRESS, JAVA_LONG));
            ring = linker.downcallHandle(lookup.find("bench_ring").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, ADDRESS, JAVA_LONG, JAVA_LONG), Linker.Option.critical(false));
            memcpy = linker.downcallHandle(lookup.find("bench_memcpy").orElseThrow(),
                    FunctionDescriptor.of(JAVA_LONG, ADDRESS, JAVA_LONG, ADDRESS, JAVA_LONG, JAVA_LONG, JAVA_LONG),
                    Linker.Option.critical(false));
            close = linker.downcallHandle(lookup.find("bench_close").orElseThrow(), FunctionDescriptor.ofVoid(ADDRESS));
            dir = NativeBuild.ringDirectory();
            pair = (MemorySegment) open.invokeExact(arena.allocateFrom(dir.resolve("ring").toString()), (long) SLOTS);
            if (pair.equals(MemorySegment.NULL)) {
                throw new IllegalStateException("bench_open failed");
            }
            source = arena.allocate((long) block * Float.BYTES, 64);
            for (int i = 0; i < block; i++) {
                source.setAtIndex(ValueLayout.JAVA_FLOAT, i, i);
            }
            destination = arena.allocate((long) SLOTS * Float.BYTES, 4096);
        }

        @TearDown(Level.Trial)
        public void tearDown() throws Throwable {
            close.invokeExact(pair);
            arena.close();
            Files.deleteIfExists(dir.resolve("ring"));
        }
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public long ringWrite(Native n) throws Throwable {
        long tail = (long) n.ring.invokeExact(n.pair, n.source, (long) n.block, (long) BLOCKS);
        if (tail < 0) {
            throw new IllegalStateException("cascade_ring_write refused a block");
        }
        return tail;
    }

    @Benchmark
    @OperationsPerInvocation(BLOCKS)
    public long memcpyLoop(Native n) throws Throwable {
        n.position = (long) n.memcpy.invokeExact(n.destination, (long) SLOTS, n.source, (long) n.block, (long) BLOCKS,
                n.position);
        return n.position;
    }
}
