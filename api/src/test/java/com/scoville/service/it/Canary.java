package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;

import java.time.Duration;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Proof that the service still takes and decides orders: a sauce of its own (whatever happened to the seeded
 * catalog and its stock), stocked, and an order for it that must reach RESERVED; then health answers UP.
 */
final class Canary {
    private static final Duration PATIENCE = Duration.ofSeconds(60);

    private Canary() { }

    static JsonNode orderIsReserved(Http http) {
        String sku = freshSauce(http, 10);
        var placed = http.post("/v1/orders", Map.of("customerId", "canary", "channel", "WEB",
                "lines", java.util.List.of(Map.of("sku", sku, "quantity", 1))), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(placed.status()).as("place the canary order: %s", placed.raw().body()).isIn(200, 202);
        String orderId = placed.body().path("orderId").asText();
        JsonNode order = await().atMost(PATIENCE).until(() -> http.get("/v1/orders/" + orderId),
                r -> r.status() == 200 && !"PENDING".equals(r.body().path("status").asText())).body();
        assertThat(order.path("status").asText()).as("the canary order %s", order).isEqualTo("RESERVED");

        for (String health : new String[] {"/health/live", "/health/ready"}) {
            var answer = http.get(health);
            assertThat(answer.status()).as(health).isEqualTo(200);
            assertThat(answer.body().path("status").asText()).as(health).isEqualTo("UP");
        }
        return order;
    }

    /** A sauce of its own with {@code units} in stock, once the catalog and the stock show it. */
    static String freshSauce(Http http, int units) {
        String sku = "CANARY-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
        var product = http.put("/v1/products/" + sku, Map.of("name", "Canary " + sku, "type", "SAUCE", "heatLevel", 1,
                "priceCents", 100, "wholesalePriceCents", 50), key());
        assertThat(product.status()).as("PUT the canary's product: %s", product.raw().body()).isEqualTo(200);
        await().atMost(PATIENCE).until(() -> http.get("/v1/products/" + sku).status() == 200);
        var restock = http.post("/v1/inventory/" + sku + "/restock", Map.of("quantity", units), key());
        assertThat(restock.status()).as("restock the canary: %s", restock.raw().body()).isEqualTo(202);
        await().atMost(PATIENCE).until(() -> http.get("/v1/inventory/" + sku).body().path("onHand").asInt() >= units);
        return sku;
    }

    /** An order's status once it is decided (or PENDING if it is not within a minute). */
    static String decidedStatus(Http http, String orderId) {
        return await().atMost(PATIENCE).until(() -> http.get("/v1/orders/" + orderId),
                r -> r.status() == 200 && !"PENDING".equals(r.body().path("status").asText())).body().path("status").asText();
    }

    private static Map<String, String> key() {
        return Map.of("Idempotency-Key", UUID.randomUUID().toString());
    }
}
