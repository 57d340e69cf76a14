package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

import static org.assertj.core.api.Assertions.assertThat;

/** Orders over HTTP on the real embedded stack: broker, registry, Kafka Streams with RocksDB, Jetty. */
class OrdersOverHttpIT extends SharedStack {
    static Map<String, Object> order(String sku, int quantity) {
        return Map.of("customerId", "c-" + UUID.randomUUID(), "channel", "WEB",
                "lines", List.of(Map.of("sku", sku, "quantity", quantity)), "paymentToken", "tok_visa_123");
    }

    static Map<String, String> key(String key) {
        return Map.of("Idempotency-Key", key);
    }

    @Test
    void shouldAcceptAnOrderAndShowItReservedWithCatalogPrices() {
        Http.Response accepted = http.post("/v1/orders", order("GHOST-150", 2), key(UUID.randomUUID().toString()));
        assertThat(accepted.status()).isEqualTo(202);
        assertThat(accepted.body().get("status").asText()).isEqualTo("PENDING");
        String location = accepted.header("Location");
        assertThat(location).startsWith("/v1/orders/ord_");

        Http.Response reserved = http.get(location + "?afterStatus=PENDING", Map.of("Prefer", "wait=10"));
        assertThat(reserved.status()).isEqualTo(200);
        assertThat(reserved.body().get("status").asText()).isEqualTo("RESERVED");
        assertThat(reserved.body().get("totalCents").asLong()).isEqualTo(2 * 1299);
        assertThat(reserved.body().get("lines").get(0).get("unitPriceCents").asLong()).isEqualTo(1299);
        assertThat(reserved.body().get("history")).hasSize(2);
    }

