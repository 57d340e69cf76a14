package com.scoville.http.webhooks;

import org.junit.jupiter.api.Test;

import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class BackoffTest {

    @Test
    void shouldDoubleTheWaitAfterEachFailureUpToTheMaximum() {
        Backoff backoff = new Backoff(Duration.ofSeconds(5), Duration.ofMinutes(1), 8);

        assertThat(backoff.delayAfter(1)).isEqualTo(Duration.ofSeconds(5));
        assertThat(backoff.delayAfter(2)).isEqualTo(Duration.ofSeconds(10));
        assertThat(backoff.delayAfter(3)).isEqualTo(Duration.ofSeconds(20));
        assertThat(backoff.delayAfter(4)).isEqualTo(Duration.ofSeconds(40));
        assertThat(backoff.delayAfter(5)).isEqualTo(Duration.ofMinutes(1));
        assertThat(backoff.delayAfter(Integer.MAX_VALUE)).isEqualTo(Duration.ofMinutes(1));
    }

    @Test
    void shouldNotOverflowWithAHugeFirstDelay() {
        Backoff backoff = new Backoff(Duration.ofDays(365 * 1000L), Duration.ofDays(365 * 2000L), 30);

        assertThat(backoff.delayAfter(30)).isEqualTo(Duration.ofDays(365 * 2000L));
    }

    @Test
    void shouldRetryUntilTheLastAttemptOnly() {
        Backoff backoff = new Backoff(Duration.ofMillis(100), Duration.ofSeconds(1), 3);

        assertThat(backoff.retriesAfter(1)).isTrue();
        assertThat(backoff.retriesAfter(2)).isTrue();
        assertThat(backoff.retriesAfter(3)).isFalse();
    }

    @Test
    void shouldRefuseAMaximumBelowTheFirstWait() {
        assertThatThrownBy(() -> new Backoff(Duration.ofSeconds(2), Duration.ofSeconds(1), 3)).isInstanceOf(IllegalArgumentException.class);
    }
}
