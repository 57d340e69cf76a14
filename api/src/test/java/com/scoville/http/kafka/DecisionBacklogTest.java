package com.scoville.http.kafka;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

import static org.assertj.core.api.Assertions.assertThat;

/** A partition is stalled when records have waited on it for five seconds and its committed offset has not moved. */
class DecisionBacklogTest {
    private static final TopicPartition P0 = new TopicPartition("orders", 0);
    private static final TopicPartition P1 = new TopicPartition("orders", 1);
    private final AtomicLong now = new AtomicLong(1_000_000_000L);
    /** Which partitions hold records past the committed offset when read; by default every one asked about. */
    private Set<TopicPartition> markersOnly = Set.of();
    /** Partitions the reader cannot get to (the broker away). */
    private Set<TopicPartition> unreadable = Set.of();
    private final List<Map<TopicPartition, Long>> reads = new ArrayList<>();
    /** How long ago the first record found on each partition was written. */
    private Map<TopicPartition, Long> ages = Map.of();
    private final DecisionBacklog backlog = new DecisionBacklog(null, offsets -> {
        reads.add(offsets);
        Set<TopicPartition> waiting = new HashSet<>(offsets.keySet());
        waiting.removeAll(markersOnly);
        waiting.removeAll(unreadable);
        Set<TopicPartition> clear = new HashSet<>(markersOnly);
        clear.retainAll(offsets.keySet());
        clear.removeAll(unreadable);
        Map<TopicPartition, Long> found = new java.util.HashMap<>(ages);
        found.keySet().retainAll(waiting);
        return new DecisionBacklog.RecordsAhead.Found(waiting, clear, found);
    }, "scoville", List.of("orders"), now::get);

    @Test
    void shouldNotBeStalledWhileTheCommittedOffsetsKeepMovingOrNothingWaits() {
        backlog.update(Map.of(P0, 10L, P1, 5L), Map.of(P0, 12L, P1, 5L));
        later(Duration.ofSeconds(4));
        backlog.update(Map.of(P0, 12L, P1, 5L), Map.of(P0, 20L, P1, 5L));
        later(Duration.ofSeconds(4));

        // P0 moved 4 s ago; P1 never moved, but nothing waits on it
        assertThat(backlog.stalled()).isFalse();
        assertThat(backlog.stalledPartitions()).isZero();
    }

    @Test
    void shouldBeStalledWhenRecordsWaitOnAPartitionThatHasNotMovedForFiveSeconds() {
        backlog.update(Map.of(P0, 10L, P1, 5L), Map.of(P0, 12L, P1, 5L));
        later(Duration.ofMillis(4999));
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
    void shouldNotBeStalledByACommitMarkerThatStreamsHasNotCommittedPast() {
        // the last transaction's marker takes offset 12: nothing but it lies past the committed offset
        markersOnly = Set.of(P0);
        backlog.update(Map.of(P0, 12L), Map.of(P0, 13L));
        later(Duration.ofSeconds(10));
        backlog.update(Map.of(P0, 12L), Map.of(P0, 13L));

        assertThat(backlog.stalled()).isFalse();
        // and the partition was read once, not at every sample
        assertThat(reads).hasSize(1);

        // a record arriving behind the marker waits from when it was seen, not from the last commit 10 s ago
        markersOnly = Set.of();
        backlog.update(Map.of(P0, 12L), Map.of(P0, 14L));
        assertThat(backlog.stalled()).isFalse();
        later(Duration.ofSeconds(4));
        assertThat(backlog.stalled()).isFalse();

        later(Duration.ofSeconds(1));

        assertThat(backlog.stalled()).as("nobody committed past it for 5 s").isTrue();
    }

    @Test
    void shouldKeepWhatWasKnownOfAPartitionItCannotReadAndReadItAgainNextTime() {
        markersOnly = Set.of(P0);
        unreadable = Set.of(P0);
        backlog.update(Map.of(P0, 12L), Map.of(P0, 13L));
        later(Duration.ofSeconds(5));
        assertThat(backlog.stalled()).as("nothing known to wait").isFalse();

        unreadable = Set.of();
        backlog.update(Map.of(P0, 12L), Map.of(P0, 13L));

        assertThat(reads).hasSize(2);
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

    @Test
    void shouldHideOrdersWhileAPartitionMovesButHoldsARecordWrittenFiveSecondsAgo() {
        ages = Map.of(P0, 4_000L);
        backlog.update(Map.of(P0, 10L, P1, 5L), Map.of(P0, 40L, P1, 5L));
        assertThat(backlog.mayHideOrders()).as("its oldest waiting record is 4 s old").isFalse();

        later(Duration.ofSeconds(1));
        ages = Map.of(P0, 5_500L);
        backlog.update(Map.of(P0, 20L, P1, 5L), Map.of(P0, 60L, P1, 5L));

        assertThat(backlog.stalled()).as("its committed offset moves").isFalse();
        assertThat(backlog.mayHideOrders()).as("but the record it stands at was written 5.5 s ago").isTrue();

        later(Duration.ofSeconds(1));
        ages = Map.of(P0, 300L);
        backlog.update(Map.of(P0, 59L, P1, 5L), Map.of(P0, 60L, P1, 5L));
        assertThat(backlog.mayHideOrders()).as("caught up to a record 0.3 s old").isFalse();
    }

}
