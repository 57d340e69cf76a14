package com.scoville.service.it;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The viral post: 300 buyers at once for the last 50 bottles. Exactly 50 get one, nobody gets one twice. */
class FlashSaleIT extends SharedStack {
    @Test
    void shouldReserveExactlyTheStockThereIsWhenThreeHundredBuyersRace() throws Exception {
        // given a new sauce with 50 bottles
        Http.Response created = http.put("/v1/products/VIRAL-100", Map.of("name", "Viral Verde 100 ml", "type", "SAUCE",
                "heatLevel", 7, "sizeMl", 100, "priceCents", 1500, "wholesalePriceCents", 1000), Http.freshKey());
        assertThat(created.status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/VIRAL-100").status() == 200);
        assertThat(http.post("/v1/inventory/VIRAL-100/restock", Map.of("quantity", 50), Http.freshKey()).status()).isEqualTo(202);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/inventory/VIRAL-100").body().get("available").asInt() == 50);

        // when 300 buyers order one bottle each, all at once
        ExecutorService pool = Executors.newFixedThreadPool(100);
        List<CompletableFuture<Http.Response>> calls = new ArrayList<>();
        try {
            for (int i = 0; i < 300; i++) {
                Map<String, Object> body = Map.of("customerId", "buyer-" + i, "channel", i % 2 == 0 ? "WEB" : "MOBILE",
                        "lines", List.of(Map.of("sku", "VIRAL-100", "quantity", 1)));
                String key = "flash-" + i;
                calls.add(CompletableFuture.supplyAsync(() -> http.post("/v1/orders", body,
                        Map.of("Idempotency-Key", key, "Prefer", "wait=10")), pool));
            }
            List<String> orderIds = new ArrayList<>();
            for (CompletableFuture<Http.Response> call : calls) {
                Http.Response r = call.get();
                assertThat(r.status()).as(r.raw().body()).isIn(200, 202);
                orderIds.add(r.body().get("orderId").asText());
            }

            // then every buyer gets a final answer: exactly 50 reserved, 250 rejected as out of stock
            List<String> outcomes = await().atMost(Duration.ofSeconds(30)).pollDelay(Duration.ZERO)
                    .until(() -> orderIds.stream().map(id -> http.get("/v1/orders/" + id).body().get("status").asText()).toList(),
                            statuses -> !statuses.contains("PENDING"));
            Map<String, Long> counts = outcomes.stream().collect(Collectors.groupingBy(s -> s, Collectors.counting()));
            assertThat(counts).containsEntry("RESERVED", 50L).containsEntry("REJECTED", 250L).hasSize(2);
            assertThat(orderIds).doesNotHaveDuplicates();
            var stock = http.get("/v1/inventory/VIRAL-100").body();
            assertThat(stock.get("available").asInt()).isZero();
            assertThat(stock.get("reserved").asInt()).isEqualTo(50);
            assertThat(stock.get("onHand").asInt()).isEqualTo(50);
        } finally {
            pool.shutdownNow();
        }
    }
}
