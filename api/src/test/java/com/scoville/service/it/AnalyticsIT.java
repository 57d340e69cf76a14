package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.http.analytics.AnalyticsGraphQlRoutes;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The sales analytics over GraphQL on the real embedded stack: orders placed and paid over HTTP show up in the
 * windows, a cancellation after payment subtracts, products rank by revenue, channels and heat levels group,
 * customers count as new once. Each test measures what its own orders add to the totals.
 */
class AnalyticsIT extends SharedStack {
    private static final Duration POLL = Duration.ofMillis(50);
    private static final Duration PATIENCE = Duration.ofSeconds(30);
    /** Before any payment of this class: every one of them falls in the windows from here. */
    private static final Instant CLASS_START = Instant.now().minus(Duration.ofMinutes(1));
    /** The payments and refunds this class has made. */
    private static long payments;
    private static long refunds;

    @Test
    void shouldCountPaidOrdersOnlyAndSubtractACancellationAfterPayment() {
        // given the totals of the last minutes before
        awaitEveryEarlierPaymentCounted();
        Instant from = Instant.now().minus(Duration.ofMinutes(2));
        Totals before = totals(from);

        // when two orders are paid and a third is only reserved
        JsonNode ghost = placeAndPay("c-" + UUID.randomUUID(), "WEB", "GHOST-150", 2);
        JsonNode habanero = placeAndPay("c-" + UUID.randomUUID(), "MOBILE", "HABANERO-150", 1);
        JsonNode unpaid = place("c-" + UUID.randomUUID(), "WEB", "VERDE-250", 1);
        assertThat(unpaid.get("status").asText()).isEqualTo("RESERVED");

        // then the paid ones count
        long paid = ghost.get("totalCents").asLong() + habanero.get("totalCents").asLong();
        assertThat(paid).isEqualTo(2 * 1299 + 999);
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() ->
                assertThat(totals(from)).isEqualTo(before.plus(new Totals(paid, 3, 2))));

        // when a paid order is cancelled
        Http.Response cancelled = http.put("/v1/orders/" + habanero.get("orderId").asText(), Map.of("status", "CANCELLED"), Http.freshKey());
        assertThat(cancelled.status()).isEqualTo(200);
        refunds++;

