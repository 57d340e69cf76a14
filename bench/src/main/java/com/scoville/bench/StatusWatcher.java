package com.scoville.bench;

import com.scoville.avro.OrderState;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.WakeupException;
import org.apache.kafka.common.serialization.StringDeserializer;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;

/**
 * Tails 'order-status' (committed records only, every partition, from its end when started) and hands each
 * state to a listener with the time it arrived. Started before the first order is sent, so no change is missed.
 */
final class StatusWatcher implements AutoCloseable {
    interface Listener {
        void onState(String orderId, OrderState state, long arrivedAt);
    }

    private final KafkaConsumer<String, OrderState> consumer;
    private final Listener listener;
    private final Thread thread;
    private final CountDownLatch positioned = new CountDownLatch(1);
    private final AtomicReference<RuntimeException> failure = new AtomicReference<>();
    private volatile boolean running = true;

    StatusWatcher(String bootstrap, String registryUrl, Listener listener) {
        this.consumer = new KafkaConsumer<>(Kafka.consumer(bootstrap, "scoville-bench-status"), new StringDeserializer(),
                AvroSerdes.specific(new SchemaRegistryClient(registryUrl), OrderState.class, false).deserializer());
        this.listener = listener;
        this.thread = new Thread(this::run, "bench-status-watcher");
        this.thread.setDaemon(true);
    }

    /** Returns once the consumer sits at the end of every partition. */
    StatusWatcher start() throws InterruptedException {
        thread.start();
        if (!positioned.await(60, TimeUnit.SECONDS) || failure.get() != null) {
            close();
            throw new IllegalStateException("Could not tail " + Kafka.ORDER_STATUS, failure.get());
        }
        return this;
    }

    private void run() {
        try {
            List<TopicPartition> partitions = Kafka.partitions(consumer, Kafka.ORDER_STATUS);
            consumer.assign(partitions);
            consumer.seekToEnd(partitions);
            partitions.forEach(consumer::position);
            positioned.countDown();
            while (running) {
                for (ConsumerRecord<String, OrderState> r : consumer.poll(Duration.ofMillis(100))) {
                    long arrived = System.nanoTime();
                    if (r.value() != null) {
                        listener.onState(r.key(), r.value(), arrived);
                    }
                }
            }
        } catch (WakeupException e) {
            // closing
        } catch (RuntimeException e) {
            failure.set(e);
            System.err.println("The status watcher stopped: " + e);
        } finally {
            positioned.countDown();
            consumer.close(CloseOptions.timeout(Duration.ofSeconds(5)));
        }
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
