package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.testkit.AudioRingBufferContract;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The whole contract on the default ffm storage: mirrored where native access is enabled, and
 * the plain fallback in the build's second run of this suite, without native access.
 */
class FfmContractTest extends AudioRingBufferContract {

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }

    @Override
    protected void assertViewOfStorage(AudioRingBuffer buffer, AudioChunk chunk) {
        assertThat(buffer.getBufferStatus().mirrored()).isEqualTo(NativeAccess.enabled());
        MemorySegment storage = storageOf(buffer);
        assertThat(storage.isNative()).isTrue();
        assertThat(storage.address() % MemoryGeometry.detected().pageSize()).as("storage page aligned").isZero();
        assertThat(chunk.data().isNative()).isTrue();
        assertThat(chunk.data().address()).isEqualTo(storage.address() + chunk.readPosition() * 4L);
        assertThat(chunk.asFloatBuffer().isDirect()).isTrue();
    }
}
