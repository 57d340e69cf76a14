package com.scoville.bench;

import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class BrokerRecordsTest {
    @Test
    void shouldCountWhatEachPartitionAppendedAndAPartitionCreatedMeanwhileFromZero() {
        Map<TopicPartition, Long> before = Map.of(new TopicPartition("orders", 0), 10L, new TopicPartition("orders", 1), 5L,
                new TopicPartition("order-status", 0), 100L);
        Map<TopicPartition, Long> after = Map.of(new TopicPartition("orders", 0), 12L, new TopicPartition("orders", 1), 8L,
                new TopicPartition("order-status", 0), 110L, new TopicPartition("new-topic", 0), 7L);

        BrokerRecords.Appended appended = BrokerRecords.between(before, after);

        assertThat(appended.records()).isEqualTo(2 + 3 + 10 + 7);
        assertThat(List.copyOf(appended.byTopic().keySet())).containsExactly("order-status", "new-topic", "orders");
        assertThat(appended.byTopic()).containsEntry("orders", 5L).containsEntry("new-topic", 7L);
    }

    @Test
    void shouldLeaveOutTopicsThatAppendedNothing() {
        Map<TopicPartition, Long> same = Map.of(new TopicPartition("sales", 0), 4L);

        assertThat(BrokerRecords.between(same, same).byTopic()).isEmpty();
        assertThat(BrokerRecords.between(same, same).records()).isZero();
    }
}
