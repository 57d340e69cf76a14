package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.CardNumbers;
import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.orders.OrderIds;
import com.scoville.kafka.DeadLetters;
import com.scoville.kafka.Topics;
import com.scoville.registry.SchemaRegistryClient;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.common.serialization.ByteArrayDeserializer;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Predicate;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The issue "two anonymous HTTP requests stop all order processing", and its relatives, on the real stack:
 * each hostile input is refused or rejected, and an ordinary order is still reserved afterwards.
 */
class HostileInputIT extends SharedStack {
    private static final String CARD = "4111 1111 1111 1111";
    private static Topics topics;
    private static KafkaWriter partner;

    @BeforeAll
    static void partnerWriter() {
        topics = new Topics(new SchemaRegistryClient(service.registryUrl()), service.config().partitions());
        partner = new KafkaWriter(service.bootstrapServers());
    }

    @AfterAll
    static void closeWriter() {
        partner.close();
    }

    @Test
    void shouldStillReserveOrdersAfterTheIssuesRequests() {
        // when the issue's three anonymous requests are sent
        Http.Response product = http.put("/v1/products/EVIL-1", Map.of("name", "Evil", "type", "SAUCE", "family", "evil",
                "heatLevel", 8, "sizeMl", 150, "priceCents", 9_223_372_036_854_775_000L, "wholesalePriceCents", 1,
                "currency", "USD"), key());
        Http.Response restock = http.post("/v1/inventory/EVIL-1/restock", Map.of("quantity", 10), key());
        Http.Response order = http.post("/v1/orders", Map.of("customerId", "c1", "channel", "WEB",
                "lines", List.of(Map.of("sku", "EVIL-1", "quantity", 2))), key());

        // then the product is refused naming its price, so there is nothing to restock or order
        assertThat(product.status()).isEqualTo(422);
        assertThat(product.header("Content-Type")).startsWith("application/problem+json");
        assertThat(fields(product)).containsExactly("priceCents");
        assertThat(restock.status()).isEqualTo(404);
        assertThat(order.status()).isEqualTo(422);
        // and processing goes on
        assertOrdersAreStillReserved();
    }

    @Test
    void shouldRejectOrdersForAProductWrittenBeforeTheBounds() throws Exception {
        // given EVIL-2 on the products topic as the API used to take it, and in stock
        partner.send(topics.products, "EVIL-2", Product.newBuilder().setSku("EVIL-2").setName("Evil").setType(ProductType.SAUCE)
                .setFamily("evil").setHeatLevel(8).setSizeMl(150).setPriceCents(9_223_372_036_854_775_000L)
                .setWholesalePriceCents(9_223_372_036_854_775_000L).setUpdatedAt(Instant.now()).build()).get();
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/EVIL-2").status() == 200);
        assertThat(http.post("/v1/inventory/EVIL-2/restock", Map.of("quantity", 10), key()).status()).isEqualTo(202);

        // when it is ordered over HTTP and by a partner
        Http.Response overHttp = http.post("/v1/orders", Map.of("customerId", "c1", "channel", "WEB",
                "lines", List.of(Map.of("sku", "EVIL-2", "quantity", 2))), key());
        partner.send(topics.orders, "evil-partner-1", partnerOrder("evil-partner-1", line("EVIL-2", 2))).get();

        // then HTTP names the line, the partner's order is rejected, and processing goes on
        assertThat(overHttp.status()).isEqualTo(422);
        assertThat(fields(overHttp)).containsExactly("lines[0].sku");
        JsonNode rejected = awaitOrder("evil-partner-1", r -> true);
        assertThat(rejected.get("status").asText()).isEqualTo("REJECTED");
        assertThat(rejected.get("rejectReason").asText()).isEqualTo("INVALID");
        assertThat(rejected.get("totalCents").asLong()).isZero();
        assertThat(http.get("/v1/inventory/EVIL-2").body().get("reserved").asInt()).isZero();
        assertOrdersAreStillReserved();
    }

