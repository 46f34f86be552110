package io.cascade.buffer.heap;

import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.testkit.AudioRingBufferContract;

import static org.assertj.core.api.Assertions.assertThat;

/** The whole contract on {@code float[]} storage. */
class HeapContractTest extends AudioRingBufferContract {

    @Override
    protected String backend() {
        return HeapBufferProvider.NAME;
    }

    @Override
    protected void assertViewOfStorage(AudioRingBuffer buffer, AudioChunk chunk) {
        Object storageArray = storageOf(buffer).heapBase().orElseThrow();
        assertThat(storageArray).isInstanceOf(float[].class);
        assertThat(chunk.data().heapBase().orElseThrow()).isSameAs(storageArray);
        assertThat(chunk.data().address()).isEqualTo(chunk.readPosition() * 4L);
        assertThat(chunk.asFloatBuffer().hasArray()).isFalse(); // read-only view, but of the same array:
        float[] array = (float[]) storageArray;
        array[chunk.readPosition()] = 123f;
        assertThat(chunk.asFloatBuffer().get(0)).isEqualTo(123f);
    }
}
