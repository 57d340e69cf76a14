package com.scoville.service.it;

import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Partners produce Avro orders straight to Kafka; unreadable records go to the dead-letter topic and processing goes on. */
class PartnerKafkaIT extends SharedStack {
    /** What an older partner producer knows of Order: the required fields only, under the same record name. */
    static final Schema PARTNER_ORDER = new Schema.Parser().parse("""
            {"type": "record", "name": "Order", "namespace": "com.scoville.avro", "fields": [
              {"name": "orderId", "type": "string"},
              {"name": "customerId", "type": "string"},
              {"name": "channel", "type": {"type": "enum", "name": "Channel", "symbols": ["UNKNOWN", "WEB", "MOBILE", "WHOLESALE", "POS"], "default": "UNKNOWN"}},
              {"name": "lines", "type": {"type": "array", "items": {"type": "record", "name": "OrderLine", "fields": [
                {"name": "sku", "type": "string"}, {"name": "quantity", "type": "int"}]}}},
              {"name": "createdAt", "type": {"type": "long", "logicalType": "timestamp-millis"}}
            ]}""");

    @Test
    void shouldDeadLetterAnUnreadableRecordAndGoOnWithTheNextOrder() throws Exception {
        // given a record that is not Avro at all, then a good partner order
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", service.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>("orders", "junk-1".getBytes(StandardCharsets.UTF_8),
                    "this is not an order".getBytes(StandardCharsets.UTF_8))).get();
        }
        produce(partnerOrder("partner-after-junk", "WHOLESALE", "GHOST-250", 4));

        // then the junk is on orders-dlq with the reason in its headers
        try (KafkaConsumer<byte[], byte[]> dlq = new KafkaConsumer<>(Map.of("bootstrap.servers", service.bootstrapServers()),
                new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            TopicPartition tp = new TopicPartition("orders-dlq", 0);
            dlq.assign(List.of(tp));
            dlq.seekToBeginning(List.of(tp));
            List<ConsumerRecord<byte[], byte[]>> records = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                dlq.poll(Duration.ofMillis(200)).forEach(records::add);
                return !records.isEmpty();
            });
            ConsumerRecord<byte[], byte[]> dead = records.get(0);
            assertThat(new String(dead.value(), StandardCharsets.UTF_8)).isEqualTo("this is not an order");
            List<String> headers = new ArrayList<>();
            dead.headers().forEach(h -> headers.add(h.key()));
            assertThat(headers).anyMatch(h -> h.contains("exception"));
        }
        // and the next order was processed, at the wholesale price
        var order = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/partner-after-junk"),
                r -> r.status() == 200 && "RESERVED".equals(r.body().get("status").asText())).body();
        assertThat(order.get("totalCents").asLong()).isEqualTo(4 * 1249);
    }

    @Test
    void shouldRejectAPartnerOrderForAnUnknownSkuWithItsReason() throws Exception {
        produce(partnerOrder("partner-unknown", "WHOLESALE", "NO-SUCH-SAUCE", 1));
        var order = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/partner-unknown"),
                r -> r.status() == 200).body();
        assertThat(order.get("status").asText()).isEqualTo("REJECTED");
        assertThat(order.get("rejectReason").asText()).isEqualTo("UNKNOWN_SKU");
        assertThat(order.get("rejectedSkus").get(0).asText()).isEqualTo("NO-SUCH-SAUCE");
    }

    @Test
    void shouldTreatTheSameOrderIdSentTwiceAsOneOrder() throws Exception {
        int before = http.get("/v1/inventory/JALAPENO-250").body().get("reserved").asInt();
        produce(partnerOrder("partner-twice", "WHOLESALE", "JALAPENO-250", 3));
        produce(partnerOrder("partner-twice", "WHOLESALE", "JALAPENO-250", 3));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/partner-twice"),
                r -> r.status() == 200 && "RESERVED".equals(r.body().get("status").asText()));
        produce(partnerOrder("partner-marker", "WHOLESALE", "JALAPENO-250", 1));
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/partner-marker"), r -> r.status() == 200);
        assertThat(http.get("/v1/inventory/JALAPENO-250").body().get("reserved").asInt()).isEqualTo(before + 3 + 1);
    }

    private static GenericRecord partnerOrder(String id, String channel, String sku, int quantity) {
        Schema lineSchema = PARTNER_ORDER.getField("lines").schema().getElementType();
        GenericRecord line = new GenericData.Record(lineSchema);
        line.put("sku", sku);
        line.put("quantity", quantity);
        GenericRecord order = new GenericData.Record(PARTNER_ORDER);
        order.put("orderId", id);
        order.put("customerId", "partner-acme");
        order.put("channel", new GenericData.EnumSymbol(PARTNER_ORDER.getField("channel").schema(), channel));
        order.put("lines", List.of(line));
        order.put("createdAt", Instant.now().toEpochMilli());
        return order;
    }

    private static void produce(GenericRecord order) throws Exception {
        try (KafkaProducer<String, GenericRecord> producer = new KafkaProducer<>(
                Map.of("bootstrap.servers", service.bootstrapServers(), "acks", "all"), new StringSerializer(),
                AvroSerdes.generic(new SchemaRegistryClient(service.registryUrl()), false).serializer())) {
            producer.send(new ProducerRecord<>("orders", order.get("orderId").toString(), order)).get();
        }
    }
}
