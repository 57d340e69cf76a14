package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.http.Json;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.webhooks.WebhookSignature;
import com.scoville.kafka.Topics;
import com.scoville.registry.SchemaRegistryClient;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.stream.StreamSupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Webhooks on the real embedded stack: a local receiver registered by a channel gets its orders' changes in
 * order, signed as the Standard Webhooks say; while it is down the deliveries fail and are retried, and once it
 * is back on the same port the retry arrives; a message nobody takes is dead-lettered; a subscription taken
 * through a channel is delivered to that channel; alerts reach the back office's webhooks.
 */
class WebhooksIT extends SharedStack {
    private static final ObjectMapper JSON = Json.mapper();
    private static final Duration PATIENCE = Duration.ofSeconds(20);
    private static final Duration POLL = Duration.ofMillis(50);
    private final List<Receiver> receivers = new ArrayList<>();

    /** What the receiver got: the three signature headers and the body. */
    record Delivery(String id, String timestamp, String signature, String body) {
        JsonNode json() {
            try {
                return JSON.readTree(body);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }

    /** A local endpoint answering 204 to every POST. */
    static final class Receiver {
        final List<Delivery> got = new CopyOnWriteArrayList<>();
        final HttpServer server;

        Receiver(int port) {
            try {
                server = HttpServer.create(new InetSocketAddress("127.0.0.1", port), 0);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            server.createContext("/hook", exchange -> {
                byte[] body = exchange.getRequestBody().readAllBytes();
                var h = exchange.getRequestHeaders();
                got.add(new Delivery(h.getFirst("webhook-id"), h.getFirst("webhook-timestamp"), h.getFirst("webhook-signature"),
                        new String(body, StandardCharsets.UTF_8)));
                exchange.sendResponseHeaders(204, -1);
                exchange.close();
            });
            server.start();
        }

        int port() {
            return server.getAddress().getPort();
        }

        String url() {
            return "http://127.0.0.1:" + port() + "/hook";
        }

        void stop() {
            server.stop(0);
        }

        List<Delivery> of(String type) {
            return got.stream().filter(d -> d.json().path("type").asText().equals(type)).toList();
        }
    }

    @AfterEach
    void stopReceivers() {
        receivers.forEach(Receiver::stop);
    }

    private Receiver receiver(int port) {
        Receiver r = new Receiver(port);
        receivers.add(r);
        return r;
    }

    @Test
    void shouldDeliverAChannelsOrderChangesSignedAndInOrderAndRetryWhileTheReceiverIsDown() {
        // given a receiver registered by the web shop for order changes
        Receiver receiver = receiver(0);
        Http web = http.asClient("web-shop");
        Http.Response registered = web.post("/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("order.status")), Http.freshKey());
        assertThat(registered.status()).as("registering: %s", registered.body()).isEqualTo(201);
        String webhookId = registered.body().path("id").asText();
        String secret = registered.body().path("secret").asText();
        assertThat(secret).startsWith("whsec_");

        // then it lists it without the secret; another channel neither sees it nor removes it
        JsonNode listed = web.get("/v1/webhooks").body().path("items");
        assertThat(ids(listed)).contains(webhookId);
        listed.forEach(w -> assertThat(w.has("secret")).isFalse());
        Http mobile = http.asClient("mobile-app");
        assertThat(ids(mobile.get("/v1/webhooks").body().path("items"))).doesNotContain(webhookId);
        assertThat(mobile.delete("/v1/webhooks/" + webhookId, Http.freshKey()).status()).isEqualTo(404);
        assertThat(mobile.get("/v1/webhooks/" + webhookId + "/deliveries").status()).isEqualTo(404);

        // when the web shop places an order
        String orderId = place(web, "WEB");

        // then the receiver gets its changes, in the order of the order's history, each signed with the secret
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> statusesOf(receiver, orderId).contains("RESERVED"));
        receiver.of("order.status").forEach(d -> assertSigned(d, secret));
        JsonNode reserved = last(receiver, orderId).json();
        assertThat(reserved.path("data").path("channel").asText()).isEqualTo("WEB");
        assertThat(reserved.path("data").path("totalCents").asLong()).isPositive();
        assertThat(Instant.parse(reserved.path("timestamp").asText())).isBefore(Instant.now().plusSeconds(1));

        // and nothing of another channel's orders
        String mobileOrder = place(mobile, "MOBILE");

        // when the receiver stops, and the order is paid and then cancelled
        int port = receiver.port();
        receiver.stop();
        assertThat(web.put("/v1/orders/" + orderId, Map.of("status", "PAID"), Http.freshKey()).status()).isEqualTo(200);
        assertThat(web.put("/v1/orders/" + orderId, Map.of("status", "CANCELLED"), Http.freshKey()).status()).isEqualTo(200);

        // then attempts fail and are tried again
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> attempts(web, webhookId, "FAILED").size() >= 2);
        JsonNode failed = attempts(web, webhookId, "FAILED").get(0);
        assertThat(failed.path("statusCode").asInt()).isZero();
        String messageId = failed.path("messageId").asText();

        // when the receiver is back on the same port
        Receiver back = receiver(port);

        // then the retries arrive in the order of the order's history: the payment (the message that failed) before the cancellation
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> statusesOf(back, orderId).contains("CANCELLED"));
        List<String> history = StreamSupport.stream(web.get("/v1/orders/" + orderId).body().path("history").spliterator(), false)
                .map(h -> h.path("status").asText()).toList();
        List<String> delivered = new ArrayList<>(statusesOf(receiver, orderId));
        delivered.addAll(statusesOf(back, orderId));
        assertThat(delivered).containsSubsequence("RESERVED", "PAID", "CANCELLED");
        assertThat(delivered.stream().map(history::indexOf).toList()).isSorted().doesNotContain(-1);
        Delivery retried = ofOrder(back, orderId).get(0);
        assertThat(retried.id()).isEqualTo(messageId);
        assertThat(retried.json().path("data").path("status").asText()).isEqualTo("PAID");
        back.of("order.status").forEach(d -> assertSigned(d, secret));
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> attempts(web, webhookId, "DELIVERED").stream()
                .anyMatch(a -> a.path("messageId").asText().equals(messageId) && a.path("attempt").asInt() > 2));
        List<JsonNode> log = all(web, webhookId);
        assertThat(log.stream().map(a -> Instant.parse(a.path("at").asText())).toList()).isSortedAccordingTo((a, b) -> b.compareTo(a));
        assertThat(receiver.got).noneMatch(d -> d.body().contains(mobileOrder));
        assertThat(back.got).noneMatch(d -> d.body().contains(mobileOrder));

