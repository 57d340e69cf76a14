package com.scoville.bench;

import com.scoville.avro.Order;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;

/** A partner's producer: specific Avro {@link Order}s to 'orders' with the registry serde, keyed by order id. */
final class PartnerProducer implements AutoCloseable {
    private final KafkaProducer<String, Order> producer;

    PartnerProducer(String bootstrap, String registryUrl) {
        this.producer = new KafkaProducer<>(Kafka.producer(bootstrap, "scoville-bench-partner"), new StringSerializer(),
                Kafka.lookupOnly(AvroSerdes.specific(new SchemaRegistryClient(registryUrl), Order.class, false).serializer()));
    }

    /** Completes once the broker has acknowledged the order (blocks while the producer's buffer is full). */
    CompletableFuture<RecordMetadata> send(Order order) {
        CompletableFuture<RecordMetadata> acked = new CompletableFuture<>();
        producer.send(new ProducerRecord<>(Kafka.ORDERS, order.getOrderId(), order), (metadata, error) -> {
            if (error != null) {
                acked.completeExceptionally(error);
            } else {
                acked.complete(metadata);
            }
        });
        return acked;
    }

    void flush() {
        producer.flush();
    }

    @Override
    public void close() {
        producer.close(Duration.ofSeconds(10));
    }
}
