package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.testkit.AudioRingBufferContract;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole contract on native storage. */
class FfmContractTest extends AudioRingBufferContract {

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }

    @Override
    protected void assertViewOfStorage(AudioRingBuffer buffer, AudioChunk chunk) {
        MemorySegment storage = storageOf(buffer);
        assertThat(storage.isNative()).isTrue();
        assertThat(storage.address() % 4096).as("storage page aligned").isZero();
        assertThat(chunk.data().isNative()).isTrue();
        assertThat(chunk.data().address()).isEqualTo(storage.address() + chunk.readPosition() * 4L);
        assertThat(chunk.asFloatBuffer().isDirect()).isTrue();
    }
}
