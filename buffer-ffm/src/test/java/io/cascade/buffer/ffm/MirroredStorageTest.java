package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioConfig;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferStatus;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.IntegrityReport;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.testkit.AudioRingBufferContract;
import io.cascade.buffer.testkit.Internals;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.SplittableRandom;
import java.util.stream.Stream;

import static io.cascade.buffer.testkit.AudioRingBufferContract.ramp;
import static io.cascade.buffer.testkit.AudioRingBufferContract.value;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Mirrored storage: the aliasing itself, zero copy on every chunk, native interop and lifetimes. */
@SuppressWarnings("restricted") // the test itself calls libc to read chunks in place
class MirroredStorageTest {
    private static final AudioConfig MONO = AudioConfig.mono(16_000);
    private static final Linker LINKER = Linker.nativeLinker();
    private static final MethodHandle MEMCPY = LINKER.downcallHandle(LINKER.defaultLookup().find("memcpy").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));
    private static final MethodHandle MEMCMP = LINKER.downcallHandle(LINKER.defaultLookup().find("memcmp").orElseThrow(),
            FunctionDescriptor.of(ValueLayout.JAVA_INT, ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.JAVA_LONG));

    @Test
    void defaultFfmBufferIsMirroredAndEachHalfSeesTheOther() {
        try (AudioRingBuffer b = AudioRingBuffer.create(MONO, 1)) {
            BufferStatus s = b.getBufferStatus();
            assertThat(s.mirrored()).isTrue();
            assertThat(s.alignment()).isEqualTo(MemoryGeometry.detected().pageSize());
            MemorySegment storage = Internals.storage(b);
            int slots = Internals.slots(b);
            assertThat(storage.byteSize()).isEqualTo(2L * slots * 4);
            storage.setAtIndex(ValueLayout.JAVA_FLOAT, 7, 1.5f);
            assertThat(storage.getAtIndex(ValueLayout.JAVA_FLOAT, slots + 7L)).isEqualTo(1.5f);
            storage.setAtIndex(ValueLayout.JAVA_FLOAT, slots + slots - 1L, -2.5f);
            assertThat(storage.getAtIndex(ValueLayout.JAVA_FLOAT, slots - 1L)).isEqualTo(-2.5f);
            IntegrityReport r = b.checkIntegrity();
            assertThat(r.issues()).isEmpty();
            assertThat(r.warnings()).noneMatch(w -> w.contains("mirror"));
        }
    }

    @Test
    void everyChunkOfALongRandomWorkloadIsContinuous() {
        try (AudioRingBuffer b = AudioRingBuffer.builder(MONO).capacitySamples(5_000).backend("ffm").build()) {
            SplittableRandom random = new SplittableRandom(9);
            ChunkView view = b.newChunkView();
            long written = 0;
            long read = 0;
            long chunks = 0;
            for (int step = 0; step < 50_000; step++) {
                if (random.nextBoolean() && b.remainingCapacity() > 0) {
                    int n = 1 + random.nextInt(b.remainingCapacity());
                    b.write(ramp(written, n));
                    written += n;
                }
                int chunk = 1 + random.nextInt(2_000);
                int overlap = random.nextInt(1_000);
                if (b.tryGetChunkWithOverlap(chunk, overlap, view)) {
                    assertThat(view.isContinuous()).isTrue();
                    assertThat(view.get(0)).isEqualTo(value(read));
                    assertThat(view.get(view.length() - 1)).isEqualTo(value(read + view.length() - 1));
                    b.advanceReadPosition(chunk);
                    read += chunk;
                    chunks++;
                }
            }
            assertThat(written).as("many wraps").isGreaterThan(100L * Internals.slots(b));
            assertThat(b.metrics().zeroCopyRate()).isEqualTo(1.0);
            assertThat(b.metrics().copiedReads()).isZero();
            assertThat(b.metrics().zeroCopyReads()).isEqualTo(chunks);
        }
    }

    @Test
    void nativeCodeReadsChunksInPlaceWrappedOrNot() throws Throwable {
        for (String mirror : new String[] {"true", "false"}) {
            System.setProperty(FfmBufferProvider.MIRROR_PROPERTY, mirror);
            try (AudioRingBuffer b = AudioRingBuffer.builder(MONO).capacitySamples(3_000).backend("ffm").build();
                 Arena arena = Arena.ofConfined()) {
                long position = AudioRingBufferContract.positionBeforeEnd(b, 768);
                b.write(ramp(position, 2_000));
                AudioChunk wrapped = b.getChunkWithOverlap(512, 256).orElseThrow();
                assertThat(wrapped.isContinuous()).isEqualTo(Boolean.parseBoolean(mirror));
                b.advanceReadPosition(1_024);
                AudioChunk plain = b.getChunkWithOverlap(512, 256).orElseThrow();
                for (AudioChunk c : new AudioChunk[] {wrapped, plain}) {
                    MemorySegment expected = arena.allocateFrom(ValueLayout.JAVA_FLOAT, ramp(c.startPosition(), 768));
                    assertThat((int) MEMCMP.invokeExact(c.data(), expected, 768L * 4)).isZero();
                    MemorySegment copy = arena.allocate(768L * 4, 64);
                    MemorySegment ignored = (MemorySegment) MEMCPY.invokeExact(copy, c.data(), 768L * 4);
                    assertThat(copy.getAtIndex(ValueLayout.JAVA_FLOAT, 767)).isEqualTo(value(c.startPosition() + 767));
                    assertThat(c.data().address()).isNotZero();
                    assertThat(c.asFloatBuffer().isDirect()).isTrue();
                    assertThat(c.asFloatBuffer().get(100)).isEqualTo(value(c.startPosition() + 100));
                }
            } finally {
                System.clearProperty(FfmBufferProvider.MIRROR_PROPERTY);
            }
        }
    }

    @Test
    void viewsThrowAfterCloseInsteadOfCrashing() {
        AudioRingBuffer b = AudioRingBuffer.create(MONO, 1);
        b.write(ramp(0, 1_000));
        AudioChunk c = b.getChunkWithOverlap(512, 0).orElseThrow();
        MemorySegment data = c.data();
        ChunkView view = b.newChunkView();
        assertThat(b.tryGetChunkWithOverlap(100, 0, view)).isTrue();
        b.close();
        assertThatThrownBy(() -> data.get(ValueLayout.JAVA_FLOAT, 0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> c.get(0)).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(c::toArray).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> view.get(0)).isInstanceOf(IllegalStateException.class);
        assertThat(c.isValid()).isFalse();
    }

    private static long mapsLines() throws IOException {
        try (Stream<String> lines = Files.lines(Path.of("/proc/self/maps"))) {
            return lines.count();
        }
    }

    private static long openFds() throws IOException {
        try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
            return fds.count();
        }
    }

    @Test
    void oneHundredThousandMirroredBuffersLeaveNoMappingOrDescriptorBehind() throws IOException {
        for (int i = 0; i < 2_000; i++) {
            AudioRingBuffer.builder(MONO).capacitySamples(1_000).backend("ffm").build().close();
        }
        long mapsBefore = mapsLines();
        long fdsBefore = openFds();
        for (int i = 0; i < 100_000; i++) {
            try (AudioRingBuffer b = AudioRingBuffer.builder(MONO).capacitySamples(1_000).backend("ffm").build()) {
                if (i % 10_000 == 0) {
                    assertThat(b.getBufferStatus().mirrored()).isTrue();
                    b.write(ramp(0, 10));
                }
            }
        }
        long mapsAfter = mapsLines();
        long fdsAfter = openFds();
        System.out.printf("lifetime: /proc/self/maps %d -> %d lines, /proc/self/fd %d -> %d%n", mapsBefore, mapsAfter,
                fdsBefore, fdsAfter);
        // Each leaked buffer would add two mappings and possibly a descriptor; the JVM itself may map a few pages.
        assertThat(mapsAfter - mapsBefore).isLessThan(50);
        assertThat(fdsAfter).isLessThanOrEqualTo(fdsBefore + 2);
    }

    @Test
    void aFailedMappingUndoesEveryStepBeforeIt() throws IOException {
        long mapsBefore = mapsLines();
        long fdsBefore = openFds();
        try (Arena arena = Arena.ofShared()) {
            // Half a page: the MAP_FIXED map of the second half at base + n is refused with EINVAL,
            // after the descriptor and the reservation were made.
            assertThatThrownBy(() -> MirrorMapping.map(arena, MemoryGeometry.detected().pageSize() / 2))
                    .isInstanceOf(LibC.NativeCallException.class).hasMessageContaining("mmap")
                    .hasMessageContaining("errno 22");
        }
        assertThat(openFds()).isEqualTo(fdsBefore);
        assertThat(mapsLines() - mapsBefore).isLessThan(3);
    }

    @Test
    void resizeMapsANewRegionAndKeepsUnreadSamples() {
        try (AudioRingBuffer b = AudioRingBuffer.builder(MONO).capacitySeconds(1).overflowPolicy(OverflowPolicy.BLOCK)
                .backend("ffm").build()) {
            long position = AudioRingBufferContract.positionBeforeEnd(b, 200);
            b.write(ramp(position, 8_000));
            MemorySegment old = Internals.storage(b);
            assertThat(b.resize(3)).isTrue();
            assertThat(b.getBufferStatus().mirrored()).isTrue();
            assertThatThrownBy(() -> old.get(ValueLayout.JAVA_FLOAT, 0)).isInstanceOf(IllegalStateException.class);
            AudioChunk c = b.getChunkWithOverlap(8_000, 0).orElseThrow();
            assertThat(c.isContinuous()).isTrue();
            for (int i = 0; i < 8_000; i++) {
                assertThat(c.get(i)).isEqualTo(value(position + i));
            }
        }
    }
}
