package com.scoville.bench;

import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Deserializer;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/** Reads a topic's committed records from the beginning; {@link #catchUp} goes on to its current end, as often as asked. */
final class TopicScan<V> implements AutoCloseable {
    private final KafkaConsumer<String, V> consumer;
    private final List<TopicPartition> partitions;
    private final String topic;

    TopicScan(String bootstrap, String topic, Deserializer<V> values) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Kafka.consumer(bootstrap, "scoville-bench-audit-" + topic), new StringDeserializer(), values);
        this.partitions = Kafka.partitions(consumer, topic);
        consumer.assign(partitions);
        consumer.seekToBeginning(partitions);
    }

    /** Hands every record up to the end (the last stable offset, as read_committed sees it) to {@code sink}; returns how many. */
    long catchUp(BiConsumer<String, V> sink, Duration timeout) {
        Map<TopicPartition, Long> end = consumer.endOffsets(partitions);
        long deadline = System.nanoTime() + timeout.toNanos();
        long n = 0;
        while (!reached(end)) {
            if (System.nanoTime() > deadline) {
                throw new IllegalStateException("Could not read " + topic + " to its end in " + timeout);
            }
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                sink.accept(r.key(), r.value());
                n++;
            }
        }
        return n;
    }

    private boolean reached(Map<TopicPartition, Long> end) {
        return end.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
    }

    @Override
    public void close() {
        consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
    }
}
