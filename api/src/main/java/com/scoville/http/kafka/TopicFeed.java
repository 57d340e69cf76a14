package com.scoville.http.kafka;

import com.scoville.clients.KafkaClients;

import com.scoville.kafka.Topic;
import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
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
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Tails a topic from its end (committed records only) and wakes the requests waiting for a record of a key:
 * an order's change ({@code Prefer: wait=N}), a command's outcome. Every instance reads every partition, so a
 * request waits on the instance it arrived at, whoever owns the key. A waiter is removed when it completes or
 * times out: none leak. A record it cannot read, or a waiter that throws, is logged and passed over; only an
 * error of the consumer itself ends the feed, and then {@link #alive()} says so (liveness fails and the
 * instance is restarted).
 */
public class TopicFeed<V> implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(TopicFeed.class);

    private record Waiter<V>(Predicate<V> until, CompletableFuture<V> future) { }

    private final Map<String, Set<Waiter<V>>> waiters = new ConcurrentHashMap<>();
    private final Consumer<String, V> consumer;
    private final Topic<String, V> topic;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private final ExecutorService wakers;

    /** A feed of {@code topic}; {@code name} names its consumer and thread. */
    public TopicFeed(String bootstrapServers, Topic<String, V> topic, String name) {
        this(new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 500,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoville-" + name)),
                new StringDeserializer(), topic.valueSerde().deserializer()), topic, name);
    }

    /** A feed on {@code consumer} (tests pass a MockConsumer). */
    protected TopicFeed(Consumer<String, V> consumer, Topic<String, V> topic, String name) {
        this.topic = topic;
        this.consumer = consumer;
        this.wakers = Executors.newFixedThreadPool(4, KafkaWriter.daemon(name + "-wakers"));
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

    /** Whether the feed still reads: false once its thread has ended (closed, or failed for good). */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Waiters still registered (for tests and metrics: it returns to zero when requests end). */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    /** Each record read, before its waiters hear of it (a subclass may keep what it needs). */
    protected void seen(String key, V value) {
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
                pollOnce();
            }
        } catch (WakeupException e) {
            if (running) {
                log.error("The feed of {} was woken up while running: it stops", topic.name(), e);
            }
        } catch (RuntimeException e) {
            log.error("The feed of {} stopped: /health/live reports DOWN", topic.name(), e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, V> records;
        try {
            records = consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            // a record nobody can read must not stop the feed: skip it (its key's waiters time out)
            log.warn("Unreadable record on {} at {} offset {}: skipped", topic.name(), e.topicPartition(), e.offset(), e);
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return;
        }
        for (ConsumerRecord<String, V> record : records) {
            try {
                dispatch(record.key(), record.value());
            } catch (RuntimeException e) {
                log.warn("Record of {} on {} not dispatched", record.key(), topic.name(), e);
            }
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
        if (value == null) {
            return;
        }
        seen(key, value);
        Set<Waiter<V>> set = waiters.get(key);
        if (set == null) {
            return;
        }
        for (Waiter<V> w : set) {
            boolean done;
            try {
                done = w.until().test(value);
            } catch (RuntimeException e) {
                w.future().completeExceptionally(e); // this waiter's own failure; the others still hear
                continue;
            }
            if (done) {
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
