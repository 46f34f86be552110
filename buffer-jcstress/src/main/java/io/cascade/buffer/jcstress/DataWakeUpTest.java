package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.OverflowPolicy;
import io.cascade.buffer.ProducerMode;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.time.Duration;

/**
 * Invariant: no lost wake-up. A write racing a reader that is about to park in awaitChunk
 * always wakes it: either the writer sees the registration and signals, or the waiter's timed
 * first park re-tests and finds the data ({@code Signal}).
 */
@JCStressTest
@Description("A write racing a parking awaitChunk: the reader always gets the chunk well before its timeout")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "the reader got the chunk")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "the wake-up was lost: the reader slept until its timeout")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class DataWakeUpTest {
    private final AudioRingBuffer buffer = Buffers.of(16, OverflowPolicy.BLOCK, ProducerMode.SINGLE);

    @Actor
    public void reader(I_Result r) {
        r.r1 = buffer.awaitChunk(4, 0, Duration.ofSeconds(2)).isPresent() ? 1 : 0;
    }

    @Actor
    public void writer() {
        buffer.write(Buffers.block(0, 4));
    }
}
