package com.scoville.http.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A partition is stalled when records wait on it and its committed offset has not moved for two seconds. */
class DecisionBacklogTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    private final DecisionBacklog backlog = new DecisionBacklog(null, "scoville", List.of("orders"), now::get);

    @Test
    void shouldNotBeStalledWhileTheCommittedOffsetsKeepMovingOrNothingWaits() {
        backlog.update(Map.of(P0, 10L, P1, 5L), Map.of(P0, 12L, P1, 5L));
        later(Duration.ofMillis(1500));
        backlog.update(Map.of(P0, 12L, P1, 5L), Map.of(P0, 20L, P1, 5L));
        later(Duration.ofMillis(1500));

        // P0 moved 1.5 s ago; P1 never moved, but nothing waits on it
        assertThat(backlog.stalled()).isFalse();
        assertThat(backlog.stalledPartitions()).isZero();
    }

    @Test
    void shouldBeStalledWhenRecordsWaitOnAPartitionThatHasNotMovedForTwoSeconds() {
        backlog.update(Map.of(P0, 10L, P1, 5L), Map.of(P0, 12L, P1, 5L));
        later(Duration.ofMillis(1999));
        backlog.update(Map.of(P0, 10L, P1, 5L), Map.of(P0, 14L, P1, 5L));
        assertThat(backlog.stalled()).isFalse();

        later(Duration.ofMillis(1));

        assertThat(backlog.stalled()).isTrue();
        assertThat(backlog.stalledPartitions()).isEqualTo(1);
    }

    @Test
    void shouldRecoverOnceThePartitionMovesAgain() {
        backlog.update(Map.of(P0, 10L), Map.of(P0, 12L));
        later(Duration.ofSeconds(5));
        assertThat(backlog.stalled()).isTrue();

        backlog.update(Map.of(P0, 11L), Map.of(P0, 12L));

        assertThat(backlog.stalled()).isFalse();
    }

    @Test
    void shouldNotBeStalledBeforeTheFirstSample() {
        later(Duration.ofMinutes(1));

        assertThat(backlog.stalled()).isFalse();
    }

    private void later(Duration d) {
        now.addAndGet(d.toNanos());
    }
}
