package com.scoville.http.kafka;

import com.scoville.clients.KafkaClients;

import com.scoville.kafka.SkuPartitions;
import com.scoville.kafka.Topic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.header.internals.RecordHeader;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

import java.time.Duration;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The HTTP layer's one producer: idempotent, {@code acks=all}, so an answer given after its acknowledgement
 * means the record is durably in Kafka. Records are typed by their {@link Topic} and serialized with its serdes.
 * A write the broker cannot take fails within {@link #WRITE_TIMEOUT} (the client gets 503 and retries), never
 * holding a request for the producer's default minute.
 */
public final class KafkaWriter implements AutoCloseable {
    /** The longest a send may take, waiting for metadata or for the acknowledgement; the API answers within 5 s. */
    public static final Duration WRITE_TIMEOUT = Duration.ofMillis(3_500);
    private static final Duration REQUEST_TIMEOUT = Duration.ofMillis(3_000);

    private final KafkaProducer<byte[], byte[]> producer;
    /**
     * Acknowledgements complete here, not on the producer's one I/O thread: what follows an ack (writing
     * the HTTP answer) must never hold up the next send.
     */
    private final ExecutorService acks = Executors.newFixedThreadPool(4, daemon("kafka-acks"));

    public KafkaWriter(String bootstrapServers) {
        this.producer = new KafkaProducer<>(KafkaClients.config(bootstrapServers, Map.of(ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 1,
                // send() blocks the caller while it waits for metadata: bounded like the rest of the write
                ProducerConfig.MAX_BLOCK_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                // delivery.timeout.ms must cover linger.ms + request.timeout.ms
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, (int) REQUEST_TIMEOUT.toMillis(),
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.CLIENT_ID_CONFIG, "scoville-http")),
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

    /**
     * Completes once the broker has acknowledged the record, or fails (within {@link #WRITE_TIMEOUT} when the
     * broker cannot be reached). A failure is always the future's, never thrown here.
     */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value) {
        return send(topic, null, key, value, List.of());
    }

    /** Like {@link #send(Topic, Object, Object)}, with these headers. */
    public <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, K key, V value, List<Header> headers) {
        return send(topic, null, key, value, headers);
    }

    /**
     * Writes one copy of the record to each partition where the stock of {@code skus} lives (see
     * {@link SkuPartitions}), whatever the key, each marked as placed: the tasks that own that stock decide it
     * where it landed. Completes once every copy is acknowledged; fails like {@link #send}.
     */
    public <K, V> CompletableFuture<Void> sendWhereStockLives(Topic<K, V> topic, Collection<String> skus, K key, V value) {
        return sendWhereStockLives(topic, skus, key, value, List.of());
    }

    /** Like {@link #sendWhereStockLives(Topic, Collection, Object, Object)}, each copy with these headers too. */
    public <K, V> CompletableFuture<Void> sendWhereStockLives(Topic<K, V> topic, Collection<String> skus, K key, V value,
                                                              List<Header> headers) {
        Set<Integer> homes;
        try {
            homes = SkuPartitions.of(skus, producer.partitionsFor(topic.name()).size());
        } catch (KafkaException e) {
            return CompletableFuture.failedFuture(e); // no metadata within max.block.ms: the broker is unreachable
        }
        List<Header> placed = new java.util.ArrayList<>(headers);
        placed.add(new RecordHeader(SkuPartitions.PLACED_HEADER, new byte[] {1}));
        return CompletableFuture.allOf(homes.stream().map(p -> send(topic, p, key, value, placed)).toArray(CompletableFuture[]::new));
    }

    private <K, V> CompletableFuture<RecordMetadata> send(Topic<K, V> topic, Integer partition, K key, V value, List<Header> headers) {
        byte[] k = topic.keySerde().serializer().serialize(topic.name(), key);
        byte[] v = topic.valueSerde().serializer().serialize(topic.name(), value);
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        try {
            producer.send(new ProducerRecord<>(topic.name(), partition, k, v, headers), (metadata, error) -> acks.execute(() -> {
                if (error != null) {
                    acked.completeExceptionally(error);
                } else {
                    acked.complete(metadata);
                }
            }));
        } catch (KafkaException e) {
            acked.completeExceptionally(e); // e.g. no metadata within max.block.ms: the broker is unreachable
        }
        return acked;
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
        acks.shutdown();
    }
}
