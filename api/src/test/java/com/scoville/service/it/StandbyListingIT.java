package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.service.ScovilleService;
import org.apache.kafka.common.Metric;
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
 * Two instances with STANDBY_REPLICAS=1: each holds a warm copy of the other's partitions. A listing reads the
 * active copies only (a standby answers NOT_ACTIVE, and may lag), so it answers on either instance, and it
 * closes every iterator it opens.
 */
class StandbyListingIT {
    @TempDir
    static Path dataDir;
    @TempDir
    static Path otherStateDir;
    static ScovilleService first;
    static ScovilleService second;

    @BeforeAll
    static void start() {
        first = Stack.embedded(dataDir, Map.of("STANDBY_REPLICAS", "1"));
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
    void shouldListEveryOrderOnEitherInstanceFromActiveCopiesOnly() {
        await().atMost(Duration.ofSeconds(90)).until(() -> first.streams().isRunning() && second.streams().isRunning()
                && tasks(first, true) > 0 && tasks(second, true) > 0 && tasks(first, false) > 0 && tasks(second, false) > 0);
        Http a = new Http(first.httpUrl());
        Http b = Http.of(second);
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < 10; i++) {
            Http via = i % 2 == 0 ? a : b;
            int n = i;
            Http.Response placed = await().atMost(Duration.ofSeconds(30)).until(() -> via.post("/v1/orders",
                    Map.of("customerId", "standby-" + n, "channel", "MOBILE", "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1))),
                    Map.of("Idempotency-Key", "standby-" + n, "Prefer", "wait=10")), r -> r.status() == 200 || r.status() == 202);
            ids.add(placed.body().get("orderId").asText());
        }

        for (Http via : List.of(a, b, a, b)) {
            // a follow-on decision may still be on its way to the order store: wait for it, but never accept a 503
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                Http.Response listing = via.get("/v1/orders?channel=MOBILE&limit=200");
                assertThat(listing.status()).as(listing.body().toString()).isEqualTo(200);
                Set<String> listed = new HashSet<>();
                for (JsonNode item : listing.body().get("items")) {
                    listed.add(item.get("orderId").asText());
                }
                assertThat(listed).containsAll(ids);
            });
        }
        for (ScovilleService instance : List.of(first, second)) {
            List<Metric> openIterators = instance.streams().streams().metrics().values().stream()
                    .filter(m -> m.metricName().name().equals("num-open-iterators"))
                    .filter(m -> m.metricName().tags().containsValue("orders-store"))
                    .map(m -> (Metric) m).toList();
            assertThat(openIterators).as("open-iterator gauges of orders-store").isNotEmpty();
            await().atMost(Duration.ofSeconds(10)).until(() -> openIterators.stream()
                    .mapToLong(m -> ((Number) m.metricValue()).longValue()).sum() == 0);
        }
    }

    private static int tasks(ScovilleService instance, boolean active) {
        return instance.streams().streams().metadataForLocalThreads().stream()
                .mapToInt(t -> active ? t.activeTasks().size() : t.standbyTasks().size()).sum();
    }
}
