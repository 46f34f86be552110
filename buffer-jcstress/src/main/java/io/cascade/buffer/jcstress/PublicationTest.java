package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.ChunkView;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

/**
 * Invariant: a reader that sees a written block's position also sees every sample of it. The
 * writer stores the samples, then publishes the tail with a release store; the reader loads the
 * tail with an acquire load before it reads samples.
 */
@JCStressTest
@Description("Samples written before the tail is published are visible to a reader that sees the tail")
@Outcome(id = "0", expect = Expect.ACCEPTABLE, desc = "the reader ran before the write was published")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "the reader saw the whole block")
@Outcome(expect = Expect.FORBIDDEN, desc = "the reader saw the position but not the samples behind it")
@State
public class PublicationTest {
    private final AudioRingBuffer buffer = Buffers.of(64, OverflowPolicy.BLOCK, ProducerMode.SINGLE);
    private final ChunkView view = buffer.newChunkView();

    @Actor
    public void writer() {
        buffer.write(Buffers.block(1, 8), false, null);
    }

    @Actor
    public void reader(I_Result r) {
        if (!buffer.tryGetChunkWithOverlap(8, 0, view)) {
            r.r1 = 0;
            return;
        }
        for (int i = 0; i < 8; i++) {
            if (view.get(i) != i + 1) {
                r.r1 = 2;
                return;
            }
        }
        r.r1 = 1;
    }
}
