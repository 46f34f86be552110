package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The readers registry: an added reader's block holds a reader's fields and nothing else; a bad retire changes nothing. */
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

    @Test
    void retiringAReaderOutsideTheHeldSetIsRefusedAndChangesNothing() {
        Readers<String> readers = new Readers<>(new String[] {"default"}, reader -> {
            throw new AssertionError("no cursor may be read for a refused retire");
        });
        String[] held = readers.open();
        assertThatThrownBy(() -> readers.retire(held, "stranger", null))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("stranger");
        assertThat(readers.open()).containsExactly("default");
        assertThat(readers.retired().get(READ_OPS)).isZero();
    }
}
