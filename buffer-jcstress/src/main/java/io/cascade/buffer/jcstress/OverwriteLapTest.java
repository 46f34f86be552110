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
 * Invariant: under OVERWRITE a held chunk never says valid while holding overwritten samples.
 * The writer raises the floor before it overwrites; the reader copies the chunk, then checks
 * validity, whose acquire fence orders the copy before the floor check (a sequence lock).
 */
@JCStressTest
@Description("A chunk held while the writer laps the reader is either intact or reports isValid() == false")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "valid, and every sample intact")
@Outcome(id = "2", expect = Expect.ACCEPTABLE, desc = "reported invalid (overwritten or about to be)")
@Outcome(expect = Expect.FORBIDDEN, desc = "said valid while holding an overwritten sample")
@State
public class OverwriteLapTest {
    private final AudioRingBuffer buffer = Buffers.of(8, OverflowPolicy.OVERWRITE, ProducerMode.SINGLE);
    private final ChunkView view = buffer.newChunkView();
    private final float[] copy = new float[8];

    public OverwriteLapTest() {
        buffer.write(Buffers.block(0, 8));
        buffer.tryGetChunkWithOverlap(8, 0, view);
    }

    @Actor
    public void writer() {
        buffer.write(Buffers.block(100, 4));
    }

    @Actor
    public void reader(I_Result r) {
        view.copyTo(copy, 0);
        if (!view.isValid()) {
            r.r1 = 2;
            return;
        }
        for (int i = 0; i < 8; i++) {
            if (copy[i] != i) {
                r.r1 = 0;
                return;
            }
        }
        r.r1 = 1;
    }
}
