package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.service.ScovilleService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two instances share the work on one broker. The second is started the way a cluster deployment is
 * (KAFKA_BOOTSTRAP_SERVERS and SCHEMA_REGISTRY_URL set), so it starts no broker and no registry.
 * Every read answers from whichever instance owns the key, forwarded when needed.
 */
class TwoInstancesIT {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path otherStateDir;
    static ScovilleService first;
    static ScovilleService second;

    @BeforeAll
    static void start() {
        first = Stack.embedded(dataDir, Map.of());
        second = Stack.joining(first, otherStateDir);
    }

    @AfterAll
    static void stop() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
    }

    @Test
    void shouldStartNoBrokerAndNoRegistryWhenBothAreGiven() {
        assertThat(second.config().embeddedKafka()).isFalse();
        assertThat(second.config().embeddedRegistry()).isFalse();
        assertThat(second.bootstrapServers()).isEqualTo(first.bootstrapServers());
        assertThat(second.registryUrl()).isEqualTo(first.registryUrl());
    }

    @Test
    void shouldAnswerEveryOrderAndStockLevelFromEitherInstance() {
        Http a = new Http(first.httpUrl());
        Http b = Http.of(second);
        await().atMost(Duration.ofSeconds(60)).until(() -> first.streams().isRunning() && second.streams().isRunning());
        // the partitions are spread over both instances
        await().atMost(Duration.ofSeconds(60)).until(() ->
                first.streams().streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() > 0
                        && second.streams().streams().metadataForLocalThreads().stream().mapToInt(t -> t.activeTasks().size()).sum() > 0);

        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 12; i++) {
            Http via = i % 2 == 0 ? a : b;
            Http.Response r = await().atMost(Duration.ofSeconds(30)).until(() -> via.post("/v1/orders",
                    Map.of("customerId", "two-" + System.nanoTime(), "channel", "POS", "lines", List.of(Map.of("sku", "SRIRACHA-250", "quantity", 1))),
                    Map.of("Idempotency-Key", "two-" + ids.size(), "Prefer", "wait=10")), resp -> resp.status() == 200 || resp.status() == 202);
            ids.add(r.body().get("orderId").asText());
        }
        for (String id : ids) {
            for (Http via : List.of(a, b)) {
                JsonNode order = await().atMost(Duration.ofSeconds(30))
                        .until(() -> via.get("/v1/orders/" + id), resp -> resp.status() == 200).body();
                assertThat(order.get("orderId").asText()).isEqualTo(id);
                assertThat(order.get("status").asText()).isEqualTo("RESERVED");
            }
        }
        JsonNode stockA = await().until(() -> a.get("/v1/inventory/SRIRACHA-250"), r -> r.status() == 200).body();
        JsonNode stockB = await().until(() -> b.get("/v1/inventory/SRIRACHA-250"), r -> r.status() == 200).body();
        assertThat(stockA).isEqualTo(stockB);
        assertThat(stockA.get("reserved").asInt()).isEqualTo(12);

        // paid orders on either instance add up to the same sales on both: every partition, summed once
        for (int i = 0; i < 6; i++) {
            String id = ids.get(i);
            Http via = i % 2 == 0 ? b : a;
            await().atMost(Duration.ofSeconds(30)).until(() -> via.put("/v1/orders/" + id, Map.of("status", "PAID"), Map.of("Idempotency-Key", "pay-" + id)),
                    r -> r.status() == 200);
        }
        long expected = 6L * 949;
        for (ScovilleService instance : List.of(first, second)) {
            await().atMost(Duration.ofSeconds(30)).ignoreExceptions().until(() -> instance.analytics()
                    .sales(com.scoville.analytics.AnalyticsWindow.DAY, null, null, null).stream()
                    .mapToLong(com.scoville.http.analytics.AnalyticsService.SalesBucket::revenueCents).sum() == expected);
            var byChannel = instance.analytics().sales(com.scoville.analytics.AnalyticsWindow.HOUR, null, null,
                    com.scoville.analytics.Dimension.CHANNEL);
            assertThat(byChannel.stream().filter(bucket -> "POS".equals(bucket.key()))
                    .mapToLong(com.scoville.http.analytics.AnalyticsService.SalesBucket::orders).sum()).isEqualTo(6);
        }

        // a listing gathers the orders of both instances
        Set<String> listed = new HashSet<>();
        for (JsonNode item : await().until(() -> b.get("/v1/orders?channel=POS&limit=200"), r -> r.status() == 200).body().get("items")) {
            listed.add(item.get("orderId").asText());
        }
        assertThat(listed).containsAll(ids);
    }
}
