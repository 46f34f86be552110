package io.cascade.buffer.engine;

import io.cascade.buffer.WaitStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** The parking handshake of {@link Signal}, including the race its publisher does not fence against. */
class SignalTest {

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aWaiterWhoseSignalWasMissedStillWakes() throws Exception {
        Signal signal = new Signal();
        // The race: the publisher's store is not yet visible to the waiter's test after it
        // registers, and the publisher, not seeing the registration, never signals.
        AtomicInteger tests = new AtomicInteger();
        long t0 = System.nanoTime();
        boolean woke = signal.park(() -> tests.incrementAndGet() > 1, t0 + TimeUnit.SECONDS.toNanos(20));
        long tookNanos = System.nanoTime() - t0;
        assertThat(woke).isTrue();
        assertThat(tests.get()).isEqualTo(2);
        assertThat(tookNanos).as("woke by its own re-test, not at the deadline").isLessThan(TimeUnit.SECONDS.toNanos(10));
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

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aPollingWaiterSeesAPublisherThatNeverSignals() throws Exception {
        // A shared file's publisher is another process: it changes the condition and signals nothing.
        Signal signal = new Signal(TimeUnit.MILLISECONDS.toNanos(1));
        AtomicInteger tests = new AtomicInteger();
        long t0 = System.nanoTime();
        boolean woke = signal.park(() -> tests.incrementAndGet() > 5, 0);
        assertThat(woke).isTrue();
        assertThat(tests.get()).as("a test per poll, each after a timed park").isEqualTo(6);
        assertThat(System.nanoTime() - t0).isLessThan(TimeUnit.SECONDS.toNanos(10));
    }

    @Test
    @Timeout(value = 30, unit = TimeUnit.SECONDS)
    void aPublicationBelowTheWantedPositionWakesNobody() throws Exception {
        Signal signal = new Signal();
        AtomicInteger position = new AtomicInteger();
        AtomicInteger tests = new AtomicInteger();
        CompletableFuture<Boolean> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return signal.park(() -> {
                    tests.incrementAndGet();
                    return position.get() >= 768;
                }, 0, 768);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        while (!signal.hasWaiters()) {
            Thread.onSpinWait();
        }
        Thread.sleep(TimeUnit.NANOSECONDS.toMillis(Signal.RECHECK_NANOS) * 20 + 20);   // past the timed first park
        int before = tests.get();
        for (int p = 160; p < 768; p += 160) {
            position.set(p);
            signal.signal(WaitStrategy.PARK, p);
        }
        Thread.sleep(50);
        assertThat(tests.get()).as("no wake-up for blocks short of the window").isEqualTo(before);
        position.set(800);
        signal.signal(WaitStrategy.PARK, 800);
        assertThat(waiter.get(10, TimeUnit.SECONDS)).isTrue();
        assertThat(tests.get()).isEqualTo(before + 1);
        assertThat(signal.hasWaiters()).isFalse();
    }
}
