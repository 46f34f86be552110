package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioReader;
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
 * Invariant: under BLOCK the writer never overwrites a sample that an open added reader has not
 * consumed, though the default reader consumed everything. The writer reads the slowest
 * reader's position (acquire) only when its cached gate says the ring is full; the reader
 * publishes its advance with a release store after it read the samples.
 */
@JCStressTest
@Description("A write racing the slowest reader's advance never changes samples that reader still reads")
@Outcome(id = "1, 1", expect = Expect.ACCEPTABLE, desc = "written after the advance; the reader's samples intact")
@Outcome(id = "0, 1", expect = Expect.ACCEPTABLE, desc = "refused before the advance; the reader's samples intact")
@Outcome(expect = Expect.FORBIDDEN, desc = "the writer overwrote samples the slow reader had not consumed")
@State
public class ReaderGateTest {
    private final AudioRingBuffer buffer = Buffers.of(8, OverflowPolicy.BLOCK, ProducerMode.SINGLE);
    private final AudioReader slow = buffer.newReader("slow");
    private final ChunkView view = slow.newChunkView();
    private final float[] copy = new float[4];

    public ReaderGateTest() {
        buffer.write(Buffers.block(0, 8));
        buffer.advanceReadPosition(8);
        slow.tryGetChunkWithOverlap(4, 0, view);
    }

    @Actor
    public void writer(II_Result r) {
        try {
            buffer.write(Buffers.block(100, 4), false, null);
            r.r1 = 1;
        } catch (BufferFullException full) {
            r.r1 = 0;
        }
    }

    @Actor
    public void slowReader(II_Result r) {
        view.copyTo(copy, 0);
        slow.advanceReadPosition(4);
        int intact = 1;
        for (int i = 0; i < 4; i++) {
            if (copy[i] != i) {
                intact = 0;
            }
        }
        r.r2 = intact;
    }
}
