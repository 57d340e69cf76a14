package com.scoville.service.it;

import com.scoville.avro.Notification;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Restocks, subscriptions, holds and their release take an Idempotency-Key, and a retry never changes stock twice. */
class IdempotentInventoryWritesIT extends SharedStack {

    @Test
    void shouldAddARetriedRestockOnce() {
        // given a new sauce and a restock answered
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        Http.Response first = http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", 5), key);
        assertThat(first.status()).isEqualTo(202);

        // when the client retries it
        Http.Response retry = http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", 5), key);

        // then it gets the same answer, marked as a replay, and the stock grew once
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(onHand(sku)).isEqualTo(5);
    }

    @Test
    void shouldRefuseAnotherRestockUnderAUsedKey() {
        // given
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        assertThat(http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", 5), key).status()).isEqualTo(202);

        // when the key comes again with another quantity
        Http.Response other = http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", 7), key);

        // then
        assertThat(other.status()).isEqualTo(422);
        assertThat(other.body().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
        assertThat(onHand(sku)).isEqualTo(5);
    }

    @Test
    void shouldApplyOneOfTwoRacingRestocksUnderOneKey() throws Exception {
        // given
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        List<Integer> quantities = Races.interleaved(3, 4, 4);
        try (Races.OutcomeTail outcomes = new Races.OutcomeTail(service)) {
            // when eight restocks of 3 or 4 race under one key
            List<Http.Response> answers = Races.race(quantities.stream().<Supplier<Http.Response>>map(q ->
                    () -> http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", q), key)).toList());
            outcomes.await(quantities.size());

            // then the stock grew by one of them, and only its requests were told so
            int added = onHand(sku);
            assertThat(added).isIn(3, 4);
            Races.assertOnlyTheAppliedBodySucceeded(answers, quantities, added, 202);
        }
    }

    @Test
    void shouldSubscribeOnceUnderAKeyAndRefuseAnotherCustomerUnderIt() {
        // given
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        Http.Response first = http.post("/v1/inventory/" + sku + "/subscriptions", Map.of("customerId", "fan-a"), key);

        // when it is retried, and the key is used for another customer
        Http.Response retry = http.post("/v1/inventory/" + sku + "/subscriptions", Map.of("customerId", "fan-a"), key);
        Http.Response other = http.post("/v1/inventory/" + sku + "/subscriptions", Map.of("customerId", "fan-b"), key);

        // then
        assertThat(first.status()).isEqualTo(201);
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(other.status()).isEqualTo(422);
    }

    @Test
    void shouldSubscribeOneOfTwoRacingCustomersUnderOneKey() throws Exception {
        // given
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        List<String> customers = Races.interleaved("fan-" + sku + "-a", "fan-" + sku + "-b", 3);
        List<Http.Response> answers;
        try (Races.OutcomeTail outcomes = new Races.OutcomeTail(service)) {
            // when two customers' subscriptions race under one key
            answers = Races.race(customers.stream().<Supplier<Http.Response>>map(c ->
                    () -> http.post("/v1/inventory/" + sku + "/subscriptions", Map.of("customerId", c), key)).toList());
            outcomes.await(customers.size());
        }

        // then a restock notifies exactly one of them, and only that one's requests were told they subscribed
        assertThat(http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", 1), Http.freshKey()).status()).isEqualTo(202);
        List<String> notified = notified(sku);
        assertThat(notified).hasSize(1);
        Races.assertOnlyTheAppliedBodySucceeded(answers, customers, notified.get(0), 201);
    }

    @Test
    void shouldGiveTheSameHoldToARetryAndRefuseAnotherBodyUnderItsKey() {
        // given a hold
        int before = available("SCORPION-100");
        Map<String, String> key = Http.freshKey();
        Map<String, Object> body = hold("SCORPION-100", 2);
        Http.Response held = http.post("/v1/inventory/reserve", body, key);
        assertThat(held.status()).isEqualTo(201);

        // when it is retried, and the key is used for another hold
        Http.Response retry = http.post("/v1/inventory/reserve", body, key);
        Http.Response other = http.post("/v1/inventory/reserve", hold("SCORPION-100", 3), key);

        // then the retry gets the same hold, the other body 422, and the stock is held once
        assertThat(retry.status()).isEqualTo(201);
        assertThat(retry.body().get("reservationId").asText()).isEqualTo(held.body().get("reservationId").asText());
        assertThat(other.status()).isEqualTo(422);
        assertThat(available("SCORPION-100")).isEqualTo(before - 2);
    }

    @Test
    void shouldPlaceOneOfTwoRacingHoldsUnderOneKey() throws Exception {
        // given
        int before = available("GHOST-250");
        Map<String, String> key = Http.freshKey();
        List<Integer> quantities = Races.interleaved(1, 2, 3);

        // when holds of 1 and of 2 race under one key
        List<Http.Response> answers = Races.race(quantities.stream().<Supplier<Http.Response>>map(q ->
                () -> http.post("/v1/inventory/reserve", hold("GHOST-250", q), key)).toList());

        // then one hold holds one of the quantities, and only its requests were granted it
        String holdId = answers.stream().filter(a -> a.status() == 201).findFirst().orElseThrow()
                .body().get("reservationId").asText();
        int held = http.get("/v1/inventory/reservations/" + holdId).body().get("lines").get(0).get("quantity").asInt();
        assertThat(available("GHOST-250")).isEqualTo(before - held);
        Races.assertOnlyTheAppliedBodySucceeded(answers, quantities, held, 201);
    }

    @Test
    void shouldReleaseAHoldOnceWhenTheReleaseIsRetried() {
        // given a hold
        int before = available("HABANERO-150");
        Http.Response held = http.post("/v1/inventory/reserve", hold("HABANERO-150", 2), Http.freshKey());
        String path = "/v1/inventory/reservations/" + held.body().get("reservationId").asText();

        // when it is released, and the release retried
        Map<String, String> key = Http.freshKey();
        Http.Response released = http.delete(path, key);
        Http.Response retry = http.delete(path, key);

        // then both are answered alike, and the stock is back once
        assertThat(released.status()).isEqualTo(204);
        assertThat(retry.status()).isEqualTo(204);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(http.get(path).body().get("status").asText()).isEqualTo("CANCELLED");
        await().untilAsserted(() -> assertThat(available("HABANERO-150")).isEqualTo(before));
    }

    private static Map<String, Object> hold(String sku, int quantity) {
        return Map.of("ttlSeconds", 600, "lines", List.of(Map.of("sku", sku, "quantity", quantity)));
    }

    /** A sauce of its own for one test, with no stock yet. */
    private static String newSauce() {
        String sku = "IDEM-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        Http.Response created = http.put("/v1/products/" + sku, Map.of("name", "Idempotent Red", "type", "SAUCE",
                "heatLevel", 4, "priceCents", 700, "wholesalePriceCents", 500), Http.freshKey());
        assertThat(created.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/" + sku).status() == 200);
        return sku;
    }

    private static int onHand(String sku) {
        return http.get("/v1/inventory/" + sku).body().get("onHand").asInt();
    }

    private static int available(String sku) {
        return http.get("/v1/inventory/" + sku).body().get("available").asInt();
    }

    /** The customers told that {@code sku} is back, from the start of 'notifications' to its end once one is there. */
    private static List<String> notified(String sku) {
        try (var consumer = new KafkaConsumer<String, Notification>(
                Map.of("bootstrap.servers", service.bootstrapServers(), "isolation.level", "read_committed"), new StringDeserializer(),
                AvroSerdes.specific(new SchemaRegistryClient(service.registryUrl()), Notification.class, false).deserializer())) {
            List<TopicPartition> partitions = consumer.partitionsFor("notifications").stream()
                    .map(p -> new TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<String> customers = new ArrayList<>();
            // one restock's notifications commit together: once one is seen, all are readable up to the end
            await().atMost(Duration.ofSeconds(30)).until(() -> {
                consumer.poll(Duration.ofMillis(100)).forEach(r -> {
                    if (r.value().getSku().equals(sku)) {
                        customers.add(r.value().getCustomerId());
                    }
                });
                return !customers.isEmpty() && consumer.endOffsets(partitions).entrySet().stream()
                        .allMatch(e -> consumer.position(e.getKey()) >= e.getValue());
            });
            return customers;
        }
    }
}
