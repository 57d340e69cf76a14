package com.scoville.bench.twin;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import static org.assertj.core.api.Assertions.assertThat;

/** The relational twin on a real PostgreSQL: it sells exactly its stock under concurrency, like Scoville must. */
class RelationalTwinIT {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newHttpClient();
    private static RelationalTwin twin;

    @BeforeAll
    static void start() throws Exception {
        TwinSeed seed = new TwinSeed(
                List.of(new TwinSeed.Product("HOT", 1999, 1399), new TwinSeed.Product("FIRE", 1499, 999),
                        new TwinSeed.Product("MILD", 999, 699), new TwinSeed.Product("BOX", 2499, 1799)),
                Map.of("HOT", 100, "FIRE", 40, "MILD", 60),
                Map.of("BOX", Map.of("FIRE", 1, "MILD", 2)));
        twin = RelationalTwin.start(seed, 8);
    }

    @AfterAll
    static void stop() {
        if (twin != null) {
            twin.close();
        }
    }

    @Test
    void shouldReserveExactlyTheStockWhenTwoThousandBuyersRaceForOneHundredUnits() throws Exception {
        // given 100 units of HOT; when 2 000 one-unit orders arrive from 16 threads at once
        Map<String, String> answered = placeConcurrently(2_000, 16, i -> "hot-" + i, i -> List.of(Map.of("sku", "HOT", "quantity", 1)));

        // then exactly 100 are RESERVED, the rest REJECTED, and the table agrees with every answer
        assertThat(answered).hasSize(2_000);
        assertThat(answered.values().stream().filter("RESERVED"::equals).count()).isEqualTo(100);
        assertThat(answered.values().stream().filter("REJECTED"::equals).count()).isEqualTo(1_900);
        assertThat(twin.longs("SELECT reserved FROM stock WHERE sku = 'HOT'")).containsExactly(100L);
        TwinAudit.Result audit = twin.audit(answered);
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
        assertThat(audit.oversoldSkus()).isEmpty();
        assertThat(audit.lostOrders()).isZero();
    }

    @Test
    void shouldHoldAllLinesOrNoneWhenMultiLineOrdersAndBundlesCompete() throws Exception {
        // given FIRE (40) and MILD (60) wanted by two-line orders in either line order and by a bundle of 1 FIRE + 2 MILD
        Map<String, String> answered = placeConcurrently(300, 12, i -> "multi-" + i, i -> i % 3 == 0
                ? List.of(Map.of("sku", "BOX", "quantity", 1))
                : i % 3 == 1 ? List.of(Map.of("sku", "MILD", "quantity", 1), Map.of("sku", "FIRE", "quantity", 1))
                : List.of(Map.of("sku", "FIRE", "quantity", 1), Map.of("sku", "MILD", "quantity", 2)));

        // then no deadlock failed a request, some orders won and some lost, and each SKU's reserved is exactly what
        // the RESERVED orders hold: a rejected order kept none of its lines
        assertThat(answered).hasSize(300);
        assertThat(answered.values()).contains("RESERVED", "REJECTED");
        TwinAudit.Result audit = twin.audit(answered);
        assertThat(audit.ok()).as(audit.problems().toString()).isTrue();
        assertThat(audit.stock()).filteredOn(s -> s.sku().equals("FIRE") || s.sku().equals("MILD"))
                .allSatisfy(s -> assertThat(s.reserved()).isPositive().isLessThanOrEqualTo(s.onHand()));
    }

    @Test
    void shouldAnswerTheSameOrderWhenAKeyIsReplayedAndRefuseItForAnotherBody() throws Exception {
        String body = "{\"customerId\":\"c1\",\"channel\":\"WEB\",\"lines\":[{\"sku\":\"NOPE\",\"quantity\":1}]}";
        HttpResponse<String> first = post("replay-1", body);
        HttpResponse<String> again = post("replay-1", body);
        HttpResponse<String> other = post("replay-1", body.replace("c1", "c2"));

        assertThat(first.statusCode()).isEqualTo(200);
        assertThat(JSON.readTree(first.body()).path("status").asText()).isEqualTo("REJECTED");
        assertThat(again.statusCode()).isEqualTo(200);
        assertThat(again.headers().firstValue("Idempotent-Replayed")).hasValue("true");
        assertThat(JSON.readTree(again.body())).isEqualTo(JSON.readTree(first.body()));
        assertThat(other.statusCode()).isEqualTo(422);
        assertThat(twin.longs("SELECT count(*) FROM orders WHERE id = 'replay-1'")).containsExactly(1L);
    }

    @Test
    void shouldRefuseAnOrderWithoutIdempotencyKey() throws Exception {
        HttpResponse<String> answer = HTTP.send(HttpRequest.newBuilder(URI.create(twin.url() + "/v1/orders"))
                .POST(HttpRequest.BodyPublishers.ofString("{\"customerId\":\"c\",\"channel\":\"WEB\",\"lines\":[{\"sku\":\"HOT\",\"quantity\":1}]}"))
                .build(), HttpResponse.BodyHandlers.ofString());

        assertThat(answer.statusCode()).isEqualTo(400);
        assertThat(answer.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void shouldCountThePostgresProcessesCpu() {
        assertThat(twin.serverCpuNanos()).isPositive();
        assertThat(twin.settings()).containsEntry("fsync", "on").containsEntry("synchronous_commit", "on");
    }

    private interface Lines {
        List<Map<String, Object>> of(int i);
    }

    private interface Keys {
        String of(int i);
    }

    /** Sends {@code count} orders from {@code threads} threads; every answer's order id → status (each must be 200). */
    private static Map<String, String> placeConcurrently(int count, int threads, Keys keys, Lines lines) throws Exception {
        Map<String, String> answered = new ConcurrentHashMap<>();
        ExecutorService pool = Executors.newFixedThreadPool(threads);
        try {
            List<Future<?>> sent = new ArrayList<>();
            for (int i = 0; i < count; i++) {
                int n = i;
                sent.add(pool.submit(() -> {
                    String body = JSON.writeValueAsString(Map.of("customerId", "buyer-" + n, "channel", "WEB", "lines", lines.of(n)));
                    HttpResponse<String> answer = post(keys.of(n), body);
                    assertThat(answer.statusCode()).as(answer.body()).isEqualTo(200);
                    JsonNode order = JSON.readTree(answer.body());
                    answered.put(order.path("orderId").asText(), order.path("status").asText());
                    return null;
                }));
            }
            for (Future<?> f : sent) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        return answered;
    }

    private static HttpResponse<String> post(String key, String body) throws Exception {
        return HTTP.send(HttpRequest.newBuilder(URI.create(twin.url() + "/v1/orders")).header("Idempotency-Key", key)
                .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString());
    }
}
