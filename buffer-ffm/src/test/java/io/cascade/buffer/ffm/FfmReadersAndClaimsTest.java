package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.WriteClaim;
import io.cascade.buffer.testkit.ReadersAndClaimsContract;
import org.junit.jupiter.api.Test;

import java.lang.foreign.Arena;
import java.lang.foreign.FunctionDescriptor;
import java.lang.foreign.Linker;
import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;
import java.lang.invoke.MethodHandle;

import static io.cascade.buffer.testkit.AudioRingBufferContract.assertRamp;
import static io.cascade.buffer.testkit.AudioRingBufferContract.ramp;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Fan-out readers and claims on the default ffm storage (mirrored, claims in place), and in the
 * build's run without native access (plain storage, claims in place unless they wrap).
 */
class FfmReadersAndClaimsTest extends ReadersAndClaimsContract {

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }

    @Override
    protected boolean claimsInPlace() {
        return true; // a slice of native storage needs no restricted call
    }

    @Test
    @SuppressWarnings("restricted") // the test itself calls libc, as a native producer would
    void aNativeFunctionFillsAClaimInPlace() throws Throwable {
        if (!NativeAccess.enabled()) {
            return; // no downcalls here; the scratch path is covered by the contract
        }
        Linker linker = Linker.nativeLinker();
        MethodHandle memcpy = linker.downcallHandle(linker.defaultLookup().find("memcpy").orElseThrow(),
                FunctionDescriptor.of(ValueLayout.ADDRESS, ValueLayout.ADDRESS, ValueLayout.ADDRESS,
                        ValueLayout.JAVA_LONG));
        AudioRingBuffer b = open(16_000, OverflowPolicy.BLOCK);
        try (Arena arena = Arena.ofConfined()) {
            MemorySegment captured = arena.allocate(160L * Float.BYTES, 64);
            MemorySegment.copy(ramp(0, 160), 0, captured, ValueLayout.JAVA_FLOAT, 0, 160);
            try (WriteClaim claim = b.claim(160, true, null)) {
                assertThat(claim.inPlace()).isTrue();
                MemorySegment ignored = (MemorySegment) memcpy.invokeExact(claim.segment(), captured, 160L * Float.BYTES);
                assertThat(ignored.address()).isEqualTo(claim.segment().address());
                claim.commit();
            }
        }
        assertRamp(b.getChunkWithOverlap(160, 0).orElseThrow(), 0);
        assertThat(b.metrics().zeroCopyRate()).isEqualTo(1.0);
    }
}
