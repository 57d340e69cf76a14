package com.scoville.bench;

import com.scoville.clients.KafkaClients;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/** The client settings the bench uses everywhere, so scenarios compare like with like. */
final class Kafka {
    static final String ORDERS = "orders";
    static final String ORDER_STATUS = "order-status";
    static final String SALES = "sales";

    private Kafka() { }

    /** A group-less consumer that sees committed records only (the service writes with exactly-once). */
    static Map<String, Object> consumer(String bootstrap, String clientId) {
        Map<String, Object> c = new HashMap<>();
        c.putAll(KafkaClients.config(bootstrap));
        c.put(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        c.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        c.put(ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 5000);
        c.put(ConsumerConfig.CLIENT_ID_CONFIG, clientId);
        return c;
    }

    /**
     * {@code serializer} looking schemas up instead of registering them, as a partner does: the service registered them
     * at start, and a secured registry lets only its writer register.
     */
    static <T> org.apache.kafka.common.serialization.Serializer<T> lookupOnly(org.apache.kafka.common.serialization.Serializer<T> serializer) {
        serializer.configure(Map.of("auto.register.schemas", "false"), false);
        return serializer;
    }

    /** A partner's producer: idempotent, acks=all, small batches sent soon. */
    static Map<String, Object> producer(String bootstrap, String clientId) {
        Map<String, Object> p = new HashMap<>();
        p.putAll(KafkaClients.config(bootstrap));
        p.put(ProducerConfig.ACKS_CONFIG, "all");
        p.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        p.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        p.put(ProducerConfig.BATCH_SIZE_CONFIG, 64 * 1024);
        p.put(ProducerConfig.CLIENT_ID_CONFIG, clientId);
        return p;
    }

    static List<TopicPartition> partitions(Consumer<?, ?> consumer, String topic) {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic, Duration.ofSeconds(5));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
        }
        throw new IllegalStateException("Topic " + topic + " has no partitions (does it exist?)");
    }
}
