package com.scoville.kafka;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP layer's one producer: idempotent, {@code acks=all}, so an answer given after its acknowledgement
 * means the record is durably in Kafka. Records are typed by their {@link Topic} and serialized with its serdes.
 */
public final class KafkaWriter implements AutoCloseable {
    private final KafkaProducer<byte[], byte[]> producer;
    /**
     * Acknowledgements complete here, not on the producer's one I/O thread: what follows an ack (writing
     * the HTTP answer) must never hold up the next send.
     */
    private final ExecutorService acks = Executors.newFixedThreadPool(4, daemon("kafka-acks"));

    public KafkaWriter(String bootstrapServers) {
        this.producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers,
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                ProducerConfig.CLIENT_ID_CONFIG, "scoville-http"),
                new ByteArraySerializer(), new ByteArraySerializer());
    }

    /** Threads named for what they do, that never keep the JVM alive. */
    public static ThreadFactory daemon(String name) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, name + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Completes once the broker has acknowledged the record. */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
        return send(topic, null, key, value);
    }

    /**
     * Writes to the partition where {@code sku}'s stock lives (see {@link SkuPartitions}), whatever the key:
     * the task that owns that stock then decides the record in one hop.
     */
    public <K, V> CompletableFuture<RecordMetadata> sendWhereStockLives(Topic<K, V> topic, String sku, K key, V value) {
        return send(topic, SkuPartitions.of(sku, producer.partitionsFor(topic.name()).size()), key, value);
    }

    private <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, Integer partition, K key, V value) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(topic.name(), partition, k, v), (metadata, error) -> acks.execute(() -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(metadata);
            }
        }));
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        acks.shutdown();
    }
}
