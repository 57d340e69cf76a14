package com.scoville.http.webhooks;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class OffsetTrackerTest {
    private final TopicPartition partition = new TopicPartition("order-status", 0);

    @Test
    void shouldCommitOnlyPastRecordsHandledInARow() {
        // given three records, the first and third with messages open
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Assignment a = tracker.assignment(partition);
        tracker.read(a, 10, 2);
        tracker.read(a, 11, 0);
        tracker.read(a, 12, 1);
        assertThat(tracker.committable().get(partition).offset()).isEqualTo(10);

        // when the third is handled, then nothing moves: the first still waits
        tracker.handled(a, 12);
        assertThat(tracker.committable().get(partition).offset()).isEqualTo(10);

        // when both messages of the first are handled, then the offset moves past all three
        tracker.handled(a, 10);
        assertThat(tracker.pending()).isEqualTo(1);
        tracker.handled(a, 10);
        assertThat(tracker.committable().get(partition).offset()).isEqualTo(13);
        assertThat(tracker.pending()).isZero();
    }

    @Test
    void shouldForgetARevokedPartitionAndIgnoreItsLateMessages() {
        OffsetTracker tracker = new OffsetTracker();
        OffsetTracker.Assignment before = tracker.assignment(partition);
        tracker.read(before, 5, 1);

        tracker.revoke(List.of(partition));
        OffsetTracker.Assignment after = tracker.assignment(partition);
        tracker.read(after, 5, 1);
        tracker.handled(before, 5); // the old assignment's delivery ends late

        assertThat(before.revoked()).isTrue();
        assertThat(tracker.pending()).isEqualTo(1);
        assertThat(tracker.committable().get(partition).offset()).isEqualTo(5);
    }
}
