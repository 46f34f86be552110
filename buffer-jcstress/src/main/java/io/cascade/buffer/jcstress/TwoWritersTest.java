package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.AudioChunk;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Arbiter;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.L_Result;

/** Invariant: blocks of two concurrent writers (MULTI producers) land whole, one after the other. */
@JCStressTest
@Description("Two writers' blocks are never interleaved")
@Outcome(id = "11112222", expect = Expect.ACCEPTABLE, desc = "first writer's block, then the second's")
@Outcome(id = "22221111", expect = Expect.ACCEPTABLE, desc = "second writer's block, then the first's")
@Outcome(expect = Expect.FORBIDDEN, desc = "interleaved or lost samples")
@State
public class TwoWritersTest {
    private final AudioRingBuffer buffer = Buffers.of(16, OverflowPolicy.BLOCK, ProducerMode.MULTI);

    @Actor
    public void first() {
        buffer.write(new float[] {1, 1, 1, 1});
    }

    @Actor
    public void second() {
        buffer.write(new float[] {2, 2, 2, 2});
    }

    @Arbiter
    public void check(L_Result r) {
        StringBuilder s = new StringBuilder();
        AudioChunk c = buffer.getChunkWithSmartOverlap(buffer.availableSamples(), 0).orElse(null);
        if (c != null) {
            for (float v : c.toArray()) {
                s.append((int) v);
            }
        }
        r.r1 = s.toString();
    }
}
