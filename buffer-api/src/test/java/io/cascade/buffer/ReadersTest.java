package io.cascade.buffer;

import io.cascade.buffer.engine.ControlBlock;
import org.junit.jupiter.api.Test;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;

/** The block an added reader gets holds a reader's fields, behind a region of padding, and nothing else. */
class ReadersTest {

    @Test
    void anAddedReadersBlockIsSizedForAReadersFields() {
        ControlBlock block = Readers.newBlock();
        assertThat(block.segment().byteSize()).isEqualTo(READER_BLOCK_SIZE).isLessThan(SIZE / 2);
        long[] array = (long[]) block.segment().heapBase().orElseThrow();
        assertThat((long) array.length * Long.BYTES).isEqualTo(REGION + READER_BLOCK_SIZE);
        block.release(HEAD, 42);
        assertThat(array[(int) (REGION / Long.BYTES)]).as("the position follows the padding").isEqualTo(42);
    }
}