    @Test
    void shouldDecideAPartnerOrderKeyedByAnythingButItsOrderIdUnderItsOrderId() throws Exception {
        // when a partner keys one order by its batch and sends another with no key
        partner.send(topics.orders, "batch-2026-11-25", partnerOrder("rekey-1", line("HABANERO-250", 1))).get();
        partner.send(topics.orders, null, partnerOrder("rekey-2", line("HABANERO-250", 1))).get();

        // then both are decided under their order ids
        assertThat(awaitOrder("rekey-1", r -> !"PENDING".equals(r.get("status").asText())).get("status").asText()).isEqualTo("RESERVED");
        assertThat(awaitOrder("rekey-2", r -> !"PENDING".equals(r.get("status").asText())).get("status").asText()).isEqualTo("RESERVED");
    }

    @Test
    void shouldKeepACardNumberInAPartnerRecordOutOfAnswersAndStatusRecords() throws Exception {
        // given a partner order with a card number in its address
        Order order = partnerOrder("carded-1", line("VERDE-250", 1));
        order.setShippingAddress(Address.newBuilder().setName("Ann").setLine1("1 Main St").setLine2("pay with " + CARD).build());

        // when
        partner.send(topics.orders, "carded-1", order).get();

        // then the order is rejected naming the field, and neither its answer nor its status records hold the number
        Http.Response answer = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/carded-1"), r -> r.status() == 200);
        assertThat(answer.body().get("status").asText()).isEqualTo("REJECTED");
        assertThat(answer.body().get("rejectReason").asText()).isEqualTo("INVALID");
        assertThat(answer.raw().body()).contains("shippingAddress.line2").doesNotContain("4111");
        List<ConsumerRecord<byte[], byte[]>> statuses = records("order-status", r -> "carded-1".equals(key(r)), 1);
        assertThat(statuses).allSatisfy(r -> assertThat(new String(r.value(), StandardCharsets.ISO_8859_1))
                .doesNotContain("4111").doesNotContain(CARD.replace(" ", "")));
    }

