package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.Dimension;
import com.scoville.http.analytics.AnalyticsService;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import java.util.function.Supplier;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** Every write takes an Idempotency-Key: products, ratings, order moves and orders, retried or racing, change state once. */
class IdempotentWritesIT extends SharedStack {

    @Test
    void shouldRefuseEveryWriteWithoutAnIdempotencyKeyAsAProblem() {
        // given a write of every kind, each well formed but for the key
        Map<String, Function<Http, Http.Response>> writes = Map.of(
                "POST /v1/orders", h -> h.post("/v1/orders", OrdersOverHttpIT.order("GHOST-150", 1), Map.of()),
                "PUT /v1/orders/{id}", h -> h.put("/v1/orders/ord_x", Map.of("status", "PAID"), Map.of()),
                "PUT /v1/products/{sku}", h -> h.put("/v1/products/NOKEY-1", sauce("No key", 500), Map.of()),
                "POST /v1/inventory/reserve", h -> h.post("/v1/inventory/reserve", Map.of("ttlSeconds", 60,
                        "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1))), Map.of()),
                "DELETE /v1/inventory/reservations/{id}", h -> h.delete("/v1/inventory/reservations/hold_x"),
                "POST /v1/inventory/{sku}/restock", h -> h.post("/v1/inventory/GHOST-150/restock", Map.of("quantity", 1), Map.of()),
                "POST /v1/inventory/{sku}/subscriptions", h -> h.post("/v1/inventory/GHOST-150/subscriptions", Map.of("customerId", "c1"), Map.of()),
                "POST /v1/feedback", h -> h.post("/v1/feedback", rating("GHOST-150", 5), Map.of()));

        writes.forEach((route, write) -> {
            // when it is sent without the key
            Http.Response r = write.apply(http);

            // then it is refused, and names the header
            assertThat(r.status()).as(route).isEqualTo(400);
            assertThat(r.header("Content-Type")).as(route).startsWith("application/problem+json");
            assertThat(r.body().get("errors").get(0).get("field").asText()).as(route).isEqualTo("Idempotency-Key");
        });
    }

    @Test
    void shouldAnswerARetriedProductChangeWithTheSameVersionAndRefuseAnotherBody() {
        // given
        String sku = newSku();
        Map<String, String> key = Http.freshKey();
        Http.Response first = http.put("/v1/products/" + sku, sauce("Retry Red", 700), key);

        // when it is retried, and the key is used with another price
        Http.Response retry = http.put("/v1/products/" + sku, sauce("Retry Red", 700), key);
        Http.Response other = http.put("/v1/products/" + sku, sauce("Retry Red", 900), key);

        // then the retry shows the very version written, and the other body is refused
        assertThat(first.status()).isEqualTo(200);
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(other.status()).isEqualTo(422);
        await().untilAsserted(() -> assertThat(http.get("/v1/products/" + sku).body().get("priceCents").asLong()).isEqualTo(700));
    }

    @Test
    void shouldNotLetALateRetryOfAnOldProductChangeUndoANewerOne() {
        // given two changes, under two keys
        String sku = newSku();
        Map<String, String> oldKey = Http.freshKey();
        assertThat(http.put("/v1/products/" + sku, sauce("Old", 700), oldKey).status()).isEqualTo(200);
        assertThat(http.put("/v1/products/" + sku, sauce("New", 800), Http.freshKey()).status()).isEqualTo(200);

        // when the first is retried late
        Http.Response late = http.put("/v1/products/" + sku, sauce("Old", 700), oldKey);

        // then it is answered as before, and the newer change stays
        assertThat(late.status()).isEqualTo(200);
        await().untilAsserted(() -> assertThat(http.get("/v1/products/" + sku).body().get("name").asText()).isEqualTo("New"));
        assertThat(http.get("/v1/products/" + sku).body().get("priceCents").asLong()).isEqualTo(800);
    }

    @Test
    void shouldApplyOneOfTwoRacingProductChangesUnderOneKey() throws Exception {
        // given
        String sku = newSku();
        Map<String, String> key = Http.freshKey();
        List<Integer> prices = Races.interleaved(1000, 2000, 3);
        try (Races.OutcomeTail outcomes = new Races.OutcomeTail(service)) {
            // when two prices race under one key
            List<Http.Response> answers = Races.race(prices.stream().<Supplier<Http.Response>>map(p ->
                    () -> http.put("/v1/products/" + sku, sauce("Racing Red", p), key)).toList());
            outcomes.await(prices.size());

            // then the catalog holds one of them, and only its requests were told so
            int applied = await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/" + sku),
                    r -> r.status() == 200).body().get("priceCents").asInt();
            assertThat(applied).isIn(1000, 2000);
            Races.assertOnlyTheAppliedBodySucceeded(answers, prices, applied, 200);
        }
    }

    @Test
    void shouldCountARetriedRatingOnceAndRefuseAnotherBodyUnderItsKey() {
        // given a sauce of its own, rated once
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        Http.Response first = http.post("/v1/feedback", rating(sku, 5), key);

        // when the rating is retried, and the key is used with another taste
        Http.Response retry = http.post("/v1/feedback", rating(sku, 5), key);
        Http.Response other = http.post("/v1/feedback", rating(sku, 1), key);

        // then the retry is answered alike, the other refused, and the rating counts once
        assertThat(first.status()).isEqualTo(202);
        assertThat(retry.status()).isEqualTo(202);
        assertThat(retry.body()).isEqualTo(first.body());
        assertThat(other.status()).isEqualTo(422);
        assertThat(ratings(sku)).isEqualTo(1);
    }

    @Test
    void shouldCountOneOfTwoRacingRatingsUnderOneKey() throws Exception {
        // given
        String sku = newSauce();
        Map<String, String> key = Http.freshKey();
        List<Integer> tastes = Races.interleaved(2, 4, 3);
        try (Races.OutcomeTail outcomes = new Races.OutcomeTail(service)) {
            // when two ratings race under one key
            List<Http.Response> answers = Races.race(tastes.stream().<Supplier<Http.Response>>map(t ->
                    () -> http.post("/v1/feedback", rating(sku, t), key)).toList());
            outcomes.await(tastes.size());

            // then one counts, and only its requests were told it was taken
            AnalyticsService.RatingBucket bucket = ratingBuckets(sku).get(0);
            assertThat(ratings(sku)).isEqualTo(1);
            int applied = (int) bucket.averageTaste();
            assertThat(applied).isIn(2, 4);
            Races.assertOnlyTheAppliedBodySucceeded(answers, tastes, applied, 202);
        }
    }

    @Test
    void shouldPayOnceForARetriedPaymentAndAnswerItAlikeAfterTheOrderMovedOn() {
        // given a reserved order, paid
        String path = reservedOrder();
        Map<String, String> payKey = Http.freshKey();
        assertThat(http.put(path, Map.of("status", "PAID"), payKey).status()).isEqualTo(200);

        // when the payment is retried, the key used to cancel, and the payment retried again after shipping
        Http.Response retry = http.put(path, Map.of("status", "PAID"), payKey);
        Http.Response cancel = http.put(path, Map.of("status", "CANCELLED"), payKey);
        assertThat(http.put(path, Map.of("status", "SHIPPED"), Http.freshKey()).status()).isEqualTo(200);
        Http.Response late = http.put(path, Map.of("status", "PAID"), payKey);

        // then the retries are answered 200, the cancel 422, and the order was paid once
        assertThat(retry.status()).isEqualTo(200);
        assertThat(retry.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(cancel.status()).isEqualTo(422);
        assertThat(late.status()).isEqualTo(200);
        assertThat(late.body().get("status").asText()).isEqualTo("SHIPPED");
        assertThat(statuses(http.get(path).body())).containsExactly("PENDING", "RESERVED", "PAID", "SHIPPED");
    }

    @Test
    void shouldMakeOneOfTwoRacingMovesUnderOneKey() throws Exception {
        // given a reserved order
        String path = reservedOrder();
        Map<String, String> key = Http.freshKey();
        List<String> targets = Races.interleaved("PAID", "CANCELLED", 3);
        try (Races.OutcomeTail outcomes = new Races.OutcomeTail(service)) {
            // when a payment and a cancellation race under one key
            List<Http.Response> answers = Races.race(targets.stream().<Supplier<Http.Response>>map(t ->
                    () -> http.put(path, Map.of("status", t), key)).toList());
            outcomes.await(targets.size());

            // then the order made one of the moves, and only its requests were told so
            JsonNode order = http.get(path).body();
            String moved = order.get("status").asText();
            assertThat(statuses(order)).containsExactly("PENDING", "RESERVED", moved);
            Races.assertOnlyTheAppliedBodySucceeded(answers, targets, moved, 200);
        }
    }

    @Test
    void shouldPlaceOneOfTwoRacingOrdersUnderOneKeyAndTellTheOtherBody() throws Exception {
        // given two bodies for one key
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10");
        Map<String, Object> one = OrdersOverHttpIT.order("CHIPOTLE-150", 1);
        Map<String, Object> two = OrdersOverHttpIT.order("CHIPOTLE-150", 2);
        List<Map<String, Object>> bodies = Races.interleaved(one, two, 3);

        // when they race, waiting for the outcome
        List<Http.Response> answers = Races.race(bodies.stream().<Supplier<Http.Response>>map(b ->
                () -> http.post("/v1/orders", b, key)).toList());

        // then one order was placed, with one of the bodies, and only its requests were answered with it
        String orderId = answers.stream().filter(a -> a.status() == 200).findFirst().orElseThrow().body().get("orderId").asText();
        int quantity = http.get("/v1/orders/" + orderId).body().get("lines").get(0).get("quantity").asInt();
        Races.assertOnlyTheAppliedBodySucceeded(answers, bodies, quantity == 1 ? one : two, 200);
    }

    @Test
    void shouldPlaceOneOfTwoRacingOrdersWithoutWaitingAndNeverAcceptTheOtherBody() throws Exception {
        // given two bodies for one key, on two SKUs (so on two partitions, each deciding where its stock is)
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        Map<String, Object> one = OrdersOverHttpIT.order("CHIPOTLE-150", 1);
        Map<String, Object> two = OrdersOverHttpIT.order("SRIRACHA-250", 1);
        List<Map<String, Object>> bodies = Races.interleaved(one, two, 3);

        // when they race without Prefer: wait
        List<Http.Response> answers = Races.race(bodies.stream().<Supplier<Http.Response>>map(b ->
                () -> http.post("/v1/orders", b, key)).toList());

        // then one order was placed, with one of the bodies, and only its requests were answered 202
        String orderId = answers.stream().filter(a -> a.status() == 202).findFirst().orElseThrow().body().get("orderId").asText();
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> http.get("/v1/orders/" + orderId).body().get("status").asText().equals("RESERVED"));
        String sku = http.get("/v1/orders/" + orderId).body().get("lines").get(0).get("sku").asText();
        Races.assertOnlyTheAppliedBodySucceeded(answers, bodies, sku.equals("CHIPOTLE-150") ? one : two, 202);
    }

    private String reservedOrder() {
        Http.Response placed = http.post("/v1/orders", OrdersOverHttpIT.order("GHOST-150", 1),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(placed.body().get("status").asText()).isEqualTo("RESERVED");
        return "/v1/orders/" + placed.body().get("orderId").asText();
    }

    private static List<String> statuses(JsonNode order) {
        List<String> statuses = new ArrayList<>();
        order.get("history").forEach(h -> statuses.add(h.get("status").asText()));
        return statuses;
    }

    private static Map<String, Object> sauce(String name, int priceCents) {
        return Map.of("name", name, "type", "SAUCE", "heatLevel", 6, "priceCents", priceCents, "wholesalePriceCents", priceCents / 2);
    }

    private static Map<String, Object> rating(String sku, int taste) {
        return Map.of("customerId", "rater-1", "sku", sku, "taste", taste, "heat", 3);
    }

    private static String newSku() {
        return "IDEM-" + UUID.randomUUID().toString().substring(0, 8).toUpperCase();
    }

    /** A sauce of its own for one test, in the catalog. */
    private static String newSauce() {
        String sku = newSku();
        assertThat(http.put("/v1/products/" + sku, sauce("Rated Red", 600), Http.freshKey()).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(30)).until(() -> http.get("/v1/products/" + sku).status() == 200);
        return sku;
    }

    /** Ratings of {@code sku} counted in today's windows. */
    private static long ratings(String sku) {
        return ratingBuckets(sku).stream().mapToLong(AnalyticsService.RatingBucket::ratings).sum();
    }

    private static List<AnalyticsService.RatingBucket> ratingBuckets(String sku) {
        return service.analytics().ratings(AnalyticsWindow.DAY, null, null, Dimension.PRODUCT).stream()
                .filter(b -> sku.equals(b.key())).toList();
    }
}
