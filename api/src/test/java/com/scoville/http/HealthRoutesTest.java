package com.scoville.http;

import com.fasterxml.jackson.databind.JsonNode;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness fails only when a part has failed for good, so the orchestrator restarts the instance. */
class HealthRoutesTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final AtomicBoolean streamsAlive = new AtomicBoolean(true);
    private final AtomicBoolean feedAlive = new AtomicBoolean(true);
    private final AtomicBoolean ready = new AtomicBoolean(true);
    private final Javalin app = HttpApi.create("127.0.0.1", 0, Json.mapper(),
            List.of(new HealthRoutes(streamsAlive::get, feedAlive::get, ready::get)::register)).start();

    @AfterEach
    void stop() {
        app.stop();
    }

    @Test
    void shouldBeLiveAndReadyWhenEveryPartWorks() {
        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(body("/health/live").path("status").asText()).isEqualTo("UP");
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    @Test
    void shouldStayLiveButNotReadyWhileKafkaStreamsRebalances() {
        ready.set(false);

        assertThat(get("/health/live").statusCode()).isEqualTo(200);
        assertThat(get("/health/ready").statusCode()).isEqualTo(503);
    }

    @Test
    void shouldReportDownWhenKafkaStreamsFailedForGood() {
        streamsAlive.set(false);
        ready.set(false);

        assertThat(get("/health/live").statusCode()).isEqualTo(503);
        JsonNode live = body("/health/live");
        assertThat(live.path("status").asText()).isEqualTo("DOWN");
        assertThat(live.path("checks").path("kafkaStreams").asText()).isEqualTo("DOWN");
        assertThat(live.path("checks").path("statusFeed").asText()).isEqualTo("UP");
    }

    @Test
    void shouldReportDownWhenTheStatusFeedDied() {
        feedAlive.set(false);

        assertThat(get("/health/live").statusCode()).isEqualTo(503);
        assertThat(body("/health/live").path("checks").path("statusFeed").asText()).isEqualTo("DOWN");
        assertThat(get("/health/ready").statusCode()).isEqualTo(200);
    }

    private JsonNode body(String path) {
        try {
            return Json.mapper().readTree(get(path).body());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpResponse<String> get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path))
                    .timeout(Duration.ofSeconds(10)).GET().build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
