package com.scoville.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.CardNumbers;
import com.scoville.http.analytics.AnalyticsGraphQl;
import com.scoville.http.analytics.AnalyticsGraphQlRoutes;
import com.scoville.http.analytics.AnalyticsService;
import com.scoville.http.analytics.FeedbackRoutes;
import com.scoville.http.catalog.ProductRoutes;
import com.scoville.http.inventory.InventoryRoutes;
import com.scoville.http.orders.OrderRequest;
import com.scoville.http.orders.OrderRoutes;
import com.scoville.service.it.fuzz.FuzzClient;
import com.scoville.service.it.fuzz.FuzzRequest;
import com.scoville.service.it.fuzz.FuzzRequest.Header;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Card numbers in request bodies, on the API's real routes (their services absent: a body that got past the check
 * would fail with 500, not 422): every text field of every body kind, in the spellings an attacker would try,
 * answers 422 naming the field and never quoting the number.
 */
class HttpRequestsCardDataTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final String ORDER = "{\"customerId\":\"c1\",\"channel\":\"WEB\",\"lines\":[{\"sku\":\"GHOST-150\",\"quantity\":1}]";
    private static final List<OrderRequest> TAKEN = new CopyOnWriteArrayList<>();
    private static Javalin app;
    private static FuzzClient client;

    @BeforeAll
    static void startTheApiWithoutServices() {
        Consumer<RoutesConfig> echo = routes -> routes.post("/echo", ctx -> {
            TAKEN.add(Idempotency.write(ctx, JSON, OrderRequest.class).body());
            ctx.status(200);
        });
        app = HttpApi.create("127.0.0.1", 0, JSON, List.of(echo,
                new OrderRoutes(null, null, JSON)::register,
                new InventoryRoutes(null, JSON)::register,
                new ProductRoutes(null, JSON)::register,
                new FeedbackRoutes(null, JSON)::register,
                new AnalyticsGraphQlRoutes(new AnalyticsGraphQl((AnalyticsService) null), JSON)::register)).start();
        client = new FuzzClient("http://127.0.0.1:" + app.port(), 1);
    }

    @BeforeEach
    void forgetTheBodiesTakenBefore() {
        TAKEN.clear();
    }

    @AfterAll
    static void stopTheApp() {
        client.close();
        app.stop();
    }

    /** A body with a card number where {@code field} is, the route it goes to, and the field the answer must name. */
    record Case(String method, String path, String body, String field) { }

    @Test
    void shouldRefuseACardNumberInEachFieldOfEachBodyNamingTheFieldWithoutQuotingIt() {
        List<Case> cases = List.of(
                // orders: JSON escapes, dots, slashes, letters against the digits, other digit systems, a number value
                new Case("POST", "/v1/orders", ORDER + ",\"paymentToken\":\"\\u0034111 1111 1111 1111\"}", "paymentToken"),
                new Case("POST", "/v1/orders", ORDER + ",\"shippingAddress\":{\"name\":\"Ann\",\"line1\":\"Flat 4111.1111.1111.1111\"}}",
                        "shippingAddress.line1"),
                new Case("POST", "/v1/orders", ORDER + ",\"shippingAddress\":{\"line2\":\"\\u0034\\u0031\\u0031\\u0031\\u0031\\u0031\\u0031"
                        + "\\u0031\\u0031\\u0031\\u0031\\u0031\\u0031\\u0031\\u0031\\u0031\"}}", "shippingAddress.line2"),
                new Case("POST", "/v1/orders", "{\"customerId\":\"card4111111111111111x\",\"channel\":\"WEB\",\"lines\":[]}", "customerId"),
                new Case("POST", "/v1/orders", "{\"customerId\":\"c1\",\"lines\":[{\"sku\":\"GHOST-150\",\"quantity\":1},"
                        + "{\"sku\":\"4111/1111/1111/1111\",\"quantity\":1}]}", "lines[1].sku"),
                new Case("POST", "/v1/orders", ORDER + ",\"reservationId\":\"hold-٤١١١١١١١١١١١١١١١\"}", "reservationId"),
                new Case("POST", "/v1/orders", ORDER + ",\"paymentToken\":4111111111111111}", "paymentToken"),
                new Case("POST", "/v1/orders", ORDER + ",\"paymentToken\":\"4111\\u200B1111\\u200B1111\\u200B1111\"}", "paymentToken"),
                // holds
                new Case("POST", "/v1/inventory/reserve", "{\"lines\":[{\"sku\":\"４１１１－１１１１－１１１１－１１１１\",\"quantity\":1}],\"ttlSeconds\":60}",
                        "lines[0].sku"),
                // feedback
                new Case("POST", "/v1/feedback", "{\"customerId\":\"c1\",\"sku\":\"GHOST-150\",\"taste\":5,\"heat\":5,"
                        + "\"comment\":\"great, my card is 5500 0000 0000 0004 lol\"}", "comment"),
                new Case("POST", "/v1/feedback", "{\"customerId\":\"c1\",\"sku\":\"GHOST-150\",\"taste\":5,\"heat\":5,"
                        + "\"orderId\":\"o.4111.1111.1111.1111\"}", "orderId"),
                // products
                new Case("PUT", "/v1/products/NEW-1", "{\"name\":\"Sauce 4111-1111-1111-1111\",\"type\":\"SAUCE\",\"family\":\"f\","
                        + "\"heatLevel\":3,\"sizeMl\":150,\"priceCents\":999,\"wholesalePriceCents\":500,\"currency\":\"USD\"}", "name"),
                new Case("PUT", "/v1/products/NEW-1", "{\"name\":\"Sauce\",\"family\":\"x4111111111111111\"}", "family"),
                new Case("PUT", "/v1/products/4111-1111-1111-1111", "{\"name\":\"Sauce\",\"type\":\"SAUCE\",\"family\":\"f\","
                        + "\"heatLevel\":3,\"sizeMl\":150,\"priceCents\":999,\"wholesalePriceCents\":500,\"currency\":\"USD\"}", "sku"),
                // subscriptions
                new Case("POST", "/v1/inventory/GHOST-150/subscriptions", "{\"customerId\":\"sub-4111-1111-1111-1111\"}", "customerId"),
                // a field whose name is the number
                new Case("POST", "/v1/orders", ORDER + ",\"4111111111111111\":\"x\"}", "body"),
                // GraphQL variables and inline arguments
                new Case("POST", AnalyticsGraphQlRoutes.PATH, "{\"query\":\"query($c: String) { sales { totalCents } }\","
                        + "\"variables\":{\"c\":\"\\u0034111 1111 1111 1111\"}}", "variables.c"),
                new Case("POST", AnalyticsGraphQlRoutes.PATH, "{\"query\":\"query($f: F) { sales { totalCents } }\","
                        + "\"variables\":{\"f\":{\"customers\":[\"c1\",\"4111.1111.1111.1111\"]}}}", "variables.f.customers[1]"),
                new Case("POST", AnalyticsGraphQlRoutes.PATH, "{\"query\":\"{ sales(customerId: \\\"4111111111111111\\\") { totalCents } }\"}",
                        "query"),
                new Case("GET", AnalyticsGraphQlRoutes.PATH + "?query=" + encode("query($c: String) { sales { totalCents } }")
                        + "&variables=" + encode("{\"c\":\"card4111111111111111\"}"), null, "variables.c"),
                // not JSON at all: the parser's message would quote it
                new Case("POST", "/v1/orders", "{\"paymentToken\": card4111111111111111x", "body"),
                new Case("POST", AnalyticsGraphQlRoutes.PATH, "{\"query\": 4111-1111-1111-1111", "body"));

        for (Case c : cases) {
            // when
            FuzzClient.Answer answer = send(c);

            // then
            String what = c.method() + " " + c.path() + " " + c.body();
            assertThat(answer.status()).as(what).isEqualTo(422);
            assertThat(answer.header("Content-Type")).as(what).startsWith("application/problem+json");
            JsonNode problem = read(answer);
            assertThat(problem.get("errors").findValuesAsText("field")).as(what).containsExactly(c.field());
            assertThat(problem.get("detail").asText()).as(what).contains("Card data is refused");
            assertThat(CardNumbers.containsCardNumber(answer.bodyText())).as(what).isFalse();
            assertThat(answer.bodyText()).as(what).doesNotContain("4111").doesNotContain("5500");
        }
    }

    @Test
    void shouldNameEveryFieldHoldingANumber() {
        FuzzClient.Answer answer = send(new Case("POST", "/echo", ORDER + ",\"paymentToken\":\"4111 1111 1111 1111\","
                + "\"shippingAddress\":{\"line2\":\"4111.1111.1111.1111\"}}", null));

        assertThat(answer.status()).isEqualTo(422);
        assertThat(read(answer).get("errors").findValuesAsText("field")).containsExactly("paymentToken", "shippingAddress.line2");
        assertThat(TAKEN).isEmpty();
    }

    @Test
    void shouldTakeBodiesWithIdsTimestampsPhoneNumbersAndSkus() {
        // given a body full of digits that are not card numbers
        String body = "{\"customerId\":\"c-0b1e2f3a-4111-1111-1111-111111111111\",\"channel\":\"WEB\","
                + "\"lines\":[{\"sku\":\"GHOST-150\",\"quantity\":12},{\"sku\":\"HABANERO-250\",\"quantity\":1}],"
                + "\"paymentToken\":\"tok_visa_4242\",\"reservationId\":\"hold_7MZQ4VXK2R6DJ3YBNW5TAH2CQE\","
                + "\"shippingAddress\":{\"name\":\"Ann\",\"line1\":\"1 Main St, +1 555 0100\",\"line2\":\"since 2026-11-25T12:00:00.000Z\","
                + "\"postalCode\":\"78701-1234\",\"country\":\"US\"}}";

        // when
        FuzzClient.Answer answer = send(new Case("POST", "/echo", body, null));

        // then it is taken as sent
        assertThat(answer.status()).as(answer.bodyText()).isEqualTo(200);
        assertThat(TAKEN).extracting(OrderRequest::customerId).contains("c-0b1e2f3a-4111-1111-1111-111111111111");
    }

    @Test
    void shouldTakeNumbersTooLargeToWriteOutAsNoCardNumberAndStillFindOneWrittenWithAnExponent() {
        // found by the contract fuzzer: 1e309 is no finite double, and its digits were asked for (500)
        for (String huge : List.of("1e309", "-1e309", "1e999999", "1.5e-999999")) {
            FuzzClient.Answer answer = send(new Case("POST", "/echo", ORDER + ",\"paymentToken\":" + huge + "}", null));

            assertThat(answer.status()).as(huge + ": " + answer.bodyText()).isBetween(200, 499);
        }
        FuzzClient.Answer exponent = send(new Case("POST", "/echo", ORDER + ",\"paymentToken\":4.111111111111111e15}", null));
        assertThat(exponent.status()).isEqualTo(422);
    }

    @Test
    void shouldNotQuoteACardNumberInTheUrlOfA404() {
        FuzzClient.Answer answer = send(new Case("GET", "/v1/orders/4111.1111.1111.1111", null, null));

        assertThat(answer.status()).isEqualTo(404);
        assertThat(answer.bodyText()).doesNotContain("4111");
        FuzzClient.Answer sku = send(new Case("POST", "/v1/inventory/x4111111111111111/restock", "{\"quantity\":1}", null));
        assertThat(sku.status()).isEqualTo(404);
        assertThat(sku.bodyText()).doesNotContain("4111");
        FuzzClient.Answer noRoute = send(new Case("GET", "/v2/4111111111111111", null, null));
        assertThat(noRoute.status()).isEqualTo(404);
        assertThat(noRoute.bodyText()).doesNotContain("4111");
    }

    private static FuzzClient.Answer send(Case c) {
        return client.send(new FuzzRequest("test", c.method(), c.path(),
                List.of(new Header("Idempotency-Key", "k-" + System.nanoTime()), new Header("Content-Type", "application/json")),
                c.body() == null ? null : c.body().getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode read(FuzzClient.Answer answer) {
        try {
            return JSON.readTree(answer.bodyText());
        } catch (Exception e) {
            throw new AssertionError("not JSON: " + answer.bodyText(), e);
        }
    }

    private static String encode(String text) {
        return URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

}
