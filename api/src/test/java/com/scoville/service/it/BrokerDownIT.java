package com.scoville.service.it;

import com.scoville.devstack.EmbeddedKafka;
import com.scoville.service.ScovilleService;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The write path when the broker cannot take a write: a fast 503 that says the retry is safe, and the retry
 * taken once the broker is back. Then liveness once parts of the instance have failed for good. The test owns
 * its broker (the service joins it), so it can stop and restart it; the tests run in order on one stack.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class BrokerDownIT {
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(5);

    @TempDir
    static Path dataDir;
    static EmbeddedKafka broker;
    static int brokerPort;
    static ScovilleService service;
    static Http http;

    @BeforeAll
    static void start() {
        broker = EmbeddedKafka.start(dataDir.resolve("kafka"), 0);
        brokerPort = Integer.parseInt(broker.bootstrapServers().substring(broker.bootstrapServers().lastIndexOf(':') + 1));
        service = Stack.embedded(dataDir.resolve("service"), Map.of("KAFKA_BOOTSTRAP_SERVERS", broker.bootstrapServers()));
        http = new Http(service.httpUrl());
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (broker != null) {
            broker.close();
        }
    }

    @Test
    @Order(1)
    void shouldAnswer503WithinFiveSecondsWhileTheBrokerIsDownAndTakeTheRetryOnceItIsBack() {
        // given a service that has written orders (its producer knows the topic) and a customer of its own
        String customer = "c-" + UUID.randomUUID();
        assertThat(place(customer, UUID.randomUUID().toString(), "wait=10").status()).isEqualTo(200);

        // when the broker goes away
        broker.close();
        broker = null;
        String retriedKey = UUID.randomUUID().toString();
        long start = System.nanoTime();
        Http.Response order = place(customer, retriedKey, null);
        Duration orderTook = Duration.ofNanos(System.nanoTime() - start);
        start = System.nanoTime();
        Http.Response rating = http.post("/v1/feedback", Map.of("customerId", customer, "sku", "GHOST-150", "taste", 5, "heat", 4), Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString()));
        Duration ratingTook = Duration.ofNanos(System.nanoTime() - start);

        // then both writes (one to a topic the producer knew, one to a topic it has to look up) answer 503 in time
        assertThat(orderTook).isLessThan(ANSWER_DEADLINE);
        assertThat(order.status()).isEqualTo(503);
        assertThat(order.header("Content-Type")).startsWith("application/problem+json");
        assertThat(order.header("Retry-After")).isNotNull();
        assertThat(order.body().get("detail").asText()).contains("same Idempotency-Key is safe");
        assertThat(ratingTook).isLessThan(ANSWER_DEADLINE);
        assertThat(rating.status()).isEqualTo(503);
        assertThat(rating.body().get("detail").asText()).contains("same Idempotency-Key is safe");

        // and once the broker is back, retrying with the same key makes exactly one order
        broker = EmbeddedKafka.start(dataDir.resolve("kafka"), brokerPort);
        Http.Response retried = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
                .until(() -> place(customer, retriedKey, "wait=10"), r -> r.status() == 200);
        assertThat(retried.body().get("status").asText()).isEqualTo("RESERVED");
        // (a one-hop decision is on order-status a moment before the order store, which the listing reads, has it)
        Http.Response listed = await().atMost(Duration.ofSeconds(30))
                .until(() -> http.get("/v1/orders?customerId=" + customer), r -> r.status() == 200 && r.body().get("items").size() >= 2);
        assertThat(listed.body().get("items")).hasSize(2);
    }

    @Test
    @Order(2)
    void shouldReportLiveDownOnceKafkaStreamsOrTheStatusFeedStoppedOnTheirOwn() {
        // given a live instance
        await().atMost(Duration.ofMinutes(1)).until(() -> http.get("/health/live").status() == 200);

        // when Kafka Streams stops without the service closing it, and the status feed ends
        service.streams().streams().close(Duration.ofSeconds(30));
        service.statusFeed().close();

        // then liveness fails, naming both, so an orchestrator restarts the instance
        Http.Response live = http.get("/health/live");
        assertThat(live.status()).isEqualTo(503);
        assertThat(live.body().get("checks").get("kafkaStreams").asText()).isEqualTo("DOWN");
        assertThat(live.body().get("checks").get("statusFeed").asText()).isEqualTo("DOWN");
        assertThat(http.get("/health/ready").status()).isEqualTo(503);
    }

    private static Http.Response place(String customer, String idempotencyKey, String prefer) {
        Map<String, Object> body = Map.of("customerId", customer, "channel", "WEB",
                "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1)));
        return http.post("/v1/orders", body, prefer == null ? Map.of("Idempotency-Key", idempotencyKey)
                : Map.of("Idempotency-Key", idempotencyKey, "Prefer", prefer));
    }
}
