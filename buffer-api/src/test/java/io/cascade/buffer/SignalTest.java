package io.cascade.buffer;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** The parking handshake of {@link Signal}, including the race its publisher does not fence against. */
class SignalTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aWaiterWhoseSignalWasMissedStillWakes() throws Exception {
        Signal signal = new Signal();
        AtomicBoolean ready = new AtomicBoolean();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.park(ready::get, System.nanoTime() + TimeUnit.SECONDS.toNanos(20));
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!signal.hasWaiters()) {
            Thread.onSpinWait();
        }
        // The condition turns true with no signal at all: the worst case of the unfenced race.
        ready.set(true);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).as("woke by its own re-test, not at the deadline").isTrue();
        assertThat(signal.hasWaiters()).isFalse();
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aSignalWakesAWaiterParkedWithoutATimer() throws Exception {
        Signal signal = new Signal();
        AtomicBoolean ready = new AtomicBoolean();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.park(ready::get, 0);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!signal.hasWaiters()) {
            Thread.onSpinWait();
        }
        // Past the timed first park, only a signal can wake it.
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Signal.RECHECK_NANOS) * 20 + 20);
        assertThat(waiter.isDone()).isFalse();
        ready.set(true);
        signal.signal(WaitStrategy.PARK);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
    }
}
