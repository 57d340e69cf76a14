package com.scoville.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Tails a topic from its end (committed records only) and wakes the requests waiting for a record of a key:
 * an order's change ({@code Prefer: wait=N}), a command's outcome. Every instance reads every partition, so a
 * request waits on the instance it arrived at, whoever owns the key. A waiter is removed when it completes or
 * times out: none leak.
 */
public class TopicFeed<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);

    private record Waiter<V>(Predicate<V> until, CompletableFuture<V> future) { }

    private final Map<String, Set<Waiter<V>>> waiters = new ConcurrentHashMap<>();
    private final KafkaConsumer<String, V> consumer;
    private final Topic<String, V> topic;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private final java.util.concurrent.ExecutorService wakers =
            java.util.concurrent.Executors.newFixedThreadPool(4, KafkaWriter.daemon("feed-wakers"));

    /** A feed of {@code topic}; {@code name} names its consumer and thread. */
    public TopicFeed(String bootstrapServers, Topic<String, V> topic, String name) {
        this.topic = topic;
        this.consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoville-" + name),
                new StringDeserializer(), topic.valueSerde().deserializer());
        this.thread = new Thread(this::run, name);
        this.thread.setDaemon(true);
    }

    public TopicFeed<V> start() {
        thread.start();
        try {
            if (!assigned.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("The feed could not subscribe to " + topic.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /**
     * Completes with the first record of {@code key} that passes {@code until}, or with null after
     * {@code timeout}. Register before reading the current state, so no change can slip between the two.
     */
    public CompletableFuture<V> await(String key, Predicate<V> until, Duration timeout) {
        CompletableFuture<V> future = new CompletableFuture<>();
        Waiter<V> waiter = new Waiter<>(until, future);
        waiters.computeIfAbsent(key, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        // Completing, timing out or being cancelled removes the waiter: the caller gets this very future.
        future.whenComplete((value, error) -> remove(key, waiter));
        return future.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /** Waiters still registered (for tests and metrics: it returns to zero when requests end). */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(String key, Waiter<V> waiter) {
        waiters.computeIfPresent(key, (id, set) -> {
            set.remove(waiter);
            return set.isEmpty() ? null : set;
        });
    }

    private void run() {
        try {
            List<TopicPartition> partitions = partitions();
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position); // resolve the end now, before anyone waits
            assigned.countDown();
            while (running) {
                for (ConsumerRecord<String, V> record : consumer.poll(Duration.ofMillis(200))) {
                    dispatch(record.key(), record.value());
                }
            }
        } catch (WakeupException e) {
            if (running) {
                throw e;
            }
        } catch (RuntimeException e) {
            log.error("The feed of {} stopped", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
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

    private void dispatch(String key, V value) {
        Set<Waiter<V>> set = waiters.get(key);
        if (set == null || value == null) {
            return;
        }
        for (Waiter<V> w : set) {
            if (w.until().test(value)) {
                // answered on another thread: the feed must go on reading while responses are written
                wakers.execute(() -> w.future().complete(value));
            }
        }
    }

    @Override
    public void close() {
        running = false;
        consumer.wakeup();
        wakers.shutdown();
        try {
            thread.join(10_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
