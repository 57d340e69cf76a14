package com.scoville.bench;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import org.eclipse.jetty.client.CompletableResponseListener;
import org.eclipse.jetty.client.HttpClient;
import org.eclipse.jetty.client.Request;
import org.eclipse.jetty.client.StringRequestContent;

import java.io.EOFException;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * JSON over HTTP/1.1 to the service, asynchronous, with a bounded time per request. Jetty's client, not the JDK's:
 * on 2 cores shared with the service, the JDK client (a chain of futures and thread hand-offs per response) took
 * about a third of a core at 1 200 requests/s, CPU the service under test then lacked.
 */
final class Api implements AutoCloseable {
    static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);
    /** How often a write still in progress is asked about again (a second apart). */
    static final int IN_PROGRESS_ATTEMPTS = 30;
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

    /** Largest answer kept: an order listing or a scan of the catalog fits many times over. */
    private static final int MAX_ANSWER_BYTES = 16 * 1024 * 1024;

    private final String base;
    private final HttpClient client;
    /** The Authorization header of every request (null: none). */
    private final String authorization;

    Api(String base, String authorization) {
        this.base = base;
        this.authorization = authorization;
        this.client = new HttpClient();
        client.setConnectTimeout(5_000);
        // LoadLoop bounds the requests in flight; the pool must never be the tighter bound.
        client.setMaxConnectionsPerDestination(1024);
        // Plain answers, as the JDK client got them: gzip would add CPU on both sides of the measured path.
        client.getContentDecoderFactories().clear();
        try {
            client.start();
        } catch (Exception e) {
            throw new IllegalStateException("Cannot start the HTTP client", e);
        }
    }

    CompletableFuture<Answer> send(String method, String path, Object body, Map<String, String> headers) {
        Request request = client.newRequest(base + path).method(method).timeout(REQUEST_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)
                .headers(h -> {
                    h.put("Accept", "application/json");
                    if (authorization != null) {
                        h.put("Authorization", authorization);
                    }
                    headers.forEach(h::put);
                });
        if (body != null) {
            request.body(new StringRequestContent("application/json", json(body)));
        }
        return new CompletableResponseListener(request, MAX_ANSWER_BYTES).send().thenApply(r -> {
            String text = r.getContentAsString();
            return new Answer(r.getStatus(), parse(text), text);
        });
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

    /**
     * A write for setup or a scenario's side traffic, waited for: under a fresh Idempotency-Key, sent again with
     * the same key while the service says it is still in progress, so that it is applied exactly once.
     */
    Answer write(String method, String path, Object body) {
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        try {
            return sendUntilDecided(method, path, body, key, IN_PROGRESS_ATTEMPTS).join();
        } catch (CompletionException e) {
            throw new IllegalStateException(method + " " + path + " failed: " + errorKind(e), e.getCause());
        }
    }

    /** Sends a write, and again with the same headers (its key) while the answer is 409 in-progress, up to {@code attempts} times. */
    CompletableFuture<Answer> sendUntilDecided(String method, String path, Object body, Map<String, String> headers, int attempts) {
        return send(method, path, body, headers).thenCompose(answer -> attempts <= 1 || !Problem.inProgress(answer)
                ? CompletableFuture.completedFuture(answer)
                : CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(1, TimeUnit.SECONDS))
                        .thenCompose(x -> sendUntilDecided(method, path, body, headers, attempts - 1)));
    }

    /** A short name for what went wrong with a request, to count errors by kind. */
    static String errorKind(Throwable error) {
        Throwable e = error;
        while (e instanceof CompletionException && e.getCause() != null) {
            e = e.getCause();
        }
        // by type: Jetty's messages name the connection, which would make every failure a kind of its own
        if (e instanceof TimeoutException || e instanceof SocketTimeoutException) {
            return "timeout";
        }
        if (e instanceof ConnectException) {
            return "connect refused";
        }
        if (e instanceof EOFException) {
            return "connection closed";
        }
        if (e instanceof IOException) {
            return "I/O: " + e.getClass().getSimpleName();
        }
        if (e instanceof IllegalArgumentException && String.valueOf(e.getMessage()).contains("Buffering capacity")) {
            return "answer larger than " + MAX_ANSWER_BYTES + " bytes";
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
        try {
            client.stop();
        } catch (Exception e) {
            System.out.println("The HTTP client did not stop cleanly: " + e);
        }
    }
}
