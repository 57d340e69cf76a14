package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Who may do what (issue 14, items 1 and 2), on the real stack: every route of the service's own OpenAPI document
 * called by every role and without a token, against the role table below (written from the issue, not read from
 * the code); then the rules past the route: whose orders, which channel, which moves, what an analyst sees.
 */
class AccessIT extends SharedStack {
    private static final String NONE = "no token";
    private static final String CUSTOMER = "customer";
    private static final String CHANNEL = "channel";
    private static final String ADMIN = "admin";
    private static final String ANALYST = "analyst";
    private static final Set<String> PUBLIC = Set.of(NONE, CUSTOMER, CHANNEL, ADMIN, ANALYST);

    /** The table: who may call each route (past the gate; what it then answers is the route's business). */
    private static final Map<String, Set<String>> MAY_CALL = Map.ofEntries(
            Map.entry("GET /v1/products", PUBLIC),
            Map.entry("GET /v1/products/{sku}", PUBLIC),
            Map.entry("GET /v1/inventory/{sku}", PUBLIC),
            Map.entry("PUT /v1/products/{sku}", Set.of(ADMIN)),
            Map.entry("POST /v1/orders", Set.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("GET /v1/orders", Set.of(CUSTOMER, CHANNEL, ADMIN, ANALYST)),
            Map.entry("GET /v1/orders/{orderId}", Set.of(CUSTOMER, CHANNEL, ADMIN, ANALYST)),
            Map.entry("PUT /v1/orders/{orderId}", Set.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("POST /v1/inventory/reserve", Set.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("GET /v1/inventory/reservations/{reservationId}", Set.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("DELETE /v1/inventory/reservations/{reservationId}", Set.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("POST /v1/inventory/{sku}/restock", Set.of(ADMIN)),
            Map.entry("POST /v1/inventory/{sku}/subscriptions", Set.of(CUSTOMER, CHANNEL, ADMIN)),
            Map.entry("POST /v1/webhooks", Set.of(CHANNEL, ADMIN)),
            Map.entry("GET /v1/webhooks", Set.of(CHANNEL, ADMIN)),
            Map.entry("DELETE /v1/webhooks/{webhookId}", Set.of(CHANNEL, ADMIN)),
            Map.entry("GET /v1/webhooks/{webhookId}/deliveries", Set.of(CHANNEL, ADMIN)),
            Map.entry("POST /v1/feedback", Set.of(CUSTOMER, ADMIN)),
            Map.entry("GET /v1/analytics/sales", Set.of(ANALYST, ADMIN)),
            Map.entry("POST /v1/analytics/sales", Set.of(ANALYST, ADMIN)),
            Map.entry("GET /v1/analytics/graphiql", PUBLIC),
            Map.entry("GET /v1/analytics/graphiql/assets/{asset}", PUBLIC),
            Map.entry("GET /v1/audit", Set.of(ADMIN)),
            Map.entry("GET /internal/windows/{store}", Set.of(ADMIN)),
            Map.entry("GET /internal/segments", Set.of(ADMIN)),
            Map.entry("GET /internal/customers/{id}", Set.of(ADMIN)),
            Map.entry("GET /dashboard", PUBLIC),
            Map.entry("GET /dashboard/assets/{asset}", PUBLIC),
            Map.entry("GET /health/live", PUBLIC),
            Map.entry("GET /health/ready", PUBLIC),
            Map.entry("GET /openapi.json", PUBLIC),
            Map.entry("GET /docs", PUBLIC),
            Map.entry("GET /docs/{asset}", PUBLIC),
            Map.entry("GET /metrics", PUBLIC),
            Map.entry("GET /oauth2/.well-known/openid-configuration", PUBLIC),
            Map.entry("GET /oauth2/jwks", PUBLIC),
            Map.entry("POST /oauth2/token", PUBLIC));

    private static Map<String, Http> as;
    private static String sku;

    @BeforeAll
    static void principals() {
        as = new LinkedHashMap<>();
        as.put(NONE, http.anonymous());
        as.put(CUSTOMER, http.asCustomer("table-customer"));
        as.put(CHANNEL, http.asClient("web-shop"));
        as.put(ADMIN, http.asClient("backoffice"));
        as.put(ANALYST, http.asClient("analytics"));
        sku = Canary.freshSauce(http, 1_000);
    }

    @Test
    void shouldAnswerEveryDocumentedRouteForEveryRoleAsTheRoleTableSays() {
        // given every operation of the document, and an order to aim at
        String orderId = place(http, Map.of("customerId", "table-owner", "channel", "WEB")).path("orderId").asText();
        JsonNode paths = http.get("/openapi.json").body().path("paths");
        List<String> wrong = new ArrayList<>();
        List<String> operations = new ArrayList<>();
        paths.fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(method -> {
            if (Set.of("get", "post", "put", "delete").contains(method)) {
                operations.add(method.toUpperCase() + " " + path.getKey());
            }
        }));
        assertThat(MAY_CALL.keySet()).as("the table names exactly the documented routes").containsExactlyInAnyOrderElementsOf(operations);

        // when each principal calls each route
        for (String operation : operations) {
            String method = operation.substring(0, operation.indexOf(' '));
            String route = operation.substring(operation.indexOf(' ') + 1);
            String target = route.replace("{sku}", sku).replace("{orderId}", orderId).replace("{reservationId}", "hold_unknown").replace("{webhookId}", "wh_unknown")
                    .replace("{store}", "sales-minute").replace("{id}", "table-owner").replace("{asset}", route.startsWith("/docs") ? "swagger-ui.css" : route.startsWith("/v1/analytics/graphiql") ? "graphiql.min.js" : "dashboard.js");
            for (Map.Entry<String, Http> who : as.entrySet()) {
                // a write without Idempotency-Key: refused (400) right after the gate, so nothing is written
                Http.Response r = switch (method) {
                    case "GET" -> who.getValue().get(target);
                    case "POST" -> who.getValue().post(target, "{}", Map.of());
                    case "PUT" -> who.getValue().put(target, "{}", Map.of());
                    default -> who.getValue().delete(target);
                };
                boolean allowed = MAY_CALL.get(operation).contains(who.getKey());
                int expected = allowed ? 0 : who.getKey().equals(NONE) ? 401 : 403;
                boolean right = allowed ? r.status() != 401 && r.status() != 403 && r.status() < 500 : r.status() == expected;
                if (!right) {
                    wrong.add(operation + " as " + who.getKey() + ": " + r.status() + (allowed ? " (should pass the gate)" : " (expected " + expected + ")"));
                }
                if (!allowed && !right) {
                    continue;
                }
                if (!allowed) {
                    assertThat(r.header("Content-Type")).as(operation + " as " + who.getKey()).startsWith("application/problem+json");
                    if (expected == 401) {
                        assertThat(r.header("WWW-Authenticate")).as(operation).startsWith("Bearer");
                    }
                }
            }
        }

        // then every answer is the table's
        assertThat(wrong).isEmpty();
    }

    @Test
    void shouldPlaceACustomersOrderForTheCustomerWhateverTheBodySays() {
        Http alice = http.asCustomer("alice-" + UUID.randomUUID());
        String aliceId = subjectOf(alice);

        JsonNode order = place(alice, Map.of("customerId", "someone-else", "channel", "WEB"));

        assertThat(order.path("customerId").asText()).isEqualTo(aliceId);
    }

    @Test
    void shouldShowACustomerItsOwnOrdersOnlyAndAnothersAsNotFound() {
        // given two customers with an order each
        Http alice = http.asCustomer("alice-" + UUID.randomUUID());
        Http bob = http.asCustomer("bob-" + UUID.randomUUID());
        String alicesOrder = place(alice, Map.of("channel", "WEB")).path("orderId").asText();
        String bobsOrder = place(bob, Map.of("channel", "WEB")).path("orderId").asText();

        // then each reads its own, not the other's, and lists only its own
        assertThat(alice.get("/v1/orders/" + alicesOrder).status()).isEqualTo(200);
        assertThat(alice.get("/v1/orders/" + bobsOrder).status()).isEqualTo(404);
        JsonNode listed = alice.get("/v1/orders?limit=200&customerId=" + subjectOf(bob)).body().path("items");
        assertThat(listed).isNotEmpty();
        listed.forEach(o -> assertThat(o.path("customerId").asText()).isEqualTo(subjectOf(alice)));
    }

    @Test
    void shouldLetACustomerCancelItsOwnUnpaidOrderOnly() {
        Http carol = http.asCustomer("carol-" + UUID.randomUUID());
        String first = place(carol, Map.of("channel", "WEB")).path("orderId").asText();
        String second = place(carol, Map.of("channel", "WEB")).path("orderId").asText();
        String anothers = place(http, Map.of("customerId", "not-carol", "channel", "WEB")).path("orderId").asText();

        assertThat(carol.put("/v1/orders/" + first, Map.of("status", "PAID"), Http.freshKey()).status()).isEqualTo(403);
        assertThat(carol.put("/v1/orders/" + anothers, Map.of("status", "CANCELLED"), Http.freshKey()).status()).isEqualTo(404);
        assertThat(carol.put("/v1/orders/" + first, Map.of("status", "CANCELLED"), Http.freshKey()).status()).isEqualTo(200);
        // once paid (by the shop), it is no longer the customer's to cancel
        assertThat(http.put("/v1/orders/" + second, Map.of("status", "PAID"), Http.freshKey()).status()).isEqualTo(200);
        assertThat(carol.put("/v1/orders/" + second, Map.of("status", "CANCELLED"), Http.freshKey()).status()).isEqualTo(403);
        // nor through the release of a hold: an order is no hold, whoever asks, and stays as it is
        assertThat(carol.delete("/v1/inventory/reservations/" + second, Http.freshKey()).status()).isEqualTo(404);
        assertThat(carol.delete("/v1/inventory/reservations/" + anothers, Http.freshKey()).status()).isEqualTo(404);
        assertThat(http.delete("/v1/inventory/reservations/" + second, Http.freshKey()).status()).isEqualTo(404);
        assertThat(http.get("/v1/orders/" + second).body().path("status").asText()).isEqualTo("PAID");
        assertThat(http.get("/v1/orders/" + anothers).body().path("status").asText()).isIn("PENDING", "RESERVED", "REJECTED");
    }

    @Test
    void shouldKeepAChannelToItsOwnChannel() {
        Http mobile = http.asClient("mobile-app");
        Http web = http.asClient("web-shop");

        // a body naming another channel is refused; none at all is the token's channel
        assertThat(mobile.post("/v1/orders", orderBody(Map.of("customerId", "m1", "channel", "WEB")), Http.freshKey()).status()).isEqualTo(403);
        JsonNode mobileOrder = place(mobile, Map.of("customerId", "m1"));
        assertThat(mobileOrder.path("channel").asText()).isEqualTo("MOBILE");

        // another channel's order is not found; a listing holds the channel's only
        assertThat(web.get("/v1/orders/" + mobileOrder.path("orderId").asText()).status()).isEqualTo(404);
        assertThat(mobile.get("/v1/orders/" + mobileOrder.path("orderId").asText()).status()).isEqualTo(200);
        JsonNode listed = web.get("/v1/orders?limit=200&channel=MOBILE").body().path("items");
        listed.forEach(o -> assertThat(o.path("channel").asText()).isEqualTo("WEB"));

        // a channel pays and cancels, and ships nothing
        String orderId = mobileOrder.path("orderId").asText();
        assertThat(mobile.put("/v1/orders/" + orderId, Map.of("status", "SHIPPED"), Http.freshKey()).status()).isEqualTo(403);
        assertThat(mobile.put("/v1/orders/" + orderId, Map.of("status", "PAID"), Http.freshKey()).status()).isEqualTo(200);
    }

    @Test
    void shouldGiveWholesalePricesToTheWholesaleChannelOnly() {
        JsonNode product = http.get("/v1/products/" + sku).body();
        long retail = product.path("priceCents").asLong();
        long wholesale = product.path("wholesalePriceCents").asLong();
        assertThat(wholesale).isNotEqualTo(retail);

        assertThat(http.asClient("web-shop").post("/v1/orders", orderBody(Map.of("customerId", "w1", "channel", "WHOLESALE")), Http.freshKey()).status())
                .isEqualTo(403);
        assertThat(http.asCustomer("w2").post("/v1/orders", orderBody(Map.of("channel", "WHOLESALE")), Http.freshKey()).status())
                .isEqualTo(403);
        JsonNode partner = place(http.asClient("wholesale-partner"), Map.of("customerId", "w3"));
        assertThat(partner.path("lines").get(0).path("unitPriceCents").asLong()).isEqualTo(wholesale);
        JsonNode shop = place(http.asClient("web-shop"), Map.of("customerId", "w4"));
        assertThat(shop.path("lines").get(0).path("unitPriceCents").asLong()).isEqualTo(retail);
    }

    @Test
    void shouldListOrdersForAnAnalystWithoutAddresses() {
        Map<String, Object> address = Map.of("name", "Dana", "line1", "1 Pepper Road", "city", "Austin", "postalCode", "78701", "country", "US");
        String orderId = place(http, Map.of("customerId", "with-address", "channel", "WEB", "shippingAddress", address)).path("orderId").asText();

        JsonNode asAdmin = http.get("/v1/orders/" + orderId).body();
        JsonNode asAnalyst = http.asClient("analytics").get("/v1/orders/" + orderId).body();
        // the listing reads the order stores as of their last commit, which may come a moment after the decision
        JsonNode listed = await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(50)).until(() ->
                http.asClient("analytics").get("/v1/orders?limit=200&customerId=with-address").body().path("items"), items -> !items.isEmpty());

        assertThat(asAdmin.has("shippingAddress")).isTrue();
        assertThat(asAnalyst.has("shippingAddress")).isFalse();
        listed.forEach(o -> assertThat(o.has("shippingAddress")).as("%s", o).isFalse());
    }

    private static JsonNode place(Http as, Map<String, Object> fields) {
        Http.Response r = as.post("/v1/orders", orderBody(fields), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(r.status()).as("place %s: %s", fields, r.raw().body()).isIn(200, 202);
        return r.body();
    }

    private static Map<String, Object> orderBody(Map<String, Object> fields) {
        Map<String, Object> body = new LinkedHashMap<>(fields);
        body.put("lines", List.of(Map.of("sku", sku, "quantity", 1)));
        return body;
    }

    /** The customer id a customer's token names (the subject), read back from an order of its own. */
    private static String subjectOf(Http customer) {
        String payload = customer.token().split("\\.")[1];
        try {
            return new com.fasterxml.jackson.databind.ObjectMapper().readTree(java.util.Base64.getUrlDecoder().decode(payload)).path("sub").asText();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Test
    void shouldRecordWritesAndRefusalsInTheAuditLogThatOnlyAdminsRead() throws Exception {
        // given a product and its price change, a restock, an order and a registry level change, by different roles
        java.time.Instant start = java.time.Instant.now().minusSeconds(1);
        Http admin = http.asClient("backoffice");
        Http shop = http.asClient("web-shop");
        String audited = Canary.freshSauce(admin, 5);
        assertThat(admin.put("/v1/products/" + audited, Map.of("name", "Canary " + audited, "type", "SAUCE", "heatLevel", 1,
                "priceCents", 150, "wholesalePriceCents", 50), Http.freshKey()).status()).isEqualTo(200);
        Map<String, String> traced = new LinkedHashMap<>(Http.freshKey());
        traced.put("X-Request-Id", "audit-it-restock");
        var restock = admin.post("/v1/inventory/" + audited + "/restock", Map.of("quantity", 7), traced);
        assertThat(restock.status()).isEqualTo(202);
        assertThat(restock.header("X-Request-Id")).isEqualTo("audit-it-restock");
        var placed = shop.post("/v1/orders", Map.of("customerId", "audit-buyer", "channel", "WEB",
                "lines", List.of(Map.of("sku", audited, "quantity", 1))), Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(placed.status()).as(placed.raw().body()).isEqualTo(200);
        String orderId = placed.body().path("orderId").asText();
        String subject = "audit-it-" + UUID.randomUUID() + "-value";
        var level = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                        java.net.URI.create(service.registryUrl() + "/config/" + subject)).header("Content-Type", "application/json")
                .PUT(java.net.http.HttpRequest.BodyPublishers.ofString("{\"compatibility\": \"FULL\"}")).build(),
                java.net.http.HttpResponse.BodyHandlers.ofString());
        assertThat(level.statusCode()).isEqualTo(200);

        var hook = admin.post("/v1/webhooks", Map.of("url", "http://127.0.0.1:9/audit-it-hook", "events", List.of("alert.raised")), Http.freshKey());
        assertThat(hook.status()).as(hook.raw().body()).isEqualTo(201);
        String webhookId = hook.body().path("id").asText();
        assertThat(admin.delete("/v1/webhooks/" + webhookId, Http.freshKey()).status()).isEqualTo(204);

        // and refusals: a channel restocking (403), a bad token (401)
        assertThat(shop.post("/v1/inventory/" + audited + "/restock", Map.of("quantity", 1), Http.freshKey()).status()).isEqualTo(403);
        assertThat(http.withToken("not-a-jwt").post("/v1/inventory/" + audited + "/restock", Map.of("quantity", 1), Http.freshKey())
                .status()).isEqualTo(401);

        // when an admin reads the log, filtered
        JsonNode restocks = awaitEntries(admin, "/v1/audit?action=stock.restock&target=" + audited, 2);
        JsonNode mine = restocks.path("items").get(0);
        JsonNode order = awaitEntries(admin, "/v1/audit?actor=web-shop&action=order&target=" + orderId, 1).path("items").get(0);
        String restockRoute = java.net.URLEncoder.encode("POST /v1/inventory/{sku}/restock", java.nio.charset.StandardCharsets.UTF_8);
        JsonNode forbidden = awaitEntries(admin, "/v1/audit?actor=web-shop&action=access.forbidden&target=" + restockRoute
                + "&from=" + start, 1).path("items").get(0);
        JsonNode unauthenticated = awaitEntries(admin, "/v1/audit?action=access.unauthenticated&target=" + restockRoute
                + "&from=" + start + "&to=" + java.time.Instant.now().plusSeconds(3600), 1).path("items").get(0);
        JsonNode registry = awaitEntries(admin, "/v1/audit?action=registry&target=" + subject, 1).path("items").get(0);
        JsonNode hooks = awaitEntries(admin, "/v1/audit?action=webhook&target=" + webhookId, 2);

        // then each write and each refusal is there, once, with who, what, outcome and before -> after
        assertThat(restocks.path("items")).hasSize(2); // the canary's restock and this one
        assertThat(mine.path("actor").path("subject").asText()).isEqualTo("backoffice");
        assertThat(mine.path("actor").path("requestId").asText()).isEqualTo("audit-it-restock");
        assertThat(mine.path("outcome").asText()).isEqualTo("APPLIED");
        assertThat(mine.path("changes").get(0).path("field").asText()).isEqualTo("onHand");
        assertThat(mine.path("changes").get(0).path("before").asText()).isEqualTo("5");
        assertThat(mine.path("changes").get(0).path("after").asText()).isEqualTo("12");
        assertThat(order.path("action").asText()).isEqualTo("order.place");
        assertThat(order.path("actor").path("roles").toString()).contains("channel");
        assertThat(forbidden.path("status").asInt()).isEqualTo(403);
        assertThat(forbidden.path("target").asText()).isEqualTo("POST /v1/inventory/{sku}/restock");
        assertThat(unauthenticated.path("status").asInt()).isEqualTo(401);
        assertThat(unauthenticated.path("outcome").asText()).isEqualTo("REFUSED");
        assertThat(registry.path("changes").get(0).path("after").asText()).isEqualTo("FULL");
        assertThat(hooks.path("items")).extracting(e -> e.path("action").asText()).containsExactlyInAnyOrder("webhook.remove", "webhook.register");
        assertThat(hooks.path("items")).allSatisfy(e -> {
            assertThat(e.path("actor").path("subject").asText()).isEqualTo("backoffice");
            assertThat(e.path("detail").asText()).contains("http://127.0.0.1:9/audit-it-hook").doesNotContain(hook.body().path("secret").asText());
        });

        // and the product's entries page one at a time, newest first, the price change with its before and after
        List<JsonNode> pages = new ArrayList<>();
        String cursor = null;
        do {
            JsonNode page = admin.get("/v1/audit?action=product&target=" + audited + "&limit=1" + (cursor == null ? "" : "&cursor=" + cursor)).body();
            page.path("items").forEach(pages::add);
            cursor = page.path("nextCursor").isTextual() ? page.path("nextCursor").asText() : null;
        } while (cursor != null && pages.size() < 10);
        assertThat(pages).hasSize(2);
        assertThat(pages.get(0).path("changes").get(0).path("before").asText()).isEqualTo("100");
        assertThat(pages.get(0).path("changes").get(0).path("after").asText()).isEqualTo("150");
        assertThat(pages.get(1).path("detail").asText()).isEqualTo("created");

        // and no one else reads it
        assertThat(shop.get("/v1/audit").status()).isEqualTo(403);
        assertThat(http.asClient("analytics").get("/v1/audit").status()).isEqualTo(403);
        assertThat(http.anonymous().get("/v1/audit").status()).isEqualTo(401);
        assertThat(admin.get("/v1/audit?cursor=bm90LWEtY3Vyc29y").status()).isEqualTo(400);
    }

    private static JsonNode awaitEntries(Http admin, String query, int atLeast) {
        return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> admin.get(query),
                r -> r.status() == 200 && r.body().path("items").size() >= atLeast).body();
    }
}