        // when the web shop removes it, then it is gone
        assertThat(web.delete("/v1/webhooks/" + webhookId, Http.freshKey()).status()).isEqualTo(204);
        assertThat(ids(web.get("/v1/webhooks").body().path("items"))).doesNotContain(webhookId);
    }

    @Test
    void shouldDeadLetterAMessageNoAttemptDelivers() {
        // given a webhook whose receiver is gone
        Receiver gone = receiver(0);
        gone.stop();
        Http pos = http.asClient("market-pos");
        String webhookId = pos.post("/v1/webhooks", Map.of("url", gone.url(), "events", List.of("order.status")), Http.freshKey())
                .body().path("id").asText();

        // when an order of its channel changes
        place(pos, "POS");

        // then after the last attempt the message is dead-lettered
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> !attempts(pos, webhookId, "DEAD_LETTERED").isEmpty());
        JsonNode dead = attempts(pos, webhookId, "DEAD_LETTERED").get(0);
        assertThat(dead.path("attempt").asInt()).isEqualTo(service.config().webhookMaxAttempts());
        assertThat(pos.delete("/v1/webhooks/" + webhookId, Http.freshKey()).status()).isEqualTo(204);
    }

    @Test
    void shouldDeliverARestockToTheChannelTheSubscriptionCameThrough() {
        // given the mobile app's webhook for back-in-stock news, and a customer subscribed through it
        Receiver receiver = receiver(0);
        Http mobile = http.asClient("mobile-app");
        Http.Response registered = mobile.post("/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("stock.back_in_stock")), Http.freshKey());
        String customer = "c-" + UUID.randomUUID();
        assertThat(mobile.post("/v1/inventory/VERDE-250/subscriptions", Map.of("customerId", customer), Http.freshKey()).status()).isEqualTo(201);

        // when the SKU is restocked
        assertThat(http.post("/v1/inventory/VERDE-250/restock", Map.of("quantity", 5), Http.freshKey()).status()).isEqualTo(202);

        // then the mobile app hears of it, signed
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> receiver.of("stock.back_in_stock").stream()
                .anyMatch(d -> d.json().path("data").path("customerId").asText().equals(customer)));
        Delivery notice = receiver.of("stock.back_in_stock").stream()
                .filter(d -> d.json().path("data").path("customerId").asText().equals(customer)).findFirst().orElseThrow();
        assertThat(notice.json().path("data").path("channel").asText()).isEqualTo("MOBILE");
        assertThat(notice.json().path("data").path("sku").asText()).isEqualTo("VERDE-250");
        assertSigned(notice, registered.body().path("secret").asText());
        assertThat(mobile.delete("/v1/webhooks/" + registered.body().path("id").asText(), Http.freshKey()).status()).isEqualTo(204);
    }

    @Test
    void shouldDeliverAlertsRaisedAndClearedToTheBackOffice() throws Exception {
        // given the back office's webhook for alerts
        Receiver receiver = receiver(0);
        Http.Response registered = http.post("/v1/webhooks", Map.of("url", receiver.url(), "events", List.of("alert.raised", "alert.cleared")), Http.freshKey());
        assertThat(registered.status()).isEqualTo(201);

        // when an alert is raised and cleared on the topic alerts
        String alertId = "alert-" + UUID.randomUUID();
        Instant raisedAt = Instant.now().minusSeconds(60);
        Topics topics = new Topics(new SchemaRegistryClient(service.registryUrl()), service.config().partitions());
        try (KafkaWriter writer = new KafkaWriter(service.bootstrapServers())) {
            Alert raised = Alert.newBuilder().setId(alertId).setKind(AlertKind.SALES_SPIKE).setSku("GHOST-150").setRaisedAt(raisedAt)
                    .setDetail("10x the baseline").build();
            writer.send(topics.alerts, alertId, raised).get();
            writer.send(topics.alerts, alertId, Alert.newBuilder(raised).setClearedAt(Instant.now()).build()).get();
        }

        // then both arrive, raised first, signed
        await().pollInterval(POLL).atMost(PATIENCE).until(() -> receiver.got.stream().filter(d -> d.body().contains(alertId)).count() == 2);
        List<Delivery> alerts = receiver.got.stream().filter(d -> d.body().contains(alertId)).toList();
        assertThat(alerts).extracting(d -> d.json().path("type").asText()).containsExactly("alert.raised", "alert.cleared");
        assertThat(alerts.get(0).json().path("data").path("kind").asText()).isEqualTo("SALES_SPIKE");
        alerts.forEach(d -> assertSigned(d, registered.body().path("secret").asText()));
        assertThat(http.delete("/v1/webhooks/" + registered.body().path("id").asText(), Http.freshKey()).status()).isEqualTo(204);
    }

    @Test
    void shouldRefuseBadUrlsAndAlertsForAChannelAndReplayARetriedRegistration() {
        Http web = http.asClient("web-shop");
        assertThat(web.post("/v1/webhooks", Map.of("url", "http://hooks.example.com/x", "events", List.of("order.status")), Http.freshKey()).status()).isEqualTo(422);
        assertThat(web.post("/v1/webhooks", Map.of("url", "https://169.254.169.254/x", "events", List.of("order.status")), Http.freshKey()).status()).isEqualTo(422);
        assertThat(web.post("/v1/webhooks", Map.of("url", "https://hooks.example.com/x", "events", List.of("alert.raised")), Http.freshKey()).status()).isEqualTo(422);
        assertThat(web.post("/v1/webhooks", Map.of("url", "https://hooks.example.com/x", "events", List.of("order.shipped")), Http.freshKey()).status()).isEqualTo(422);

        // a retry under the same key gets the same webhook, another body under it a 422
        Map<String, String> key = Http.freshKey();
        Http.Response first = web.post("/v1/webhooks", Map.of("url", "https://hooks.example.com/x", "events", List.of("order.status")), key);
        Http.Response again = web.post("/v1/webhooks", Map.of("url", "https://hooks.example.com/x", "events", List.of("order.status")), key);
        assertThat(first.status()).isEqualTo(201);
        assertThat(again.status()).isEqualTo(201);
        assertThat(again.header("Idempotent-Replayed")).isEqualTo("true");
        assertThat(again.body().path("id").asText()).isEqualTo(first.body().path("id").asText());
        assertThat(first.body().path("secret").asText()).startsWith("whsec_");
        assertThat(again.body().path("secret").isNull()).as("the secret is shown once").isTrue();
        assertThat(web.post("/v1/webhooks", Map.of("url", "https://hooks.example.com/y", "events", List.of("order.status")), key).status()).isEqualTo(422);
        assertThat(web.delete("/v1/webhooks/" + first.body().path("id").asText(), Http.freshKey()).status()).isEqualTo(204);
    }

    private static void assertSigned(Delivery d, String secret) {
        assertThat(d.signature()).isEqualTo(WebhookSignature.sign(secret, d.id(), Long.parseLong(d.timestamp()), d.body()));
        assertThat(Long.parseLong(d.timestamp())).isBetween(Instant.now().getEpochSecond() - 300, Instant.now().getEpochSecond() + 5);
    }

    private static String place(Http client, String channel) {
        Http.Response placed = client.post("/v1/orders", Map.of("customerId", "c-" + UUID.randomUUID(), "channel", channel,
                        "lines", List.of(Map.of("sku", "GHOST-150", "quantity", 1)), "paymentToken", "tok_visa_123"),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));
        assertThat(placed.status()).as("placing %s", placed.body()).isEqualTo(200);
        assertThat(placed.body().path("status").asText()).isEqualTo("RESERVED");
        return placed.body().path("orderId").asText();
    }

    private static List<Delivery> ofOrder(Receiver r, String orderId) {
        return r.of("order.status").stream().filter(d -> d.json().path("data").path("orderId").asText().equals(orderId)).toList();
    }

    private static List<String> statusesOf(Receiver r, String orderId) {
        return ofOrder(r, orderId).stream().map(d -> d.json().path("data").path("status").asText()).toList();
    }

    private static Delivery last(Receiver r, String orderId) {
        List<Delivery> of = ofOrder(r, orderId);
        return of.get(of.size() - 1);
    }

    private static List<String> ids(JsonNode items) {
        return StreamSupport.stream(items.spliterator(), false).map(w -> w.path("id").asText()).toList();
    }

    private static List<JsonNode> all(Http client, String webhookId) {
        Http.Response r = client.get("/v1/webhooks/" + webhookId + "/deliveries?limit=100");
        assertThat(r.status()).isEqualTo(200);
        return StreamSupport.stream(r.body().path("items").spliterator(), false).toList();
    }

    private static List<JsonNode> attempts(Http client, String webhookId, String outcome) {
        return all(client, webhookId).stream().filter(a -> a.path("outcome").asText().equals(outcome)).toList();
    }
}