    @Test
    void shouldWaitForTheOutcomeWhenAskedTo() {
        Http.Response r = http.post("/v1/orders", order("VERDE-250", 1), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(r.status()).isEqualTo(200);
        assertThat(r.body().get("status").asText()).isEqualTo("RESERVED");
    }

    @Test
    void shouldRefuseAWriteWithoutIdempotencyKeyAsAProblem() {
        Http.Response r = http.post("/v1/orders", order("GHOST-150", 1), Map.of());
        assertThat(r.status()).isEqualTo(400);
        assertThat(r.header("Content-Type")).startsWith("application/problem+json");
        assertThat(r.body().get("status").asInt()).isEqualTo(400);
        assertThat(r.body().get("title").asText()).isNotBlank();
        assertThat(r.body().get("errors").get(0).get("field").asText()).isEqualTo("Idempotency-Key");
    }

    @Test
    void shouldRefuseUnknownSkusAndBadQuantitiesWithFieldErrors() {
        Http.Response r = http.post("/v1/orders", Map.of("customerId", "c1", "channel", "WEB",
                "lines", List.of(Map.of("sku", "NOPE", "quantity", 1), Map.of("sku", "GHOST-150", "quantity", 0))), key("bad-1"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.body().get("errors").findValuesAsText("field")).contains("lines[0].sku", "lines[1].quantity");
        assertThat(http.get("/v1/orders/" + "missing").status()).isEqualTo(404);
    }

    @Test
    void shouldRefuseCardNumbersAnywhereInTheRequest() {
        Map<String, Object> body = Map.of("customerId", "c1", "channel", "WEB",
                "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1)), "paymentToken", "4111 1111 1111 1111");
        Http.Response r = http.post("/v1/orders", body, key("card-1"));
        assertThat(r.status()).isEqualTo(422);
        assertThat(r.raw().body()).doesNotContain("4111");
    }

    @Test
    void shouldReturnTheSameOrderForTheSameKeyAndRefuseAnotherBody() {
        String k = UUID.randomUUID().toString();
        Map<String, Object> body = order("HABANERO-150", 1);
        Http.Response first = http.post("/v1/orders", body, Map.of("Idempotency-Key", k, "Prefer", "wait=10"));
        Http.Response again = http.post("/v1/orders", body, key(k));
        assertThat(again.body().get("orderId").asText()).isEqualTo(first.body().get("orderId").asText());
        Http.Response other = http.post("/v1/orders", order("HABANERO-150", 3), key(k));
        assertThat(other.status()).isEqualTo(422);
    }

    @Test
    void shouldMakeOneOrderOfTwentyRacingIdenticalRequests() throws Exception {
        String k = UUID.randomUUID().toString();
        Map<String, Object> body = order("JALAPENO-150", 1);
        int before = http.get("/v1/inventory/JALAPENO-150").body().get("reserved").asInt();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                calls.add(CompletableFuture.supplyAsync(() -> http.post("/v1/orders", body, Map.of("Idempotency-Key", k, "Prefer", "wait=10")), pool));
            }
            Set<String> ids = new HashSet<>();
            for (CompletableFuture<Http.Response> c : calls) {
                Http.Response r = c.get();
                assertThat(r.status()).isIn(200, 202);
                ids.add(r.body().get("orderId").asText());
            }
            assertThat(ids).hasSize(1);
            org.awaitility.Awaitility.await().untilAsserted(() ->
                    assertThat(http.get("/v1/inventory/JALAPENO-150").body().get("reserved").asInt()).isEqualTo(before + 1));
        } finally {
            pool.shutdownNow();
        }
    }

    @Test
    void shouldMoveThroughTheLifecycleAndRefuseIllegalMoves() {
        Http.Response placed = http.post("/v1/orders", order("CHIPOTLE-150", 1), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        String path = "/v1/orders/" + placed.body().get("orderId").asText();
        assertThat(http.put(path, Map.of("status", "SHIPPED"), Http.freshKey()).status()).isEqualTo(409);
        Http.Response paid = http.put(path, Map.of("status", "PAID"), Http.freshKey());
        assertThat(paid.status()).isEqualTo(200);
        assertThat(paid.body().get("status").asText()).isEqualTo("PAID");
        assertThat(http.put(path, Map.of("status", "SHIPPED"), Http.freshKey()).body().get("status").asText()).isEqualTo("SHIPPED");
        assertThat(http.put(path, Map.of("status", "CANCELLED"), Http.freshKey()).status()).isEqualTo(409);
        assertThat(http.put(path, Map.of("status", "BOGUS"), Http.freshKey()).status()).isEqualTo(422);
        JsonNode delivered = http.put(path, Map.of("status", "DELIVERED"), Http.freshKey()).body();
        assertThat(delivered.get("history").findValuesAsText("status")).containsExactly("PENDING", "RESERVED", "PAID", "SHIPPED", "DELIVERED");
    }

    @Test
    void shouldExposeHttpStreamsAndOrderMetricsInPrometheusText() {
        http.post("/v1/orders", order("GHOST-250", 1), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        Http.Response metrics = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60)).until(() -> http.get("/metrics"),
                r -> java.util.regex.Pattern.compile("kafka_stream_scoville_orders_accepted_total\\{[^}]*\\} [1-9]").matcher(r.raw().body()).find());
        String text = metrics.raw().body();
        assertThat(metrics.header("Content-Type")).startsWith("text/plain");
        assertThat(text).contains("http_server_requests_seconds_count{method=\"POST\",route=\"/v1/orders\"");
        assertThat(text).contains("jvm_memory_used_bytes");
        assertThat(text).containsPattern("kafka_stream_scoville_orders_accepted_total\\{[^}]*\\} [1-9]");
        assertThat(text).contains("scoville_inventory_anomalies 0.0");
        assertThat(text).contains("scoville_analytics_lag_seconds");
    }

    @Test
    void shouldTakeARatingAndRefuseAnOutOfRangeOne() {
        assertThat(http.post("/v1/feedback", Map.of("customerId", "c1", "sku", "REAPER-100", "taste", 5, "heat", 5), Http.freshKey()).status()).isEqualTo(202);
        Http.Response bad = http.post("/v1/feedback", Map.of("customerId", "c1", "sku", "REAPER-100", "taste", 6, "heat", 0), Http.freshKey());
        assertThat(bad.status()).isEqualTo(422);
        assertThat(bad.body().get("errors").findValuesAsText("field")).containsExactlyInAnyOrder("taste", "heat");
    }

    @Test
    void shouldHoldAllOrNothingLetAnOrderTakeTheHoldOverAndReleaseOnDelete() {
        int before = http.get("/v1/inventory/SCORPION-100").body().get("available").asInt();
        // a hold that cannot be met in full is refused with what was short, and holds nothing
        Http.Response refused = http.post("/v1/inventory/reserve", Map.of("ttlSeconds", 60,
                "lines", List.of(Map.of("sku", "SCORPION-100", "quantity", 1), Map.of("sku", "PEACH-HAB-150", "quantity", 999))), Http.freshKey());
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body().get("shortages").get(0).get("sku").asText()).isEqualTo("PEACH-HAB-150");
        assertThat(refused.body().get("shortages").get(0).get("requested").asInt()).isEqualTo(999);
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(http.get("/v1/inventory/SCORPION-100").body().get("available").asInt()).isEqualTo(before));

