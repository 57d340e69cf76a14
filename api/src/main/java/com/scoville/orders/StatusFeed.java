package com.scoville.orders;

import com.scoville.avro.OrderState;
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
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Tails 'order-status' (committed records only) and wakes the requests waiting for an order to change
 * ({@code Prefer: wait=N}). Every instance reads every partition, so a request waits on the instance it
 * arrived at, whoever owns the order. A waiter is removed when it completes or times out: none leak.
 * A record it cannot read, or a waiter that throws, is logged and passed over; only an error of the consumer
 * itself ends the feed, and then {@link #alive()} says so (liveness fails and the instance is restarted).
 */
public final class StatusFeed implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StatusFeed.class);

    private record Waiter(Predicate<OrderState> until, CompletableFuture<OrderState> future) { }

    /** How many orders' latest states are kept for {@link #latest}: the most recently changed ones. */
    private static final int RECENT_ORDERS = 100_000;

    private final Map<String, Set<Waiter>> waiters = new ConcurrentHashMap<>();
    private final Map<String, OrderState> recent = new java.util.LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderState> eldest) {
            return size() > RECENT_ORDERS;
        }
    };
    private final Consumer<String, OrderState> consumer;
    private final Topic<String, OrderState> topic;
    private final Thread thread;
    private final CountDownLatch assigned = new CountDownLatch(1);
    private volatile boolean running = true;
    private final java.util.concurrent.ExecutorService wakers =
            java.util.concurrent.Executors.newFixedThreadPool(4, com.scoville.kafka.KafkaWriter.daemon("status-wakers"));

    public StatusFeed(String bootstrapServers, Topic<String, OrderState> topic) {
        this(new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false,
                ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, 20,
                ConsumerConfig.CLIENT_ID_CONFIG, "scoville-status-feed"),
                new StringDeserializer(), topic.valueSerde().deserializer()), topic);
    }

    /** A feed on {@code consumer} (tests pass a MockConsumer). */
    StatusFeed(Consumer<String, OrderState> consumer, Topic<String, OrderState> topic) {
        this.topic = topic;
        this.consumer = consumer;
        this.thread = new Thread(this::run, "status-feed");
        this.thread.setDaemon(true);
    }

    public StatusFeed start() {
        thread.start();
        try {
            if (!assigned.await(30, TimeUnit.SECONDS)) {
                throw new IllegalStateException("status feed could not subscribe to " + topic.name());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return this;
    }

    /**
     * Completes with the first state of {@code orderId} that passes {@code until}, or with null after
     * {@code timeout}. Register before reading the current state, so no change can slip between the two.
     */
    public CompletableFuture<OrderState> await(String orderId, Predicate<OrderState> until, Duration timeout) {
        CompletableFuture<OrderState> future = new CompletableFuture<>();
        Waiter waiter = new Waiter(until, future);
        waiters.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(waiter);
        // Completing, timing out or being cancelled removes the waiter: the caller gets this very future.
        future.whenComplete((state, error) -> remove(orderId, waiter));
        return future.completeOnTimeout(null, timeout.toMillis(), TimeUnit.MILLISECONDS);
    }

    /**
     * The latest state of {@code orderId} seen on the topic since this instance started, if it changed recently.
     * It can be ahead of the order store: a decision made where the stock lives reaches the topic first.
     */
    public Optional<OrderState> latest(String orderId) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(orderId));
        }
    }

    /** Whether the feed still reads: false once its thread has ended (closed, or failed for good). */
    public boolean alive() {
        return thread.isAlive();
    }

    /** Waiters still registered (for tests and metrics: it returns to zero when requests end). */
    public int waiting() {
        return waiters.values().stream().mapToInt(Set::size).sum();
    }

    private void remove(String orderId, Waiter waiter) {
        waiters.computeIfPresent(orderId, (id, set) -> {
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
                log.error("Status feed woken up while running: it stops", e);
            }
        } catch (RuntimeException e) {
            log.error("Status feed stopped: /health/live reports DOWN", e);
        } finally {
            consumer.close(Duration.ofSeconds(5));
        }
    }

    private void pollOnce() {
        ConsumerRecords<String, OrderState> records;
        try {
            records = consumer.poll(Duration.ofMillis(200));
        } catch (RecordDeserializationException e) {
            // a record nobody can read must not stop the feed: skip it (its order's waiters time out)
            log.warn("Unreadable record on {} at {} offset {}: skipped", topic.name(), e.topicPartition(), e.offset(), e);
            consumer.seek(e.topicPartition(), e.offset() + 1);
            return;
        }
        for (ConsumerRecord<String, OrderState> record : records) {
            try {
                dispatch(record.key(), record.value());
            } catch (RuntimeException e) {
                log.warn("Status change of {} not dispatched", record.key(), e);
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

    private void dispatch(String orderId, OrderState state) {
        if (state == null) {
            return;
        }
        synchronized (recent) {
            OrderState before = recent.remove(orderId); // re-inserted: the eldest entry is the least recently changed
            recent.put(orderId, before != null && before.getUpdatedAt().isAfter(state.getUpdatedAt()) ? before : state);
        }
        Set<Waiter> set = waiters.get(orderId);
        if (set == null) {
            return;
        }
        for (Waiter w : set) {
            boolean done;
            try {
                done = w.until().test(state);
            } catch (RuntimeException e) {
                w.future().completeExceptionally(e); // this waiter's own failure; the others still hear
                continue;
            }
            if (done) {
                // answered on another thread: the feed must go on reading while responses are written
                wakers.execute(() -> w.future().complete(state));
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
