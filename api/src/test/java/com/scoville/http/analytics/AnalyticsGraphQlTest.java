package com.scoville.http.analytics;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.Dimension;
import com.scoville.http.ApiException;
import com.scoville.http.HttpApi;
import com.scoville.http.Json;
import com.scoville.http.Problems;
import com.scoville.http.analytics.AnalyticsService.CustomerBucket;
import com.scoville.http.analytics.AnalyticsService.ProductSales;
import com.scoville.http.analytics.AnalyticsService.RatingBucket;
import com.scoville.http.analytics.AnalyticsService.SalesBucket;
import com.scoville.analytics.CustomerSegment;
import com.scoville.analytics.HeatPreference;
import com.scoville.http.analytics.FunnelService.FunnelBucket;
import com.scoville.http.analytics.FunnelService.ReasonCount;
import com.scoville.http.analytics.SegmentService.CustomerView;
import com.scoville.http.analytics.SegmentService.SegmentBucket;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The GraphQL layer over HTTP: what it asks the analytics, what it answers, and how it answers what goes wrong. */
class AnalyticsGraphQlTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static final Instant NOW = Instant.parse("2026-11-25T12:34:56Z");
    private static final Instant MINUTE_START = Instant.parse("2026-11-25T12:34:00Z");

    private static final FakeAnalytics fake = new FakeAnalytics();
    private static Javalin fakeApp;
    private static Javalin realApp;

    @BeforeAll
    static void startApps() {
        fakeApp = start(new AnalyticsGraphQl(fake));
        // the real service checks ranges before it reads any store, so it needs none for these questions
        AnalyticsService real = new AnalyticsService(null, null, Clock.fixed(NOW, ZoneOffset.UTC));
        realApp = start(new AnalyticsGraphQl(real, new FunnelService(null, real), new SegmentService(null, null, 1, Clock.fixed(NOW, ZoneOffset.UTC)), null));
    }

    private static Javalin start(AnalyticsGraphQl graphQl) {
        return HttpApi.create("127.0.0.1", 0, JSON, List.of(new AnalyticsGraphQlRoutes(graphQl, JSON)::register)).start();
    }

    @AfterAll
    static void stopApps() {
        for (Javalin app : new Javalin[] {fakeApp, realApp}) {
            if (app != null) {
                app.stop();
            }
        }
    }

    @BeforeEach
    void resetTheFake() {
        fake.reset();
    }

    @Test
    void shouldAnswerSalesBucketsAskedWithEnumsAndTimes() {
        // given
        fake.sales = List.of(new SalesBucket(MINUTE_START, MINUTE_START.plusSeconds(60), "WEB", 5_000_000_000L, 3, 2, 2_500_000_000L));

        // when
        HttpResponse<String> r = post(Map.of("query", """
                { sales(window: MINUTE, from: "2026-11-25T12:00:00Z", to: "2026-11-25T13:00:00+01:00", groupBy: CHANNEL) {
                    windowStart windowEnd key revenueCents units orders averageOrderCents } }"""));

        // then the service was asked with the window, the times as instants and the group as a dimension
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/json"));
        assertThat(fake.asked).containsExactly("sales MINUTE 2026-11-25T12:00:00Z 2026-11-25T12:00:00Z CHANNEL");
        JsonNode body = read(r);
        assertThat(body.has("errors")).isFalse();
        JsonNode bucket = body.at("/data/sales/0");
        assertThat(bucket.get("windowStart").asText()).isEqualTo("2026-11-25T12:34:00Z");
        assertThat(bucket.get("windowEnd").asText()).isEqualTo("2026-11-25T12:35:00Z");
        assertThat(bucket.get("key").asText()).isEqualTo("WEB");
        assertThat(bucket.get("revenueCents").isIntegralNumber()).isTrue();
        assertThat(bucket.get("revenueCents").asLong()).isEqualTo(5_000_000_000L);
        assertThat(bucket.get("averageOrderCents").asLong()).isEqualTo(2_500_000_000L);
        // and the fields come in the order the query asked for them
        assertThat(iterable(bucket.fieldNames())).containsExactly("windowStart", "windowEnd", "key", "revenueCents", "units", "orders", "averageOrderCents");
    }

    @Test
    void shouldAnswerAlertsWithTheirKindAndTimes() {
        // given one open alert and one cleared
        fake.alerts = List.of(
                new AlertService.AlertView("SALES_SPIKE:GHOST-150:2026-11-25T12:30:00Z", com.scoville.avro.AlertKind.SALES_SPIKE,
                        "GHOST-150", Instant.parse("2026-11-25T12:30:00Z"), null, "selling 50.0 units/min against a baseline of 5.0 (z = 20.1)"),
                new AlertService.AlertView("STOCK_DRIFT:VERDE-250:2026-11-25T11:00:00Z", com.scoville.avro.AlertKind.STOCK_DRIFT,
                        "VERDE-250", Instant.parse("2026-11-25T11:00:00Z"), Instant.parse("2026-11-25T11:05:00Z"), "reserved 3, open reservations hold 3"));

        // when
        HttpResponse<String> r = post(Map.of("query", """
                { alerts(from: "2026-11-25T10:00:00Z", open: false) { id kind sku raisedAt clearedAt detail } }"""));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fake.asked).containsExactly("alerts 2026-11-25T10:00:00Z null false");
        JsonNode alerts = read(r).at("/data/alerts");
        assertThat(alerts.findValuesAsText("kind")).containsExactly("SALES_SPIKE", "STOCK_DRIFT");
        assertThat(alerts.get(0).get("clearedAt").isNull()).isTrue();
        assertThat(alerts.get(1).get("raisedAt").asText()).isEqualTo("2026-11-25T11:00:00Z");
        assertThat(alerts.get(1).get("clearedAt").asText()).isEqualTo("2026-11-25T11:05:00Z");
        assertThat(alerts.get(0).get("detail").asText()).startsWith("selling 50.0 units/min");
    }

    @Test
    void shouldAnswerAGetWithQueryVariablesAndOperationNameParameters() {
        // given
        fake.top = List.of(new ProductSales("GHOST-150", "Ghost Pepper 150 ml", 2598, 2), new ProductSales("VERDE-250", null, 899, 1));
        String query = "query Other { analyticsLagMillis } query Top($at: DateTime, $n: Int) { topProducts(window: HOUR, at: $at, limit: $n) { sku name revenueCents units } }";
        String variables = "{\"at\":\"2026-11-25T12:00:00Z\",\"n\":2}";

        // when
        HttpResponse<String> r = get("?query=" + encode(query) + "&variables=" + encode(variables) + "&operationName=Top");

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(fake.asked).containsExactly("topProducts HOUR 2026-11-25T12:00:00Z 2");
        JsonNode top = read(r).at("/data/topProducts");
        assertThat(top.findValuesAsText("sku")).containsExactly("GHOST-150", "VERDE-250");
        assertThat(top.get(0).get("name").asText()).isEqualTo("Ghost Pepper 150 ml");
        assertThat(top.get(1).get("name").isNull()).isTrue();
    }

    @Test
    void shouldAskForTenTopProductsByDefault() {
        post(Map.of("query", "{ topProducts(window: DAY) { sku } }"));

        assertThat(fake.asked).containsExactly("topProducts DAY null 10");
    }

    @Test
    void shouldAnswerCustomersRatingsAndLag() {
        // given
        fake.customers = List.of(new CustomerBucket(MINUTE_START, MINUTE_START.plusSeconds(60), 3, 1));
        fake.ratings = List.of(new RatingBucket(MINUTE_START, MINUTE_START.plusSeconds(60), "GHOST-150", 4, 4.5, 3.25));
        fake.lag = Optional.of(Duration.ofMillis(1234));

        // when
        JsonNode data = read(post(Map.of("query", """
                { customers(window: MINUTE) { windowStart newCustomers returningCustomers }
                  ratings(window: DAY, groupBy: PRODUCT) { key ratings averageTaste averageHeat }
                  analyticsLagMillis }"""))).get("data");

        // then
        assertThat(data.at("/customers/0/newCustomers").asLong()).isEqualTo(3);
        assertThat(data.at("/customers/0/returningCustomers").asLong()).isEqualTo(1);
        assertThat(data.at("/ratings/0/key").asText()).isEqualTo("GHOST-150");
        assertThat(data.at("/ratings/0/averageTaste").asDouble()).isEqualTo(4.5);
        assertThat(data.at("/ratings/0/averageHeat").asDouble()).isEqualTo(3.25);
        assertThat(data.get("analyticsLagMillis").asLong()).isEqualTo(1234);
        assertThat(fake.asked).containsExactly("customers MINUTE null null", "ratings DAY null null PRODUCT", "lag");
    }

    @Test
    void shouldAnswerTheFunnelWithItsRatesAndRejectionReasons() {
        // given
        fake.funnel = List.of(new FunnelBucket(MINUTE_START, MINUTE_START.plusSeconds(60), "WEB", 10, 8, 2, 1, 6, 1, 4, 0,
                List.of(new ReasonCount("OUT_OF_STOCK", 2))));

        // when
        JsonNode data = read(post(Map.of("query", """
                { funnel(window: MINUTE, groupBy: CHANNEL) { windowStart key placed reserved rejected expired paid cancelled
                  shipped delivered rejectedByReason { reason orders } reservedRate paidRate shippedRate deliveredRate } }"""))).get("data");

        // then
        JsonNode bucket = data.at("/funnel/0");
        assertThat(bucket.get("windowStart").asText()).isEqualTo("2026-11-25T12:34:00Z");
        assertThat(bucket.get("key").asText()).isEqualTo("WEB");
        assertThat(List.of("placed", "reserved", "rejected", "expired", "paid", "cancelled", "shipped", "delivered").stream()
                .map(f -> bucket.get(f).asLong()).toList()).containsExactly(10L, 8L, 2L, 1L, 6L, 1L, 4L, 0L);
        assertThat(bucket.at("/rejectedByReason/0/reason").asText()).isEqualTo("OUT_OF_STOCK");
        assertThat(bucket.at("/rejectedByReason/0/orders").asLong()).isEqualTo(2);
        assertThat(bucket.get("reservedRate").asDouble()).isEqualTo(0.8);
        assertThat(bucket.get("paidRate").asDouble()).isEqualTo(0.75);
        assertThat(bucket.get("shippedRate").asDouble()).isEqualTo(4 / 6.0);
        assertThat(bucket.get("deliveredRate").asDouble()).isZero();
        assertThat(fake.asked).containsExactly("funnel MINUTE null null CHANNEL");
    }

    @Test
    void shouldAnswerTheSegmentsAndOneCustomerAndNullForAnUnknownOne() {
        // given
        fake.segments = List.of(new SegmentBucket(CustomerSegment.CHAMPIONS, MINUTE_START, MINUTE_START.plusSeconds(60), 3, 90_000, 1, 5_000));
        fake.customer = Optional.of(new CustomerView("c-1", CustomerSegment.NEW, 5, 1, 2, 1, 4_500, NOW, NOW,
                HeatPreference.HOT, 7.5, 2, 4.0));

        // when
        JsonNode data = read(post(Map.of("query", """
                { segments(window: DAY) { segment customers revenueCents windowCustomers windowRevenueCents }
                  customer(id: "c-1") { id segment recency frequency monetary paidOrders revenueCents lastPaidAt heatPreference heatLevel
                    ratings averageFeltHeat } }"""))).get("data");

        // then
        assertThat(data.at("/segments/0/segment").asText()).isEqualTo("CHAMPIONS");
        assertThat(data.at("/segments/0/customers").asLong()).isEqualTo(3);
        assertThat(data.at("/segments/0/windowRevenueCents").asLong()).isEqualTo(5_000);
        assertThat(data.at("/customer/segment").asText()).isEqualTo("NEW");
        assertThat(data.at("/customer/recency").asInt()).isEqualTo(5);
        assertThat(data.at("/customer/monetary").asInt()).isEqualTo(2);
        assertThat(data.at("/customer/lastPaidAt").asText()).isEqualTo("2026-11-25T12:34:56Z");
        assertThat(data.at("/customer/heatPreference").asText()).isEqualTo("HOT");
        assertThat(data.at("/customer/heatLevel").asDouble()).isEqualTo(7.5);
        assertThat(fake.asked).containsExactly("segments DAY", "customer c-1");

        // when nothing is known of a customer
        fake.customer = Optional.empty();
        assertThat(read(post(Map.of("query", "{ customer(id: \"nobody\") { segment } }"))).at("/data/customer").isNull()).isTrue();
    }

    @Test
    void shouldRefuseAFunnelByProductAndAnOverlongCustomerIdWithGraphQlErrors() {
        HttpResponse<String> product = send(realApp, HttpRequest.newBuilder(uri(realApp, "")).POST(body(Map.of("query",
                "{ funnel(window: DAY, groupBy: PRODUCT) { placed } }"))));
        HttpResponse<String> longId = send(realApp, HttpRequest.newBuilder(uri(realApp, "")).POST(body(Map.of("query",
                "{ customer(id: \"" + "c".repeat(129) + "\") { segment } }"))));

        assertThat(read(product).at("/errors/0/message").asText()).contains("kept per CHANNEL");
        assertThat(read(longId).at("/errors/0/message").asText()).isEqualTo("id must be 1 to 128 characters");
        assertThat(read(longId).at("/errors/0/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
    }

    @Test
    void shouldAnswerNoLagAsNull() {
        JsonNode data = read(post(Map.of("query", "{ analyticsLagMillis }"))).get("data");

        assertThat(data.get("analyticsLagMillis").isNull()).isTrue();
    }

    @Test
    void shouldAnswerAnUnknownFieldWithAGraphQlErrorAndStatus200() {
        // when
        HttpResponse<String> r = post(Map.of("query", "{ sales(window: DAY) { revenueCents profitCents } }"));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode body = read(r);
        assertThat(body.has("data")).isFalse();
        assertThat(body.at("/errors/0/message").asText()).contains("profitCents");
        assertThat(body.at("/errors/0/extensions/classification").asText()).isEqualTo("ValidationError");
        assertThat(fake.asked).isEmpty();
    }

    @Test
    void shouldAnswerASyntaxErrorAndAnUnknownWindowWithGraphQlErrors() {
        HttpResponse<String> syntax = post(Map.of("query", "{ sales(window: DAY { revenueCents } }"));
        HttpResponse<String> window = post(Map.of("query", "query($w: Window!) { sales(window: $w) { units } }", "variables", Map.of("w", "WEEK")));

        assertThat(syntax.statusCode()).isEqualTo(200);
        assertThat(read(syntax).at("/errors/0/extensions/classification").asText()).isEqualTo("InvalidSyntax");
        assertThat(window.statusCode()).isEqualTo(200);
        assertThat(read(window).at("/errors/0/message").asText()).contains("WEEK");
        assertThat(fake.asked).isEmpty();
    }

    @Test
    void shouldAnswerAnUnreadableDateTimeWithAGraphQlError() {
        HttpResponse<String> literal = post(Map.of("query", "{ sales(window: DAY, from: \"yesterday\") { units } }"));
        HttpResponse<String> variable = post(Map.of("query", "query($from: DateTime) { sales(window: DAY, from: $from) { units } }",
                "variables", Map.of("from", "2026-13-01")));

        assertThat(literal.statusCode()).isEqualTo(200);
        assertThat(read(literal).at("/errors/0/message").asText()).contains("DateTime must be ISO-8601");
        assertThat(variable.statusCode()).isEqualTo(200);
        assertThat(read(variable).at("/errors/0/message").asText()).contains("2026-13-01");
        assertThat(fake.asked).isEmpty();
    }

    @Test
    void shouldRefuseAQueryDeeperThanTheLimit() {
        // given a query nine levels deep (the schema's own types are two deep; introspection beside data goes deeper)
        String deep = "{ analyticsLagMillis __schema { types { fields { type { ofType { ofType { ofType { ofType { name } } } } } } } } }";
        String shallow = "{ __schema { queryType { name } } }";

        // when
        HttpResponse<String> refused = post(Map.of("query", deep));
        HttpResponse<String> allowed = post(Map.of("query", shallow));

        // then
        assertThat(refused.statusCode()).isEqualTo(200);
        assertThat(read(refused).at("/errors/0/message").asText()).contains("maximum query depth exceeded");
        assertThat(read(refused).at("/data").isMissingNode() || read(refused).at("/data").isNull()).isTrue();
        assertThat(read(allowed).at("/data/__schema/queryType/name").asText()).isEqualTo("Query");
    }

    @Test
    void shouldAnswerATooLongRangeWithAClearGraphQlError() {
        // when a MINUTE question spans two days, asked of the real service
        HttpResponse<String> r = send(realApp, HttpRequest.newBuilder(uri(realApp, "")).POST(body(Map.of("query",
                "{ sales(window: MINUTE, from: \"2026-11-23T00:00:00Z\", to: \"2026-11-25T00:00:00Z\") { revenueCents } }"))));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode error = read(r).at("/errors/0");
        assertThat(error.get("message").asText()).isEqualTo("A MINUTE question spans at most PT24H");
        assertThat(error.at("/path/0").asText()).isEqualTo("sales");
        assertThat(error.at("/extensions/classification").asText()).isEqualTo("BAD_REQUEST");
        assertThat(error.at("/extensions/status").asInt()).isEqualTo(400);
        assertThat(error.at("/extensions/errors/0/field").asText()).isEqualTo("to");
    }

    @Test
    void shouldAnswerAnEmptyRangeAndABadLimitAndRatingsByChannelWithGraphQlErrors() {
        HttpResponse<String> backwards = send(realApp, HttpRequest.newBuilder(uri(realApp, "")).POST(body(Map.of("query",
                "{ customers(window: DAY, from: \"2026-11-25T00:00:00Z\", to: \"2026-11-24T00:00:00Z\") { newCustomers } }"))));
        HttpResponse<String> limit = post(Map.of("query", "{ topProducts(window: DAY, limit: 0) { sku } }"));
        HttpResponse<String> channel = post(Map.of("query", "{ ratings(window: DAY, groupBy: CHANNEL) { key } }"));

        assertThat(read(backwards).at("/errors/0/message").asText()).isEqualTo("from must be before to");
        assertThat(read(limit).at("/errors/0/message").asText()).isEqualTo("limit must be from 1 to 100");
        assertThat(read(channel).at("/errors/0/message").asText()).contains("a rating names no channel");
        assertThat(List.of(backwards.statusCode(), limit.statusCode(), channel.statusCode())).containsOnly(200);
        assertThat(fake.asked).isEmpty();
    }

    @Test
    void shouldAnswerAStoreThatCannotAnswerNowAsARetryableGraphQlError() {
        // given
        fake.failure = ApiException.unavailable("Only 2 of 3 partitions of sales-minute can answer now", Duration.ofSeconds(1));

        // when
        HttpResponse<String> r = post(Map.of("query", "{ sales(window: MINUTE) { units } }"));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        JsonNode error = read(r).at("/errors/0");
        assertThat(error.get("message").asText()).isEqualTo("Only 2 of 3 partitions of sales-minute can answer now");
        assertThat(error.at("/extensions/classification").asText()).isEqualTo("UNAVAILABLE");
        assertThat(error.at("/extensions/retryAfterSeconds").asInt()).isEqualTo(1);
    }

    @Test
    void shouldAnswerAnUnexpectedFailureWithoutItsDetails() {
        // given
        fake.failure = new IllegalStateException("secret internals");

        // when
        HttpResponse<String> r = post(Map.of("query", "{ sales(window: MINUTE) { units } }"));

        // then
        assertThat(r.statusCode()).isEqualTo(200);
        assertThat(r.body()).doesNotContain("secret internals");
        assertThat(read(r).at("/errors/0/extensions/classification").asText()).isEqualTo("INTERNAL_ERROR");
    }

    @Test
    void shouldRefuseABodyThatIsNotAGraphQlRequestWith400() {
        // when
        HttpResponse<String> notJson = send(fakeApp, HttpRequest.newBuilder(uri(fakeApp, "")).POST(HttpRequest.BodyPublishers.ofString("{ sales }")));
        HttpResponse<String> noQuery = post(Map.of("variables", Map.of()));
        HttpResponse<String> badVariables = get("?query=" + encode("{ analyticsLagMillis }") + "&variables=" + encode("[1,2]"));
        HttpResponse<String> noParameter = get("");

        // then
        for (HttpResponse<String> r : List.of(notJson, noQuery, badVariables, noParameter)) {
            assertThat(r.statusCode()).as(r.body()).isEqualTo(400);
            assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problems.CONTENT_TYPE));
        }
        assertThat(read(noQuery).at("/errors/0/field").asText()).isEqualTo("query");
        assertThat(read(badVariables).at("/errors/0/field").asText()).isEqualTo("variables");
        assertThat(fake.asked).isEmpty();
    }

    // ---------- helpers ----------

    /** Answers what a test sets and records every question it is asked. */
    private static final class FakeAnalytics implements AnalyticsQueries {
        final List<String> asked = new ArrayList<>();
        List<SalesBucket> sales;
        List<ProductSales> top;
        List<CustomerBucket> customers;
        List<RatingBucket> ratings;
        Optional<Duration> lag;
        List<FunnelBucket> funnel;
        List<SegmentBucket> segments;
        Optional<CustomerView> customer;
        List<AlertService.AlertView> alerts;
        RuntimeException failure;

        void reset() {
            asked.clear();
            sales = List.of();
            top = List.of();
            customers = List.of();
            ratings = List.of();
            lag = Optional.empty();
            funnel = List.of();
            segments = List.of();
            customer = Optional.empty();
            alerts = List.of();
            failure = null;
        }

        private <T> T answer(String question, T answer) {
            asked.add(question);
            if (failure != null) {
                throw failure;
            }
            return answer;
        }

        @Override
        public List<SalesBucket> sales(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
            return answer("sales " + window + " " + from + " " + to + " " + groupBy, sales);
        }

        @Override
        public List<ProductSales> topProducts(AnalyticsWindow window, Instant at, int limit) {
            return answer("topProducts " + window + " " + at + " " + limit, top);
        }

        @Override
        public List<CustomerBucket> customers(AnalyticsWindow window, Instant from, Instant to) {
            return answer("customers " + window + " " + from + " " + to, customers);
        }

        @Override
        public List<RatingBucket> ratings(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
            return answer("ratings " + window + " " + from + " " + to + " " + groupBy, ratings);
        }

        @Override
        public Optional<Duration> lag() {
            return answer("lag", lag);
        }

        @Override
        public List<FunnelBucket> funnel(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
            return answer("funnel " + window + " " + from + " " + to + " " + groupBy, funnel);
        }

        @Override
        public List<SegmentBucket> segments(AnalyticsWindow window) {
            return answer("segments " + window, segments);
        }

        @Override
        public Optional<CustomerView> customer(String id) {
            return answer("customer " + id, customer);
        }

        @Override
        public List<AlertService.AlertView> alerts(Instant from, Instant to, Boolean open) {
            return answer("alerts " + from + " " + to + " " + open, alerts);
        }
    }

    private static HttpResponse<String> post(Object request) {
        return send(fakeApp, HttpRequest.newBuilder(uri(fakeApp, "")).header("Content-Type", "application/json").POST(body(request)));
    }

    private static HttpResponse<String> get(String queryString) {
        return send(fakeApp, HttpRequest.newBuilder(uri(fakeApp, queryString)).GET());
    }

    private static URI uri(Javalin app, String queryString) {
        return URI.create("http://127.0.0.1:" + app.port() + AnalyticsGraphQlRoutes.PATH + queryString);
    }

    private static HttpRequest.BodyPublisher body(Object request) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(request));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String encode(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }

    private static HttpResponse<String> send(Javalin app, HttpRequest.Builder request) {
        try {
            return CLIENT.send(request.timeout(Duration.ofSeconds(10)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static JsonNode read(HttpResponse<String> r) {
        try {
            return JSON.readTree(r.body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }
}
