package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.Json;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Map;

/** A small JSON HTTP client for tests: every call returns status, headers and the parsed body. */
public final class Http {
    private static final ObjectMapper JSON = Json.mapper();
    private final HttpClient client = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public Http(String base) {
        this.base = base;
    }

    public record Response(int status, HttpResponse<String> raw, JsonNode body) {
        public String header(String name) {
            return raw.headers().firstValue(name).orElse(null);
        }
    }

    public Response get(String path, Map<String, String> headers) {
        return send(builder(path, headers).GET());
    }

    public Response get(String path) {
        return get(path, Map.of());
    }

    public Response post(String path, Object body, Map<String, String> headers) {
        return send(builder(path, headers).POST(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response put(String path, Object body, Map<String, String> headers) {
        return send(builder(path, headers).PUT(HttpRequest.BodyPublishers.ofString(json(body))));
    }

    public Response delete(String path) {
        return delete(path, Map.of());
    }

    public Response delete(String path, Map<String, String> headers) {
        return send(builder(path, headers).DELETE());
    }

    /** Headers with a fresh Idempotency-Key, which every write needs. */
    public static Map<String, String> freshKey() {
        return Map.of("Idempotency-Key", java.util.UUID.randomUUID().toString());
    }

    private HttpRequest.Builder builder(String path, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json");
        headers.forEach(b::header);
        return b;
    }

    private Response send(HttpRequest.Builder builder) {
        try {
            HttpResponse<String> r = client.send(builder.build(), HttpResponse.BodyHandlers.ofString());
            boolean json = r.headers().firstValue("Content-Type").map(t -> t.contains("json")).orElse(false);
            JsonNode body = !json || r.body() == null || r.body().isBlank() ? null : JSON.readTree(r.body());
            return new Response(r.statusCode(), r, body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