        // then it is subtracted again
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() ->
                assertThat(totals(from)).isEqualTo(before.plus(new Totals(2 * 1299, 2, 1))));
    }

    @Test
    void shouldAnswerOneBucketPerMinuteOldestFirst() {
        // given
        Instant from = Instant.now().minus(Duration.ofMinutes(5));

        // when
        JsonNode buckets = data("{ sales(window: MINUTE, from: \"" + from + "\") { windowStart windowEnd key revenueCents averageOrderCents orders } }").get("sales");

        // then every minute from the one holding `from` to now is there, empty ones as zero
        assertThat(buckets.size()).isBetween(6, 7);
        Instant previous = null;
        for (JsonNode b : buckets) {
            Instant start = Instant.parse(b.get("windowStart").asText());
            assertThat(Instant.parse(b.get("windowEnd").asText())).isEqualTo(start.plusSeconds(60));
            assertThat(start.getEpochSecond() % 60).isZero();
            assertThat(b.get("key").isNull()).isTrue();
            if (previous != null) {
                assertThat(start).isEqualTo(previous.plusSeconds(60));
            }
            previous = start;
            long orders = b.get("orders").asLong();
            assertThat(b.get("averageOrderCents").asLong()).isEqualTo(orders == 0 ? 0 : b.get("revenueCents").asLong() / orders);
        }
    }

    @Test
    void shouldRankTopProductsByRevenue() {
        // given what the day's top list says before
        awaitEveryEarlierPaymentCounted();
        Instant at = Instant.now();
        Map<String, Long> before = topRevenue(at);

        // when three Reapers and one Scorpion are paid
        JsonNode reaper = placeAndPay("c-" + UUID.randomUUID(), "WEB", "REAPER-100", 3);
        placeAndPay("c-" + UUID.randomUUID(), "POS", "SCORPION-100", 1);
        Instant paidAt = Instant.parse(reaper.get("paidAt").asText());

        // then both show in the day of their payment, ranked by revenue, with their names
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() -> {
            JsonNode top = data("query($at: DateTime) { topProducts(window: DAY, at: $at, limit: 100) { sku name revenueCents units } }",
                    Map.of("at", paidAt.toString())).get("topProducts");
            Map<String, Long> revenue = revenueBySku(top);
            assertThat(revenue.getOrDefault("REAPER-100", 0L) - before.getOrDefault("REAPER-100", 0L)).isEqualTo(3 * 1599);
            assertThat(revenue.getOrDefault("SCORPION-100", 0L) - before.getOrDefault("SCORPION-100", 0L)).isEqualTo(1499);
            List<Long> ranked = StreamSupport.stream(top.spliterator(), false).map(p -> p.get("revenueCents").asLong()).toList();
            assertThat(ranked).isSortedAccordingTo((a, b) -> Long.compare(b, a));
            List<String> skus = top.findValuesAsText("sku");
            assertThat(skus.indexOf("REAPER-100")).isLessThan(skus.indexOf("SCORPION-100"));
            JsonNode reaperRow = top.get(skus.indexOf("REAPER-100"));
            assertThat(reaperRow.get("name").asText()).isEqualTo("Carolina Reaper 100 ml");
        });
        assertThat(data("{ topProducts(window: DAY, limit: 1) { sku } }").get("topProducts").size()).isEqualTo(1);
    }

    @Test
    void shouldGroupSalesByChannelProductAndHeatLevel() {
        // given
        awaitEveryEarlierPaymentCounted();
        Instant from = Instant.now().minus(Duration.ofMinutes(2));
        Map<String, Long> channels = grouped(from, "CHANNEL");
        Map<String, Long> heat = grouped(from, "HEAT_LEVEL");
        Map<String, Long> products = grouped(from, "PRODUCT");

        // when a wholesale order (at the wholesale price) and a shop-counter order are paid
        JsonNode wholesale = placeAndPay("partner-" + UUID.randomUUID(), "WHOLESALE", "JALAPENO-150", 10);
        placeAndPay("c-" + UUID.randomUUID(), "POS", "CHIPOTLE-150", 1);
        assertThat(wholesale.get("totalCents").asLong()).isEqualTo(10 * 549);

        // then each group gains its own
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() -> {
            Map<String, Long> c = grouped(from, "CHANNEL");
            assertThat(c.getOrDefault("WHOLESALE", 0L) - channels.getOrDefault("WHOLESALE", 0L)).isEqualTo(5490);
            assertThat(c.getOrDefault("POS", 0L) - channels.getOrDefault("POS", 0L)).isEqualTo(899);
            Map<String, Long> h = grouped(from, "HEAT_LEVEL");
            assertThat(h.getOrDefault("3", 0L) - heat.getOrDefault("3", 0L)).isEqualTo(5490);
            assertThat(h.getOrDefault("4", 0L) - heat.getOrDefault("4", 0L)).isEqualTo(899);
            Map<String, Long> p = grouped(from, "PRODUCT");
            assertThat(p.getOrDefault("JALAPENO-150", 0L) - products.getOrDefault("JALAPENO-150", 0L)).isEqualTo(5490);
            assertThat(p.getOrDefault("CHIPOTLE-150", 0L) - products.getOrDefault("CHIPOTLE-150", 0L)).isEqualTo(899);
        });
    }

    @Test
    void shouldCountACustomerAsNewOnceAndThenReturning() {
        // given
        awaitEveryEarlierPaymentCounted();
        Instant from = CLASS_START;
        long[] before = customers(from);
        String regular = "c-" + UUID.randomUUID();

        // when one customer pays twice and another once
        placeAndPay(regular, "WEB", "SRIRACHA-250", 1);
        placeAndPay(regular, "MOBILE", "SRIRACHA-250", 1);
        placeAndPay("c-" + UUID.randomUUID(), "WEB", "PEACH-HAB-150", 1);

        // then there are two new customers and one return
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() ->
                assertThat(customers(from)).containsExactly(before[0] + 2, before[1] + 1));
    }

    @Test
    void shouldShowRatingsBesideSales() {
        // given two ratings of one sauce
        for (Map<String, Object> rating : List.of(
                Map.<String, Object>of("customerId", "c-rater-1", "sku", "PEACH-HAB-150", "taste", 5, "heat", 3),
                Map.<String, Object>of("customerId", "c-rater-2", "sku", "PEACH-HAB-150", "taste", 4, "heat", 2, "comment", "lovely"))) {
            assertThat(http.post("/v1/feedback", rating, Http.freshKey()).status()).isEqualTo(202);
        }

        // then the day's ratings by product average them
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() -> {
            JsonNode ratings = data("{ ratings(window: DAY, groupBy: PRODUCT) { key ratings averageTaste averageHeat } }").get("ratings");
            List<JsonNode> rows = StreamSupport.stream(ratings.spliterator(), false)
                    .filter(r -> r.get("key").asText().equals("PEACH-HAB-150")).toList();
            assertThat(rows).as("today's ratings of PEACH-HAB-150 in %s", ratings).hasSize(1);
            JsonNode peach = rows.get(0);
            assertThat(peach.get("ratings").asLong()).isEqualTo(2);
            assertThat(peach.get("averageTaste").asDouble()).isEqualTo(4.5);
            assertThat(peach.get("averageHeat").asDouble()).isEqualTo(2.5);
        });
    }

    @Test
    void shouldAnswerAQuestionTooLongAsAGraphQlErrorAndReportTheLag() {
        // given
        awaitEveryEarlierPaymentCounted();
        Instant from = Instant.now().minus(Duration.ofMinutes(2));
        Totals before = totals(from);

        // when
        Http.Response tooLong = http.post(AnalyticsGraphQlRoutes.PATH, Map.of("query",
                "{ sales(window: MINUTE, from: \"2026-01-01T00:00:00Z\", to: \"2026-01-03T00:00:00Z\") { revenueCents } }"), Map.of());
        placeAndPay("c-" + UUID.randomUUID(), "WEB", "JALAPENO-250", 1);

        // then
        assertThat(tooLong.status()).isEqualTo(200);
        assertThat(tooLong.body().at("/errors/0/message").asText()).isEqualTo("A MINUTE question spans at most PT24H");
        assertThat(tooLong.body().at("/errors/0/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() ->
                assertThat(totals(from)).isEqualTo(before.plus(new Totals(1099, 1, 1))));
        assertThat(data("{ analyticsLagMillis }").get("analyticsLagMillis").asLong()).isBetween(0L, 60_000L);
    }

    @Test
    void shouldAnswerGraphQlJsIntrospectionQueryToAnalystsAndAdminsOnlyAndStillRefuseADeepDataQuery() throws IOException {
        // given graphql-js' getIntrospectionQuery(), as GraphiQL, Altair and code generators send it
        String introspection;
        try (InputStream in = AnalyticsIT.class.getResourceAsStream("/graphql/graphql-js-introspection.graphql")) {
            introspection = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        Map<String, String> request = Map.of("query", introspection, "operationName", "IntrospectionQuery");

        // when an analyst, an admin, a customer and nobody send it
        Http.Response analyst = http.asClient("analytics").post(AnalyticsGraphQlRoutes.PATH, request, Map.of());
        Http.Response admin = http.post(AnalyticsGraphQlRoutes.PATH, request, Map.of());
        Http.Response customer = http.asCustomer("c-" + UUID.randomUUID()).post(AnalyticsGraphQlRoutes.PATH, request, Map.of());
        Http.Response nobody = http.anonymous().post(AnalyticsGraphQlRoutes.PATH, request, Map.of());

        // then the analyst and the admin get the schema, the others are refused
        for (Http.Response schema : List.of(analyst, admin)) {
            assertThat(schema.status()).isEqualTo(200);
            assertThat(schema.body().has("errors")).as(schema.body().toString()).isFalse();
            assertThat(schema.body().at("/data/__schema/queryType/name").asText()).isEqualTo("Query");
            assertThat(schema.body().at("/data/__schema/types").findValuesAsText("name")).contains("SalesBucket", "ProductSales", "CustomerBucket");
        }
        assertThat(customer.status()).isEqualTo(403);
        assertThat(nobody.status()).isEqualTo(401);
        // and a data question as deep, the introspection with a data field beside it, is still refused
        Http.Response deep = http.asClient("analytics").post(AnalyticsGraphQlRoutes.PATH,
                Map.of("query", introspection.replace("__schema {", "analyticsLagMillis __schema {")), Map.of());
        assertThat(deep.status()).isEqualTo(200);
        assertThat(deep.body().at("/errors/0/message").asText()).startsWith("maximum query depth exceeded");
        assertThat(deep.body().path("data").isNull() || deep.body().path("data").isMissingNode()).isTrue();
    }

    @Test
    void shouldAnswerTheFunnelAndACustomersSegmentOverHttp() {
        // given the POS funnel of the last minutes before
        Instant from = Instant.now().minus(Duration.ofMinutes(2));
        long[] before = posFunnel(from);

        // when a new customer's order is placed and paid at the till
        String customerId = "c-" + UUID.randomUUID();
        JsonNode paid = placeAndPay(customerId, "POS", "HABANERO-150", 2);

        // then it was placed, reserved and paid once each, and the customer is new, with a taste for medium heat
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() ->
                assertThat(posFunnel(from)).containsExactly(before[0] + 1, before[1] + 1, before[2] + 1));
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() -> {
            JsonNode customer = data("query($id: ID!) { customer(id: $id) { segment paidOrders revenueCents heatPreference } }",
                    Map.of("id", customerId)).get("customer");
            assertThat(customer.path("segment").asText()).isEqualTo("NEW");
            assertThat(customer.path("paidOrders").asLong()).isEqualTo(1);
            assertThat(customer.path("revenueCents").asLong()).isEqualTo(paid.get("totalCents").asLong());
            assertThat(customer.path("heatPreference").asText()).isEqualTo("MEDIUM");
        });
        JsonNode segments = data("{ segments(window: DAY) { segment customers windowRevenueCents } }").get("segments");
        assertThat(segments).hasSize(7);
        JsonNode newOnes = StreamSupport.stream(segments.spliterator(), false)
                .filter(b -> b.get("segment").asText().equals("NEW")).findFirst().orElseThrow();
        assertThat(newOnes.get("customers").asLong()).isPositive();
        assertThat(newOnes.get("windowRevenueCents").asLong()).isGreaterThanOrEqualTo(paid.get("totalCents").asLong());
    }

    @Test
    void shouldAnswerASellingOutAlertRaisedByTheTopology() {
        // when a sauce is bought fast (this stack looks at its stock every second), until an alert answers
        String sku = "CHIPOTLE-150";
        JsonNode[] found = new JsonNode[1];
        await().pollInterval(Duration.ofMillis(300)).atMost(PATIENCE).until(() -> {
            assertThat(place("c-" + UUID.randomUUID(), "WEB", sku, 5).get("status").asText()).isEqualTo("RESERVED");
            JsonNode open = data("{ alerts(open: true) { id kind sku raisedAt clearedAt detail } }").get("alerts");
            found[0] = StreamSupport.stream(open.spliterator(), false)
                    .filter(a -> a.get("sku").asText().equals(sku) && a.get("kind").asText().equals("SELLING_OUT"))
                    .findFirst().orElse(null);
            return found[0] != null;
        });

        // then the topology raised SELLING_OUT for it, open, with what it saw
        JsonNode alert = found[0];
        assertThat(alert.get("id").asText()).isEqualTo("SELLING_OUT:" + sku + ":" + alert.get("raisedAt").asText());
        assertThat(alert.get("clearedAt").isNull()).isTrue();
        assertThat(Instant.parse(alert.get("raisedAt").asText())).isBetween(CLASS_START, Instant.now());
        assertThat(alert.get("detail").asText()).contains("units available, going at");
    }

    // ---------- helpers ----------

    /** Placed, reserved and paid POS orders added up over the MINUTE windows since {@code from}. */
    private static long[] posFunnel(Instant from) {
        JsonNode buckets = data("query($from: DateTime) { funnel(window: MINUTE, from: $from, groupBy: CHANNEL) { key placed reserved paid } }",
                Map.of("from", from.toString())).get("funnel");
        long[] counts = new long[3];
        buckets.forEach(b -> {
            if (b.get("key").asText().equals("POS")) {
                counts[0] += b.get("placed").asLong();
                counts[1] += b.get("reserved").asLong();
                counts[2] += b.get("paid").asLong();
            }
        });
        return counts;
    }

    /**
     * Waits until the sales and the customers (counted a hop later) hold every payment and refund this class made,
     * so a test's "before" is not taken while an earlier test's orders are still on their way.
     */
    private static void awaitEveryEarlierPaymentCounted() {
        await().pollInterval(POLL).atMost(PATIENCE).untilAsserted(() -> {
            assertThat(totals(CLASS_START).orders()).isEqualTo(payments - refunds);
            assertThat(Arrays.stream(customers(CLASS_START)).sum()).isEqualTo(payments);
        });
    }

    /** Revenue, units and paid orders added up over the MINUTE windows since {@code from}. */
    record Totals(long revenueCents, long units, long orders) {
        Totals plus(Totals o) {
            return new Totals(revenueCents + o.revenueCents, units + o.units, orders + o.orders);
        }
    }

    private static Totals totals(Instant from) {
        JsonNode sales = data("query($from: DateTime) { sales(window: MINUTE, from: $from) { revenueCents units orders } }",
                Map.of("from", from.toString())).get("sales");
        Totals t = new Totals(0, 0, 0);
        for (JsonNode b : sales) {
            t = t.plus(new Totals(b.get("revenueCents").asLong(), b.get("units").asLong(), b.get("orders").asLong()));
        }
        return t;
    }

    private static Map<String, Long> grouped(Instant from, String groupBy) {
        JsonNode sales = data("query($from: DateTime) { sales(window: MINUTE, from: $from, groupBy: " + groupBy + ") { key revenueCents } }",
                Map.of("from", from.toString())).get("sales");
        Map<String, Long> revenue = new HashMap<>();
        sales.forEach(b -> revenue.merge(b.get("key").asText(), b.get("revenueCents").asLong(), Long::sum));
        return revenue;
    }

    private static Map<String, Long> topRevenue(Instant at) {
        return revenueBySku(data("query($at: DateTime) { topProducts(window: DAY, at: $at, limit: 100) { sku revenueCents } }",
                Map.of("at", at.toString())).get("topProducts"));
    }

    private static Map<String, Long> revenueBySku(JsonNode top) {
        Map<String, Long> revenue = new HashMap<>();
        top.forEach(p -> revenue.put(p.get("sku").asText(), p.get("revenueCents").asLong()));
        return revenue;
    }

    /** New and returning customers added up over the MINUTE windows since {@code from}. */
    private static long[] customers(Instant from) {
        JsonNode buckets = data("query($from: DateTime) { customers(window: MINUTE, from: $from) { newCustomers returningCustomers } }",
                Map.of("from", from.toString())).get("customers");
        long[] counts = new long[2];
        buckets.forEach(b -> {
            counts[0] += b.get("newCustomers").asLong();
            counts[1] += b.get("returningCustomers").asLong();
        });
        return counts;
    }

    static JsonNode data(String query) {
        return data(query, Map.of());
    }

    /** The data of a GraphQL answer, failing on any error in it. */
    static JsonNode data(String query, Map<String, Object> variables) {
        Http.Response r = http.post(AnalyticsGraphQlRoutes.PATH, Map.of("query", query, "variables", variables), Map.of());
        assertThat(r.status()).as("status of %s", query).isEqualTo(200);
        assertThat(r.body().path("errors").isMissingNode()).as("errors of %s: %s", query, r.body()).isTrue();
        return r.body().get("data");
    }

    static JsonNode place(String customerId, String channel, String sku, int quantity) {
        Http.Response placed = http.post("/v1/orders", Map.of("customerId", customerId, "channel", channel,
                        "lines", List.of(Map.of("sku", sku, "quantity", quantity)), "paymentToken", "tok_visa_123"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(placed.status()).as("placing %s", placed.body()).isEqualTo(200);
        return placed.body();
    }

    static JsonNode placeAndPay(String customerId, String channel, String sku, int quantity) {
        JsonNode placed = place(customerId, channel, sku, quantity);
        assertThat(placed.get("status").asText()).isEqualTo("RESERVED");
        Http.Response paid = http.put("/v1/orders/" + placed.get("orderId").asText(), Map.of("status", "PAID"), Http.freshKey());
        assertThat(paid.status()).as("paying %s", paid.body()).isEqualTo(200);
        assertThat(paid.body().get("status").asText()).isEqualTo("PAID");
        payments++;
        return paid.body();
    }
}
