package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;

import java.lang.foreign.MemorySegment;
import java.lang.foreign.ValueLayout;

import static io.cascade.buffer.engine.ControlBlockDescriptor.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** A whole control block and a reader's block: the same offsets, and a reader's block holds only a reader's fields. */
class ControlBlockTest {

    @Test
    void aReadersFieldsAreOneRunAfterTheWriterRegion() {
        assertThat(READER_BLOCK).isEqualTo(HEAD);
        assertThat(READ_HISTOGRAM).isEqualTo(READER_BLOCK + REGION);
        assertThat(READER_BLOCK_SIZE).isEqualTo(REGION + HISTOGRAM_BUCKETS * (long) Long.BYTES).isEqualTo(384);
        for (long offset : new long[] {HEAD, READ_OPS, SAMPLES_READ, DROPPED, LAPS, SKIPPED, READER_WAIT_NANOS}) {
            assertThat(offset).isBetween(READER_BLOCK, READER_BLOCK + REGION - Long.BYTES);
        }
    }

    @Test
    void aReaderBlockTakesEveryReaderFieldByItsDescriptorOffset() {
        MemorySegment memory = MemorySegment.ofArray(new long[(int) (READER_BLOCK_SIZE / Long.BYTES)]);
        ControlBlock block = ControlBlock.ofReader(memory);
        block.release(HEAD, 7);
        block.set(SKIPPED, 5);
        long lastBucket = READ_HISTOGRAM + (HISTOGRAM_BUCKETS - 1) * (long) Long.BYTES;
        block.add(lastBucket, 3);

        assertThat(block.acquire(HEAD)).isEqualTo(7);
        assertThat(memory.getAtIndex(ValueLayout.JAVA_LONG, 0)).isEqualTo(7);
        assertThat(block.get(SKIPPED)).isEqualTo(5);
        assertThat(memory.getAtIndex(ValueLayout.JAVA_LONG, (SKIPPED - READER_BLOCK) / Long.BYTES))
                .isEqualTo(5);
        assertThat(block.get(lastBucket)).isEqualTo(3);
        assertThat(memory.getAtIndex(ValueLayout.JAVA_LONG, memory.byteSize() / Long.BYTES - 1))
                .isEqualTo(3);
    }

    @Test
    void aReaderBlockRefusesTheWritersAndTheHeadersFields() {
        ControlBlock block = ControlBlock.ofReader(MemorySegment.ofArray(new long[(int) (READER_BLOCK_SIZE / Long.BYTES)]));
        assertThatThrownBy(() -> block.get(TAIL)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> block.set(GENERATION, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> block.add(WRITE_HISTOGRAM, 1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(block::initialise).isInstanceOf(IllegalStateException.class);
        assertThatThrownBy(() -> ControlBlock.ofReader(MemorySegment.ofArray(new long[47])))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("384");
    }

    @Test
    void onlyWholeBlocksAreCopied() {
        ControlBlock whole = new ControlBlock(MemorySegment.ofArray(new long[(int) (SIZE / Long.BYTES)]));
        ControlBlock reader = ControlBlock.ofReader(MemorySegment.ofArray(new long[(int) (READER_BLOCK_SIZE / Long.BYTES)]));
        assertThatThrownBy(() -> whole.copyFrom(reader)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> reader.copyFrom(whole)).isInstanceOf(IllegalArgumentException.class);
    }
}
