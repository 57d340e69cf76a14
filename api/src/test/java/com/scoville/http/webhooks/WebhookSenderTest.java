package com.scoville.http.webhooks;

import com.scoville.avro.Webhook;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookSenderTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";
    private static final Instant NOW = Instant.parse("2026-12-02T08:00:00Z");

    private HttpServer server;
    private final Map<String, String> seen = new ConcurrentHashMap<>();
    private final WebhookSender sender = new WebhookSender(Duration.ofSeconds(2), true, Clock.fixed(NOW, ZoneOffset.UTC));

    @BeforeEach
    void startEndpoints() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/ok", exchange -> {
            var h = exchange.getRequestHeaders();
            seen.put("id", h.getFirst("webhook-id"));
            seen.put("timestamp", h.getFirst("webhook-timestamp"));
            seen.put("signature", h.getFirst("webhook-signature"));
            seen.put("body", new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8));
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        server.createContext("/fails", exchange -> {
            exchange.sendResponseHeaders(500, -1);
            exchange.close();
        });
        server.createContext("/redirects", exchange -> {
            exchange.getResponseHeaders().add("Location", "http://127.0.0.1:" + server.getAddress().getPort() + "/ok");
            exchange.sendResponseHeaders(302, -1);
            exchange.close();
        });
        server.createContext("/endless", exchange -> {
            exchange.sendResponseHeaders(200, 0);
            byte[] chunk = new byte[8192];
            try (OutputStream out = exchange.getResponseBody()) {
                for (int i = 0; i < 1_000_000; i++) {
                    out.write(chunk); // ends when the client hangs up
                }
            } catch (IOException gone) {
                // the client closed the connection: what it should do
            }
        });
        server.start();
    }

    @AfterEach
    void stopEndpoints() {
        server.stop(0);
    }

    private Webhook webhook(String path) {
        return Webhook.newBuilder().setId("wh_1").setUrl("http://127.0.0.1:" + server.getAddress().getPort() + path)
                .setEvents(List.of("order.status")).setSecret(SECRET).setCreatedAt(NOW).build();
    }

    @Test
    void shouldPostTheBodySignedWithTheStandardWebhooksHeaders() {
        WebhookSender.Result result = sender.attempt(webhook("/ok"), "msg_1", "{\"type\":\"order.status\"}");

        assertThat(result.delivered()).isTrue();
        assertThat(seen).containsEntry("id", "msg_1").containsEntry("timestamp", Long.toString(NOW.getEpochSecond()))
                .containsEntry("body", "{\"type\":\"order.status\"}")
                .containsEntry("signature", WebhookSignature.sign(SECRET, "msg_1", NOW.getEpochSecond(), "{\"type\":\"order.status\"}"));
    }

    @Test
    void shouldCountAServerErrorAndARedirectAsFailures() {
        assertThat(sender.attempt(webhook("/fails"), "msg_2", "{}")).isEqualTo(new WebhookSender.Result(false, 500, "answered 500"));
        assertThat(sender.attempt(webhook("/redirects"), "msg_3", "{}")).isEqualTo(new WebhookSender.Result(false, 302, "answered 302"));
        assertThat(seen).doesNotContainKey("id"); // the redirect was not followed
    }

    @Test
    void shouldNotReadAnEndlessAnswer() {
        long start = System.nanoTime();

        WebhookSender.Result result = sender.attempt(webhook("/endless"), "msg_4", "{}");

        assertThat(result.delivered()).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isLessThan(Duration.ofSeconds(2));
    }

    @Test
    void shouldRefuseALoopbackAddressWhenLoopbackIsNotAllowed() {
        WebhookSender strict = new WebhookSender(Duration.ofSeconds(2), false, Clock.systemUTC());

        WebhookSender.Result result = strict.attempt(webhook("/ok"), "msg_5", "{}");

        assertThat(result.delivered()).isFalse();
        assertThat(result.error()).contains("loopback");
        assertThat(seen).isEmpty();
    }
}
