package com.scoville.http.webhooks;

import com.scoville.clients.KafkaClients;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.kafka.Topic;
import org.apache.kafka.clients.consumer.Consumer;
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

import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Reads a whole topic from its beginning and then follows it, on every instance (no consumer group), handing
 * each record to {@code apply} (a null value is a tombstone). {@link #start} returns once what the topic held
 * at start has been read. A record that cannot be read for now (the schema registry away) is read again after a
 * wait, its partition paused meanwhile; one that can never be read is logged and passed over.
 */
final class TopicReplica<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicReplica.class);

    private final Consumer<String, V> consumer;
    private final String topicName;
    private final BiConsumer<String, V> apply;
    private final Thread thread;
    private final CountDownLatch caughtUp = new CountDownLatch(1);
    private volatile boolean running = true;
    private final Clock clock;
    /** Partitions waiting to read a record again: until when, and how long they waited last. */
    private final Map<TopicPartition, Long> retryAt = new HashMap<>();
    private final Map<TopicPartition, Duration> waited = new HashMap<>();

    TopicReplica(String bootstrapServers, Topic<String, V> topic, String name, BiConsumer<String, V> apply) {
        this(new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoville-" + name)),
                new StringDeserializer(), topic.valueSerde().deserializer()), topic.name(), name, apply, Clock.systemUTC());
    }

    /** With the consumer given (tests): nothing runs until {@link #start}, or the test's own steps. */
    TopicReplica(Consumer<String, V> consumer, String topicName, String name, BiConsumer<String, V> apply, Clock clock) {
        this.consumer = consumer;
        this.topicName = topicName;
        this.apply = apply;
        this.clock = clock;
        this.thread = KafkaWriter.daemon(name).newThread(this::run);
    }

    TopicReplica<V> start() {
        thread.start();
        try {
            if (!caughtUp.await(60, TimeUnit.SECONDS)) {
                throw new IllegalStateException("Could not read the topic " + topicName + " to its end in 60 s");
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
                log.error("The replica of {} was woken up while running: it stops", topicName, e);
            }
        } catch (RuntimeException e) {
            log.error("The replica of {} stopped", topicName, e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    void pollOnce() {
        resumeDue();
        try {
            for (ConsumerRecord<String, V> r : consumer.poll(Duration.ofMillis(200))) {
                if (!waited.isEmpty()) {
                    waited.remove(new TopicPartition(r.topic(), r.partition())); // read again: the next wait starts short
                }
                try {
                    apply.accept(r.key(), r.value());
                } catch (RuntimeException e) {
                    log.warn("Record {} of {} at {}-{} offset {} not applied", r.key(), topicName, r.topic(), r.partition(), r.offset(), e);
                }
            }
        } catch (RecordDeserializationException e) {
            TopicPartition p = e.topicPartition();
            if (DecodeFailures.isTransient(e)) {
                // the registry is away: skipping would lose the record (a registration) until a restart
                Duration wait = DecodeFailures.nextWait(waited.get(p));
                waited.put(p, wait);
                retryAt.put(p, clock.millis() + wait.toMillis());
                consumer.seek(p, e.offset());
                consumer.pause(List.of(p));
                log.warn("Record on {} at {} offset {} not readable for now (read again in {} ms): {}", topicName, p, e.offset(),
                        wait.toMillis(), e.toString());
                return;
            }
            waited.remove(p);
            log.warn("Unreadable record on {} at {} offset {}: skipped", topicName, p, e.offset(), e);
            consumer.seek(p, e.offset() + 1);
        }
    }

    /** Reads again the partitions whose wait is over (their wait doubles if the record still cannot be read). */
    private void resumeDue() {
        long now = clock.millis();
        List<TopicPartition> due = retryAt.entrySet().stream().filter(e -> e.getValue() <= now).map(Map.Entry::getKey).toList();
        if (!due.isEmpty()) {
            due.forEach(retryAt::remove);
            consumer.resume(due);
        }
    }

    private List<TopicPartition> partitions() {
        while (running) {
            List<PartitionInfo> infos = consumer.partitionsFor(topicName, Duration.ofSeconds(10));
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
