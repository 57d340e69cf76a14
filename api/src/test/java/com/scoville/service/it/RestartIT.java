package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.kafka.LocalTaskState;
import com.scoville.service.ScovilleService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Stopping the service while orders stream in, and starting it again on the same folders, loses and doubles nothing. */
class RestartIT {
    @TempDir
    Path dataDir;

    @Test
    void shouldKeepEveryAcceptedOrderExactlyOnceAcrossARestartMidStream() throws Exception {
        Set<String> accepted = ConcurrentHashMap.newKeySet();
        ScovilleService first = Stack.embedded(dataDir, Map.of());
        Http http = new Http(first.httpUrl());
        // given a SKU with plenty of stock
        http.put("/v1/products/RESTART-1", Map.of("name", "Restart Red", "type", "SAUCE", "heatLevel", 5,
                "priceCents", 900, "wholesalePriceCents", 600), Http.freshKey());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/RESTART-1").status() == 200);
        http.post("/v1/inventory/RESTART-1/restock", Map.of("quantity", 10_000), Http.freshKey());
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/inventory/RESTART-1").body().get("onHand").asInt() == 10_000);

        // when orders stream in and the service stops in the middle of the stream
        CountDownLatch someAccepted = new CountDownLatch(40);
        ExecutorService pool = Executors.newFixedThreadPool(8);
        for (int i = 0; i < 400; i++) {
            int n = i;
            pool.submit(() -> {
                try {
                    Http.Response r = http.post("/v1/orders", Map.of("customerId", "c" + n, "channel", "WEB",
                            "lines", List.of(Map.of("sku", "RESTART-1", "quantity", 2))), Map.of("Idempotency-Key", "restart-" + n));
                    if (r.status() == 202 || r.status() == 200) {
                        accepted.add(r.body().get("orderId").asText());
                        someAccepted.countDown();
                    }
                } catch (RuntimeException e) {
                    // the server went away mid-request: such an order was never acknowledged
                }
            });
        }
        assertThat(someAccepted.await(60, TimeUnit.SECONDS)).isTrue();
        first.close();
        pool.shutdown();
        assertThat(pool.awaitTermination(60, TimeUnit.SECONDS)).isTrue();
        // and the clean stop kept the tasks' local state and marked it clean (a start after it wipes nothing)
        Path appState = cleanStopMark().getParent();
        assertThat(taskStores(appState)).as(tree(appState)).contains("1_0/rocksdb/stock-levels", "2_0/rocksdb/orders-store");

        // then after a restart on the same folders every acknowledged order is there, decided, exactly once
        try (ScovilleService second = Stack.embedded(dataDir, Map.of())) {
            // the mark is taken at start: a kill from now on counts as unclean
            assertThat(appState.resolve(LocalTaskState.CLEAN_STOP_MARK)).doesNotExist();
            Http again = new Http(second.httpUrl());
            List<JsonNode> orders = new ArrayList<>();
            for (String id : accepted) {
                await().atMost(Duration.ofSeconds(60)).until(() -> {
                    Http.Response r = again.get("/v1/orders/" + id);
                    return r.status() == 200 && "RESERVED".equals(r.body().get("status").asText());
                });
                orders.add(again.get("/v1/orders/" + id).body());
            }
            for (JsonNode order : orders) {
                assertThat(order.get("history").findValuesAsText("status")).containsExactly("PENDING", "RESERVED");
            }
            // and stock holds exactly what the reserved orders hold: nothing doubled, nothing lost
            Http.Response listed = again.get("/v1/orders?status=RESERVED&limit=200");
            int reservedOrders = countAll(again, "/v1/orders?status=RESERVED&limit=200", listed);
            assertThat(reservedOrders).isGreaterThanOrEqualTo(accepted.size());
            JsonNode stock = again.get("/v1/inventory/RESTART-1").body();
            assertThat(stock.get("reserved").asInt()).isEqualTo(2 * reservedOrders);
            assertThat(stock.get("onHand").asInt()).isEqualTo(10_000);
        }
    }

    @Test
    void shouldStartOnANewBrokerWithTheStateFolderOfAnOldOneAndServeTheNewBrokersData() throws Exception {
        // given an instance that ran (its global stores copied the catalog and the audit log) and stopped cleanly
        try (ScovilleService first = Stack.embedded(dataDir, Map.of())) {
            Http http = new Http(first.httpUrl());
            http.put("/v1/products/RESTART-2", Map.of("name", "Restart Blue", "type", "SAUCE", "heatLevel", 3,
                    "priceCents", 800, "wholesalePriceCents", 500), Http.freshKey());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/RESTART-2").status() == 200);
        }
        assertThat(dataDir.resolve("state/scoville").resolve(LocalTaskState.CLUSTER_MARK)).exists();

        // when the broker's data is gone (a new broker, a wiped cluster) and the state folder is kept
        try (Stream<Path> all = Files.walk(dataDir.resolve("kafka"))) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }

        // then the instance becomes ready (Stack waits for it), and its catalog is the new broker's, not the old copy
        try (ScovilleService second = Stack.embedded(dataDir, Map.of())) {
            Http again = new Http(second.httpUrl());
            await().atMost(Duration.ofSeconds(30)).until(() -> again.get("/v1/products").status() == 200
                    && again.get("/v1/products").body().toString().contains("JALAPENO-150"));
            assertThat(again.get("/v1/products/RESTART-2").status()).isEqualTo(404);
        }
    }

    private Path cleanStopMark() throws IOException {
        try (Stream<Path> all = Files.walk(dataDir.resolve("state"))) {
            return all.filter(p -> p.getFileName().toString().equals(LocalTaskState.CLEAN_STOP_MARK)).findFirst()
                    .orElseThrow(() -> new AssertionError("a clean stop leaves " + LocalTaskState.CLEAN_STOP_MARK + " in the state folder"));
        }
    }

    /** The RocksDB stores of the task folders under the application's state folder, e.g. 1_0/rocksdb/stock-levels. */
    private static List<String> taskStores(Path appState) throws IOException {
        try (Stream<Path> all = Files.walk(appState, 3)) {
            return all.map(appState::relativize).map(p -> p.toString().replace('\\', '/'))
                    .filter(p -> p.matches("\\d+_\\d+/rocksdb/[^/]+")).toList();
        }
    }

    private static String tree(Path root) throws IOException {
        try (Stream<Path> all = Files.walk(root, 3)) {
            return all.map(root::relativize).map(Path::toString).toList().toString();
        }
    }

    private static int countAll(Http http, String firstPath, Http.Response first) {
        int count = 0;
        Http.Response page = first;
        while (true) {
            count += page.body().get("items").size();
            JsonNode next = page.body().get("nextCursor");
            if (next == null || next.isNull()) {
                return count;
            }
            page = http.get(firstPath + "&cursor=" + next.asText());
        }
    }
}
