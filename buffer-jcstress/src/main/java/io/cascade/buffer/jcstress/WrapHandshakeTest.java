package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferFullException;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.II_Result;

/**
 * Invariant: at the end of storage, the writer never overwrites samples the reader has not
 * released. The ring is full and the oldest unread block crosses the end of storage; the reader
 * reads it and advances; the writer tries to write into the room the advance frees.
 */
@JCStressTest
@Description("A full ring wrapping the end of storage: the writer only reuses slots after the reader advanced")
@Outcome(id = "1, 0", expect = Expect.ACCEPTABLE, desc = "reader read intact samples; writer found no room yet")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "reader read intact samples; writer wrote after the advance")
@Outcome(expect = Expect.FORBIDDEN, desc = "the reader saw samples overwritten before it advanced")
@State
public class WrapHandshakeTest {
    private final AudioRingBuffer buffer = Buffers.of(8, OverflowPolicy.BLOCK, ProducerMode.SINGLE);
    private final ChunkView view = buffer.newChunkView();

    public WrapHandshakeTest() {
        // Positions 0..5 written and read; then 6..13 fill the ring: slots 6, 7, 0, 1, ..., 5.
        buffer.write(Buffers.block(0, 6));
        buffer.advanceReadPosition(6);
        buffer.write(Buffers.block(6, 8));
    }

    @Actor
    public void reader(II_Result r) {
        buffer.tryGetChunkWithOverlap(4, 0, view);
        boolean intact = true;
        for (int i = 0; i < 4; i++) {
            intact &= view.get(i) == 6 + i;
        }
        buffer.advanceReadPosition(4);
        r.r1 = intact ? 1 : 0;
    }

    @Actor
    public void writer(II_Result r) {
        try {
            buffer.write(Buffers.block(100, 4), false, null);
            r.r2 = 1;
        } catch (BufferFullException full) {
            r.r2 = 0;
        }
    }
}
