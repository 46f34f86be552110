package io.cascade.buffer.engine;

import io.cascade.buffer.WaitStrategy;
import org.openjdk.jcstress.annotations.Actor;
import org.openjdk.jcstress.annotations.Description;
import org.openjdk.jcstress.annotations.Expect;
import org.openjdk.jcstress.annotations.JCStressTest;
import org.openjdk.jcstress.annotations.Outcome;
import org.openjdk.jcstress.annotations.State;
import org.openjdk.jcstress.infra.results.I_Result;

import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Invariant: no lost wake-up in {@link Signal}'s parking phase. The publisher stores a position
 * with a release store, as the ring does, then signals for it without a fence; the waiter
 * registers, announces the position it waits for and parks until it sees it: either the
 * publisher sees the registration and the announced position and signals, or the waiter's timed
 * first park re-tests. (This test calls the parking phase
 * directly: through the buffer, the spin phase before it hides the race.)
 */
@JCStressTest
@Description("Publish-then-signal racing register-then-park: the waiter always wakes")
@Outcome(id = "1", expect = Expect.ACCEPTABLE, desc = "the waiter saw the position")
@Outcome(id = "0", expect = Expect.FORBIDDEN, desc = "lost wake-up: the waiter slept until its deadline")
@Outcome(expect = Expect.FORBIDDEN, desc = "anything else")
@State
public class SignalHandshakeTest {
    private final Signal signal = new Signal();
    private final AtomicLong position = new AtomicLong();

    @Actor
    public void waiter(I_Result r) {
        try {
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(1);
            r.r1 = signal.park(() -> position.getAcquire() != 0, deadline, 1) ? 1 : 0;
        } catch (InterruptedException e) {
            r.r1 = -1;
        }
    }

    @Actor
    public void publisher() {
        position.setRelease(1);
        signal.signal(WaitStrategy.PARK, 1);
    }
}
