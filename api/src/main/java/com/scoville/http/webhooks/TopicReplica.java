package com.scoville.http.webhooks;

import com.scoville.clients.KafkaClients;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.kafka.Topic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads a whole topic from its beginning and then follows it, on every instance (no consumer group), handing
 * each record to {@code apply} (a null value is a tombstone). {@link #start} returns once what the topic held
 * at start has been read. A record it cannot read is logged and passed over.
 */
final class TopicReplica<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicReplica.class);

    private final KafkaConsumer<String, V> consumer;
    private final Topic<String, V> topic;
    private final BiConsumer<String, V> apply;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;

    TopicReplica(String bootstrapServers, Topic<String, V> topic, String name, BiConsumer<String, V> apply) {
        this.consumer = new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 200,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoville-" + name)),
                new StringDeserializer(), topic.valueSerde().deserializer());
        this.topic = topic;
        this.apply = apply;
        this.thread = KafkaWriter.daemon(name).newThread(this::run);
    }

    TopicReplica<V> start() {
        thread.start();
        try {
            if (!caughtUp.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Could not read the topic " + topic.name() + " to its end in 60 s");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    boolean alive() {
        return thread.isAlive();
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            Map<TopicPartition, Long> ends = consumer.endOffsets(partitions);
            while (running) {
                pollOnce();
                if (caughtUp.getCount() > 0 && ends.entrySet().stream().allMatch(e -> consumer.position(e.getKey()) >= e.getValue())) {
                    caughtUp.countDown();
                }
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The replica of {} was woken up while running: it stops", topic.name(), e);
            }
        } catch (RuntimeException e) {
            log.error("The replica of {} stopped", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        try {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                try {
                    apply.accept(r.key(), r.value());
                } catch (RuntimeException e) {
                    log.warn("Record {} of {} at {}-{} offset {} not applied", r.key(), topic.name(), r.topic(), r.partition(), r.offset(), e);
                }
            }
        } catch (RecordDeserializationException e) {
            log.warn("Unreadable record on {} at {} offset {}: skipped", topic.name(), e.topicPartition(), e.offset(), e);
            consumer.seek(e.topicPartition(), e.offset() + 1);
        }
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topic.name(), Duration.ofSeconds(10));
            if (infos != null && !infos.isEmpty()) {
                return infos.stream().map(i -> new TopicPartition(i.topic(), i.partition())).toList();
            }
        }
        return List.of();
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
