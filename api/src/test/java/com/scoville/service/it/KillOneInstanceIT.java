package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.service.ScovilleService;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Two service processes on one broker; one is killed with SIGKILL in the middle of a stream of orders sent to the
 * other. The survivor keeps acknowledging orders (a write never needs the owner of the order's partition), every
 * acknowledged order is decided exactly once, and nothing is oversold.
 */
class KillOneInstanceIT {
    private static final String SKU = "KILL-1";
    private static final int UNITS = 120;
    private static final int ORDERS = 160;

    @TempDir
    Path dataDir;
    @TempDir
    Path childDir;

    @Test
    void shouldKeepAcceptingOnTheSurvivorAndDecideEveryAcknowledgedOrderOnce() throws Exception {
        try (ScovilleService survivor = Stack.embedded(dataDir, Map.of("STANDBY_REPLICAS", "1"))) {
            Http http = new Http(survivor.httpUrl());
            http.put("/v1/products/" + SKU, Map.of("name", "Kill Red", "type", "SAUCE", "heatLevel", 5,
                    "priceCents", 900, "wholesalePriceCents", 600), Http.freshKey());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/" + SKU).status() == 200);
            http.post("/v1/inventory/" + SKU + "/restock", Map.of("quantity", UNITS), Http.freshKey());
            await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/inventory/" + SKU).body().get("onHand").asInt() == UNITS);

            Process child = startSecondInstance(survivor);
            try {
                // given both instances own partitions
                await().atMost(Duration.ofSeconds(120)).ignoreExceptions()
                        .until(() -> child.isAlive() && instancesWithWork(survivor) == 2);

                // when orders stream to the survivor (4 channels at a time) and the other instance is killed in the middle
                Set<String> acknowledged = ConcurrentHashMap.newKeySet();
                AtomicInteger refused = new AtomicInteger();
                CountDownLatch beforeKill = new CountDownLatch(50);
                ExecutorService channels = Executors.newFixedThreadPool(4);
                for (int i = 0; i < ORDERS; i++) {
                    int n = i;
                    channels.submit(() -> {
                        String id = place(http, n);
                        if (id == null) {
                            refused.incrementAndGet();
                        } else {
                            acknowledged.add(id);
                        }
                        beforeKill.countDown();
                    });
                }
                assertThat(beforeKill.await(60, TimeUnit.SECONDS)).isTrue();
                child.destroyForcibly(); // SIGKILL: no leave-group, no flush, no goodbye
                assertThat(child.waitFor(10, TimeUnit.SECONDS)).isTrue();
                channels.shutdown();
                assertThat(channels.awaitTermination(4, TimeUnit.MINUTES)).isTrue();

                // then the survivor acknowledged (nearly) every order, and each is decided
                assertThat(refused.get()).as("orders the survivor did not acknowledge within a channel's retries").isLessThanOrEqualTo(2);
                List<JsonNode> decided = new ArrayList<>();
                for (String id : acknowledged) {
                    decided.add(await().atMost(Duration.ofSeconds(90)).until(() -> http.get("/v1/orders/" + id),
                            r -> r.status() == 200 && !"PENDING".equals(r.body().get("status").asText())).body());
                }
                for (JsonNode order : decided) {
                    List<String> steps = order.get("history").findValuesAsText("status");
                    assertThat(steps).as(order.toString()).hasSize(2).startsWith("PENDING");
                }
                long reservedOrders = decided.stream().filter(o -> o.get("status").asText().equals("RESERVED")).count();
                // and the stock holds exactly one unit per reserved order: nothing doubled, nothing oversold
                JsonNode stock = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/inventory/" + SKU),
                        r -> r.status() == 200).body();
                assertThat(stock.get("onHand").asInt()).isEqualTo(UNITS);
                assertThat(stock.get("reserved").asLong()).isEqualTo(reservedOrders).isLessThanOrEqualTo(UNITS);
                assertThat(reservedOrders).isEqualTo(Math.min(UNITS, acknowledged.size()));
            } finally {
                child.destroyForcibly();
            }
        }
    }

    /** One order, retried with the same key like a channel would (at most 5 times); its id once acknowledged. */
    private static String place(Http http, int n) {
        Map<String, Object> body = Map.of("customerId", "k" + n, "channel", "WEB", "lines", List.of(Map.of("sku", SKU, "quantity", 1)));
        for (int attempt = 0; attempt < 5; attempt++) {
            try {
                Http.Response r = http.post("/v1/orders", body, Map.of("Idempotency-Key", "kill-" + n));
                if (r.status() == 200 || r.status() == 202) {
                    return r.body().get("orderId").asText();
                }
                assertThat(r.status()).as("only 'try again' may refuse an order: " + r.body()).isEqualTo(503);
            } catch (RuntimeException e) {
                // a connection problem: try again (a refusal itself takes seconds, no pause needed)
            }
        }
        return null;
    }

    private Process startSecondInstance(ScovilleService first) throws IOException {
        Map<String, String> env = new HashMap<>(first.config().asEnv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", first.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", first.registryUrl());
        env.put("HTTP_PORT", String.valueOf(freePort()));
        env.put("STATE_DIR", childDir.resolve("state").toString());
        env.put("DATA_DIR", childDir.resolve("data").toString());
        env.put("SEED_CATALOG", "false");
        env.put("OAUTH_ISSUER", first.issuer());
        Path jar = Path.of("target", "scoville.jar").toAbsolutePath();
        assertThat(Files.exists(jar)).as("the service jar (built by 'package', before the ITs)").isTrue();
        ProcessBuilder builder = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Xmx512m", "-jar", jar.toString())
                .redirectErrorStream(true)
                .redirectOutput(childDir.resolve("instance.log").toFile());
        builder.environment().putAll(env);
        return builder.start();
    }

    /** Instances of the application that own some partitions. */
    private static long instancesWithWork(ScovilleService instance) {
        return instance.streams().streams().metadataForAllStreamsClients().stream()
                .filter(m -> !m.topicPartitions().isEmpty()).count();
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }
}