        // a hold that fits is granted, and the same key gives the same hold again
        String key = UUID.randomUUID().toString();
        Http.Response held = http.post("/v1/inventory/reserve", Map.of("ttlSeconds", 600,
                "lines", List.of(Map.of("sku", "SCORPION-100", "quantity", 2))), key(key));
        assertThat(held.status()).isEqualTo(201);
        String reservationId = held.body().get("reservationId").asText();
        assertThat(held.body().get("expiresAt").asText()).isNotBlank();
        assertThat(http.post("/v1/inventory/reserve", Map.of("ttlSeconds", 600,
                "lines", List.of(Map.of("sku", "SCORPION-100", "quantity", 2))), key(key)).body().get("reservationId").asText())
                .isEqualTo(reservationId);
        assertThat(http.get("/v1/inventory/SCORPION-100").body().get("available").asInt()).isEqualTo(before - 2);

        // an order naming the hold takes it over without reserving again
        Map<String, Object> body = new java.util.HashMap<>(order("SCORPION-100", 2));
        body.put("reservationId", reservationId);
        Http.Response order = http.post("/v1/orders", body, Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(order.body().get("status").asText()).isEqualTo("RESERVED");
        assertThat(http.get("/v1/inventory/SCORPION-100").body().get("available").asInt()).isEqualTo(before - 2);
        assertThat(http.get("/v1/inventory/reservations/" + reservationId).body().get("status").asText()).isEqualTo("TAKEN");

        // another hold, released with DELETE, gives its stock back
        Http.Response second = http.post("/v1/inventory/reserve", Map.of("ttlSeconds", 600,
                "lines", List.of(Map.of("sku", "SCORPION-100", "quantity", 3))), Http.freshKey());
        assertThat(http.get("/v1/inventory/SCORPION-100").body().get("available").asInt()).isEqualTo(before - 5);
        assertThat(http.delete("/v1/inventory/reservations/" + second.body().get("reservationId").asText(), Http.freshKey()).status()).isEqualTo(204);
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(http.get("/v1/inventory/SCORPION-100").body().get("available").asInt()).isEqualTo(before - 2));

