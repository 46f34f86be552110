package io.cascade.buffer.jcstress;

import io.cascade.buffer.AudioRingBuffer;
import io.cascade.buffer.BufferClosedException;
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
 * Invariant: close() wakes a reader waiting in awaitChunk, whenever the two race: the waiter
 * either sees the buffer closed before it waits or is woken by close; it never sleeps on.
 */
@JCStressTest
@Description("close() racing a waiter in awaitChunk: the waiter always ends with BufferClosedException")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "the waiter ended with BufferClosedException")
@Outcome(id = "2", expect = Expect.FORBIDDEN, desc = "the waiter slept through close() until its timeout")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class CloseWakesWaiterTest {
    private final AudioRingBuffer buffer = Buffers.of(16, OverflowPolicy.BLOCK, ProducerMode.SINGLE);

    @Actor
    public void waiter(I_Result r) {
        try {
            r.r1 = buffer.awaitChunk(4, 0, Duration.ofSeconds(2)).isPresent() ? 3 : 2;
        } catch (BufferClosedException closed) {
            r.r1 = 1;
        }
    }

    @Actor
    public void closer() {
        buffer.close();
    }
}
