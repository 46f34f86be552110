package io.cascade.buffer.ffm;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.testkit.AudioRingBufferContract;
import org.junit.jupiter.api.extension.ExtendWith;

import java.lang.foreign.MemorySegment;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole contract on plain (not mirrored) native storage, where wrapped chunks are copied. */
@ExtendWith(PlainStorage.class)
class FfmPlainContractTest extends AudioRingBufferContract {

    @Override
    protected String backend() {
        return FfmBufferProvider.NAME;
    }

    @Override
    protected void assertViewOfStorage(AudioRingBuffer buffer, AudioChunk chunk) {
        assertThat(buffer.getBufferStatus().mirrored()).isFalse();
        MemorySegment storage = storageOf(buffer);
        assertThat(storage.address() % buffer.getBufferStatus().alignment()).isZero();
        assertThat(chunk.data().address()).isEqualTo(storage.address() + chunk.readPosition() * 4L);
    }
}