        // a release of a hold that does not exist is 404, a problem, and changes nothing
        Http.Response none = http.delete("/v1/inventory/reservations/hold_nosuchhold", Http.freshKey());
        assertThat(none.status()).isEqualTo(404);
        assertThat(none.header("Content-Type")).startsWith("application/problem+json");
        assertThat(http.get("/v1/inventory/SCORPION-100").body().get("available").asInt()).isEqualTo(before - 2);
    }

    @Test
    void shouldRestockAndNotifySubscribersOnTheNotificationsTopic() {
        assertThat(http.post("/v1/inventory/VERDE-250/subscriptions", Map.of("customerId", "fan-1"), Http.freshKey()).status()).isEqualTo(201);
        int onHand = http.get("/v1/inventory/VERDE-250").body().get("onHand").asInt();
        assertThat(http.post("/v1/inventory/VERDE-250/restock", Map.of("quantity", 24), Http.freshKey()).status()).isEqualTo(202);
        org.awaitility.Awaitility.await().untilAsserted(() ->
                assertThat(http.get("/v1/inventory/VERDE-250").body().get("onHand").asInt()).isEqualTo(onHand + 24));
        try (var consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<String, com.scoville.avro.Notification>(
                Map.of("bootstrap.servers", service.bootstrapServers(), "isolation.level", "read_committed"),
                new org.apache.kafka.common.serialization.StringDeserializer(),
                com.scoville.registry.AvroSerdes.specific(new com.scoville.registry.SchemaRegistryClient(service.registryUrl()),
                        com.scoville.avro.Notification.class, false).deserializer())) {
            var partitions = consumer.partitionsFor("notifications").stream()
                    .map(p -> new org.apache.kafka.common.TopicPartition(p.topic(), p.partition())).toList();
            consumer.assign(partitions);
            consumer.seekToBeginning(partitions);
            List<com.scoville.avro.Notification> seen = new ArrayList<>();
            org.awaitility.Awaitility.await().until(() -> {
                consumer.poll(java.time.Duration.ofMillis(200)).forEach(r -> seen.add(r.value()));
                return seen.stream().anyMatch(n -> n.getCustomerId().equals("fan-1"));
            });
            assertThat(seen).filteredOn(n -> n.getCustomerId().equals("fan-1")).singleElement()
                    .satisfies(n -> assertThat(n.getSku()).isEqualTo("VERDE-250"));
        }
    }

    @Test
    void shouldListOrdersNewestFirstWithFiltersAndACursor() {
        String customer = "lister-" + UUID.randomUUID();
        for (int i = 0; i < 5; i++) {
            http.post("/v1/orders", Map.of("customerId", customer, "channel", "MOBILE", "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1))),
                    Map.of("Idempotency-Key", customer + i, "Prefer", "wait=10"));
        }
        // the listing reads the order store, which follows a one-hop decision a commit after it is published
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> http.get("/v1/orders?customerId=" + customer + "&limit=200").body().get("items").size() == 5);
        Http.Response first = http.get("/v1/orders?customerId=" + customer + "&limit=3");
        assertThat(first.body().get("items")).hasSize(3);
        Http.Response rest = http.get("/v1/orders?customerId=" + customer + "&limit=3&cursor=" + first.body().get("nextCursor").asText());
        assertThat(rest.body().get("items")).hasSize(2);
        assertThat(rest.body().get("nextCursor").isNull()).isTrue();
        // as instants: ISO text of a whole second has no fraction ("…:02Z" sorts after "…:02.033Z" as text)
        List<java.time.Instant> times = new ArrayList<>();
        first.body().get("items").forEach(o -> times.add(java.time.Instant.parse(o.get("createdAt").asText())));
        rest.body().get("items").forEach(o -> times.add(java.time.Instant.parse(o.get("createdAt").asText())));
        assertThat(times).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        assertThat(http.get("/v1/orders?cursor=garbage").status()).isEqualTo(400);
    }

    @Test
    void shouldFilterSortAndPageTheCatalogWithLiveAvailability() {
        Http.Response hot = http.get("/v1/products?heatLevel=8");
        assertThat(skus(hot)).containsExactlyInAnyOrder("GHOST-150", "GHOST-250");
        assertThat(hot.body().get("items").get(0).get("available").asInt()).isPositive();
        assertThat(skus(http.get("/v1/products?type=BUNDLE"))).containsExactlyInAnyOrder("TRIO-STARTER", "INFERNO-PACK");
        List<Long> prices = new ArrayList<>();
        http.get("/v1/products?sort=-price&limit=200").body().get("items").forEach(p -> prices.add(p.get("priceCents").asLong()));
        assertThat(prices).hasSizeGreaterThanOrEqualTo(14).isSortedAccordingTo(java.util.Comparator.reverseOrder());
        Http.Response page = http.get("/v1/products?limit=5");
        assertThat(page.body().get("items")).hasSize(5);
        assertThat(http.get("/v1/products?limit=5&cursor=" + page.body().get("nextCursor").asText()).body().get("items").get(0).get("sku").asText())
                .isNotEqualTo(page.body().get("items").get(0).get("sku").asText());
        assertThat(http.get("/v1/products?sort=bogus").status()).isEqualTo(400);
        // a bundle's availability follows from its components
        int reaper = http.get("/v1/inventory/REAPER-100").body().get("available").asInt();
        int scorpion = http.get("/v1/inventory/SCORPION-100").body().get("available").asInt();
        int ghost = http.get("/v1/inventory/GHOST-150").body().get("available").asInt();
        assertThat(http.get("/v1/inventory/INFERNO-PACK").body().get("available").asInt())
                .isEqualTo(Math.min(reaper, Math.min(scorpion, ghost)));
        assertThat(http.get("/v1/products/NOPE").status()).isEqualTo(404);
    }

    /** The SKUs of a page of products (not those of their variants or components). */
    private static List<String> skus(Http.Response page) {
        List<String> skus = new ArrayList<>();
        page.body().get("items").forEach(p -> skus.add(p.get("sku").asText()));
        return skus;
    }

    @Test
    void shouldAnswerHealth() {
        assertThat(http.get("/health/live").status()).isEqualTo(200);
        assertThat(http.get("/health/ready").status()).isEqualTo(200);
    }
}
