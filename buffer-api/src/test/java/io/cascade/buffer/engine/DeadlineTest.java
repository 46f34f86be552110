package io.cascade.buffer.engine;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.temporal.ChronoUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The one place where blocking calls turn timeouts into deadlines. */
class DeadlineTest {

    @Test
    void noLimitNeverExpiresAndZeroExpiresAtOnce() {
        assertThat(Deadline.timeoutNanos(null)).isEqualTo(-1);
        assertThat(Deadline.of(-1)).isZero();
        assertThat(Deadline.expired(-1, Deadline.of(-1))).isFalse();
        assertThat(Deadline.timeoutNanos(Duration.ZERO)).isZero();
        assertThat(Deadline.expired(0, Deadline.of(0))).isTrue();
    }

    @Test
    void aDeadlinePassesAfterItsTimeout() throws InterruptedException {
        long deadline = Deadline.of(Duration.ofMillis(5).toNanos());
        assertThat(deadline).isNotZero();
        Thread.sleep(10);
        assertThat(Deadline.passed(deadline)).isTrue();
        assertThat(Deadline.passed(Deadline.of(Duration.ofHours(1).toNanos()))).isFalse();
    }

    @Test
    void badAndHugeTimeouts() {
        assertThatThrownBy(() -> Deadline.timeoutNanos(Duration.ofMillis(-1))).isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("negative");
        assertThat(Deadline.timeoutNanos(ChronoUnit.FOREVER.getDuration())).isEqualTo(Long.MAX_VALUE / 2);
    }
}
