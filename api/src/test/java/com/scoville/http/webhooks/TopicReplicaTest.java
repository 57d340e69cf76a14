package com.scoville.http.webhooks;

import com.scoville.registry.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

class TopicReplicaTest {
    private static final TopicPartition PARTITION = new TopicPartition("webhooks", 0);

    private final MockConsumer<String, String> consumer = new MockConsumer<>("earliest");
    private final WebhookDispatcherTest.TestClock clock = new WebhookDispatcherTest.TestClock();
    private final List<String> applied = new CopyOnWriteArrayList<>();
    private final TopicReplica<String> replica = new TopicReplica<>(consumer, PARTITION.topic(), "test-replica", (k, v) -> applied.add(k), clock);

    TopicReplicaTest() {
        consumer.assign(List.of(PARTITION));
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.seek(PARTITION, 5);
    }

    @Test
    void shouldReadARegistrationAgainWhenTheRegistryWasAway() {
        // given the registry is away while the record at offset 5 is read
        consumer.setPollException(new RecordDeserializationException(PARTITION, 5, "Cannot fetch schema id 7",
                new SerializationException("Cannot fetch schema id 7", new SchemaRegistryException(503, 503, "unavailable"))));

        // when the replica polls
        replica.pollOnce();

        // then it stays at the record, paused for the wait, instead of skipping it
        assertThat(consumer.position(PARTITION)).isEqualTo(5);
        assertThat(consumer.paused()).containsExactly(PARTITION);

        // when the wait is over and the record can be read
        clock.advance(DecodeFailures.FIRST_WAIT.plusMillis(1));
        consumer.schedulePollTask(() -> consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), 0, 5, "wh_a", "registration")));
        replica.pollOnce();

        // then it is applied
        assertThat(consumer.paused()).isEmpty();
        assertThat(applied).containsExactly("wh_a");
        assertThat(consumer.position(PARTITION)).isEqualTo(6);
    }

    @Test
    void shouldSkipARecordThatCanNeverBeRead() {
        consumer.setPollException(new RecordDeserializationException(PARTITION, 5, "corrupt",
                new SerializationException("Cannot read Avro record (corrupt data?)", new java.io.EOFException())));

        replica.pollOnce();

        assertThat(consumer.position(PARTITION)).isEqualTo(6);
        assertThat(consumer.paused()).isEmpty();
    }
}