    @Test
    void shouldKeepACardNumberInAnySpellingInAPartnerRecordOutOfAnswersAndStatusRecords() throws Exception {
        // given partner orders with a number written with dots and letters against it, and in Arabic-Indic digits
        Order dotted = partnerOrder("carded-2", line("VERDE-250", 1));
        dotted.setShippingAddress(Address.newBuilder().setName("Ann").setLine1("card4111.1111.1111.1111x").build());
        Order arabic = partnerOrder("carded-3", line("VERDE-250", 1));
        arabic.setCustomerId("partner-٤١١١ ١١١١ ١١١١ ١١١١");

        // when
        partner.send(topics.orders, "carded-2", dotted).get();
        partner.send(topics.orders, "carded-3", arabic).get();

        // then each is rejected naming its field, and neither answers nor status records hold the number
        Map<String, String> fields = Map.of("carded-2", "shippingAddress.line1", "carded-3", "customerId");
        fields.forEach((orderId, field) -> {
            Http.Response answer = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/" + orderId),
                    r -> r.status() == 200);
            assertThat(answer.body().get("status").asText()).isEqualTo("REJECTED");
            assertThat(answer.raw().body()).contains(field);
            assertThat(CardNumbers.containsCardNumber(answer.raw().body())).isFalse();
        });
        List<ConsumerRecord<byte[], byte[]>> statuses = records("order-status", r -> fields.containsKey(key(r)), 2);
        assertThat(statuses).allSatisfy(r -> assertThat(CardNumbers.containsCardNumber(new String(r.value(), StandardCharsets.UTF_8)))
                .isFalse());
    }

    @Test
    void shouldRefuseACardNumberInAnySpellingInAnyBodyNamingTheFieldWithoutQuotingIt() {
        // when each kind of body carries a number written as an attacker would
        Map<String, Http.Response> answers = new java.util.LinkedHashMap<>();
        answers.put("comment", http.post("/v1/feedback", "{\"customerId\":\"c1\",\"sku\":\"GHOST-150\",\"taste\":5,\"heat\":5,"
                + "\"comment\":\"card \\u0034111.1111.1111.1111\"}", key()));
        answers.put("name", http.put("/v1/products/CARD-1", Map.of("name", "Sauce 4111/1111/1111/1111", "type", "SAUCE",
                "family", "card", "heatLevel", 3, "sizeMl", 150, "priceCents", 900, "wholesalePriceCents", 500, "currency", "USD"), key()));
        answers.put("customerId", http.post("/v1/inventory/GHOST-150/subscriptions", Map.of("customerId", "sub4111111111111111x"), key()));
        answers.put("shippingAddress.line1", http.post("/v1/orders", Map.of("customerId", "c1", "channel", "WEB",
                "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1)),
                "shippingAddress", Map.of("name", "Ann", "line1", "٤١١١ ١١١١ ١١١١ ١١١١")), key()));
        answers.put("lines[0].sku", http.post("/v1/inventory/reserve",
                Map.of("lines", List.of(Map.of("sku", "４１１１－１１１１－１１１１－１１１１", "quantity", 1))), key()));
        answers.put("variables.c", http.post("/v1/analytics/sales",
                "{\"query\":\"query($c: String) { sales { totalCents } }\",\"variables\":{\"c\":\"4111 1111 1111 1111\"}}", Map.of()));

        // then each answers 422 naming the field, without the number, and nothing was written
        answers.forEach((field, answer) -> {
            assertThat(answer.status()).as(field).isEqualTo(422);
            assertThat(fields(answer)).as(field).containsExactly(field);
            assertThat(CardNumbers.containsCardNumber(answer.raw().body())).as(field).isFalse();
        });
        assertThat(http.get("/v1/products/CARD-1").status()).isEqualTo(404);
        assertOrdersAreStillReserved();
    }

    @Test
    void shouldDeadLetterAPartnerOrderWithA600KbIdAndGoOn() throws Exception {
        // given an order id of 600 KB, which would make its status record larger than the broker takes
        String hugeId = "x".repeat(600_000);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", service.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            byte[] value = topics.orders.valueSerde().serializer().serialize("orders", partnerOrder(hugeId, line("GHOST-150", 1)));
            raw.send(new ProducerRecord<>("orders", null, value)).get();
        }
        partner.send(topics.orders, "after-huge-id", partnerOrder("after-huge-id", line("GHOST-150", 1))).get();

        // then it is on the dead-letter topic with the reason, without its payload, and the next order is decided
        ConsumerRecord<byte[], byte[]> dead = records("orders-dlq", r -> header(r, DeadLetters.PAYLOAD_OMITTED) != null, 1).get(0);
        assertThat(header(dead, DeadLetters.MESSAGE)).contains("orderId");
        assertThat(dead.value()).isNull();
        assertThat(awaitOrder("after-huge-id", r -> !"PENDING".equals(r.get("status").asText())).get("status").asText())
                .isEqualTo("RESERVED");
        assertThat(http.get("/health/live").status()).isEqualTo(200);
    }

    @Test
    void shouldRefuseOverlongValuesNamingTheField() {
        Map<String, Object> body = Map.of("customerId", "c".repeat(129), "channel", "WEB",
                "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1)),
                "shippingAddress", Map.of("name", "Ann", "line1", "l".repeat(501)));
        Http.Response order = http.post("/v1/orders", body, key());
        assertThat(order.status()).isEqualTo(422);
        assertThat(fields(order)).containsExactlyInAnyOrder("customerId", "shippingAddress.line1");

        Http.Response restock = http.post("/v1/inventory/GHOST-150/restock", Map.of("quantity", 1_000_001), key());
        assertThat(restock.status()).isEqualTo(422);
        assertThat(fields(restock)).containsExactly("quantity");

        Http.Response longId = http.get("/v1/orders/" + "o".repeat(129));
        assertThat(longId.status()).isEqualTo(404);
        assertThat(fields(longId)).containsExactly("orderId");
        Http.Response longSku = http.get("/v1/inventory/" + "S".repeat(65));
        assertThat(longSku.status()).isEqualTo(404);
        assertThat(fields(longSku)).containsExactly("sku");

        Http.Response longFilter = http.get("/v1/orders?customerId=" + "c".repeat(129));
        assertThat(longFilter.status()).isEqualTo(400);
        assertThat(fields(longFilter)).containsExactly("customerId");
    }

    @Test
    void shouldKeepWakingWaitingRequestsAfterAnUnreadableStatusRecord() throws Exception {
        // given junk on order-status ahead of an order's own changes (same key, so same partition)
        String idempotencyKey = UUID.randomUUID().toString();
        String orderId = OrderIds.fromIdempotencyKey("client:backoffice", idempotencyKey);
        try (KafkaProducer<byte[], byte[]> raw = new KafkaProducer<>(Map.of("bootstrap.servers", service.bootstrapServers()),
                new ByteArraySerializer(), new ByteArraySerializer())) {
            raw.send(new ProducerRecord<>("order-status", orderId.getBytes(StandardCharsets.UTF_8),
                    "not a status".getBytes(StandardCharsets.UTF_8))).get();
        }

        // when the order is placed, waiting for its outcome
        Http.Response placed = http.post("/v1/orders", ordinaryOrder(), Map.of("Idempotency-Key", idempotencyKey, "Prefer", "wait=10"));

        // then the feed passed over the junk and woke the request
        assertThat(placed.status()).isEqualTo(200);
        assertThat(placed.body().get("status").asText()).isEqualTo("RESERVED");
        assertThat(http.get("/health/live").body().get("checks").get("statusFeed").asText()).isEqualTo("UP");
    }

    private static void assertOrdersAreStillReserved() {
        Http.Response ordinary = http.post("/v1/orders", ordinaryOrder(), Map.of("Idempotency-Key", UUID.randomUUID().toString(),
                "Prefer", "wait=10"));
        assertThat(ordinary.status()).isEqualTo(200);
        assertThat(ordinary.body().get("status").asText()).isEqualTo("RESERVED");
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
        Http.Response live = http.get("/health/live");
        assertThat(live.status()).isEqualTo(200);
        assertThat(live.body().get("status").asText()).isEqualTo("UP");
    }

    private static Map<String, Object> ordinaryOrder() {
        return Map.of("customerId", "c-" + UUID.randomUUID(), "channel", "WEB", "lines", List.of(Map.of("sku", "JALAPENO-150", "quantity", 1)));
    }

    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }

    private static List<String> fields(Http.Response r) {
        return r.body().get("errors").findValuesAsText("field");
    }

    private static JsonNode awaitOrder(String orderId, Predicate<JsonNode> until) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/orders/" + orderId),
                r -> r.status() == 200 && until.test(r.body())).body();
    }

    private static OrderLine line(String sku, int quantity) {
        return OrderLine.newBuilder().setSku(sku).setQuantity(quantity).build();
    }

    private static Order partnerOrder(String orderId, OrderLine... lines) {
        return Order.newBuilder().setOrderId(orderId).setCustomerId("partner-acme").setChannel(Channel.WHOLESALE)
                .setLines(new ArrayList<>(List.of(lines))).setCreatedAt(Instant.now()).build();
    }

    /** At least {@code count} records of {@code topic} (read from the start) that {@code wanted} accepts. */
    private static List<ConsumerRecord<byte[], byte[]>> records(String topic, Predicate<ConsumerRecord<byte[], byte[]>> wanted, int count) {
        try (KafkaConsumer<byte[], byte[]> consumer = new KafkaConsumer<>(Map.of("bootstrap.servers", service.bootstrapServers(),
                "isolation.level", "read_committed"), new ByteArrayDeserializer(), new ByteArrayDeserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor(topic).stream()
                    .map(p -> new TopicPartition(topic, p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<ConsumerRecord<byte[], byte[]>> found = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach(r -> {
                    if (wanted.test(r)) {
                        found.add(r);
                    }
                });
                return found.size() >= count;
            });
            return found;
        }
    }

    private static String key(ConsumerRecord<byte[], byte[]> r) {
        return r.key() == null ? null : new String(r.key(), StandardCharsets.UTF_8);
    }

    private static String header(ConsumerRecord<byte[], byte[]> r, String name) {
        Header h = r.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
