package com.scoville.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;

/** JSON over HTTP/1.1 to the service, asynchronous, with a bounded time per request. */
final class Api implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    static final ObjectMapper JSON = new ObjectMapper();

    /** A response: its status and parsed JSON body (null when empty or not JSON). */
    record Answer(int status, JsonNode body, String raw) {
        boolean ok() {
            return status / 100 == 2;
        }

        String text(String field) {
            return body == null || !body.hasNonNull(field) ? null : body.get(field).asText();
        }
    }

    private final String base;
    private final HttpClient client;

    /** Responses complete on CompletableFuture's default pool, sized in {@link BenchMain#main}. */
    Api(String base) {
        this.base = base;
        this.client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5)).build();
    }

    CompletableFuture<Answer> send(String method, String path, Object body, Map<String, String> headers) {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(REQUEST_TIMEOUT)
                .header("Content-Type", "application/json").header("Accept", "application/json");
        headers.forEach(b::header);
        b.method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(json(body)));
        return client.sendAsync(b.build(), HttpResponse.BodyHandlers.ofString())
                .thenApply(r -> new Answer(r.statusCode(), parse(r.body()), r.body()));
    }

    /** The same, waited for: for setup and audit calls, never for load. */
    Answer call(String method, String path, Object body) {
        try {
            return send(method, path, body, Map.of()).join();
        } catch (CompletionException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + errorKind(e), e.getCause());
        }
    }

    Answer get(String path) {
        return call("GET", path, null);
    }

    /** A short name for what went wrong with a request, to count errors by kind. */
    static String errorKind(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        if (e instanceof HttpTimeoutException) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return "connect refused";
        }
        if (e instanceof IOException) {
            return "I/O: " + (e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
        }
        return e.getClass().getSimpleName();
    }

    static String json(Object body) {
        try {
            return body instanceof String s ? s : JSON.writeValueAsString(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(e);
        }
    }

    private static JsonNode parse(String body) {
        if (body == null || body.isBlank()) {
            return null;
        }
        char first = body.trim().charAt(0);
        if (first != '{' && first != '[') {
            return null;
        }
        try {
            return JSON.readTree(body);
        } catch (JsonProcessingException e) {
            return null;
        }
    }

    @Override
    public void close() {
        // the JDK client (17) has no close; its threads are daemons
    }
}
