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
import java.util.function.Supplier;
import com.scoville.service.ScovilleService;

/** A small JSON HTTP client for tests: every call returns status, headers and the parsed body. */
public final class Http {
    private static final ObjectMapper JSON = Json.mapper();
    /** The demo secret of the development issuer (DEV_CLIENT_SECRET's default, which the test stacks keep). */
    public static final String DEV_SECRET = "scoville-dev";
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final HttpClient client = CLIENT;
    private final String base;
    /** The issuer's base URL, whose /token gives this client's token. */
    private final String issuer;
    /** How this client gets its token: client credentials of a demo client, a customer's password grant, or none. */
    private final Supplier<String> tokenSource;
    private volatile String token;

    /** A client of the service at {@code base} with a back-office (admin) token from its development issuer. */
    public Http(String base) {
        this(base, base + "/oauth2", null);
    }

    private Http(String base, String issuer, Supplier<String> tokenSource) {
        this.base = base;
        this.issuer = issuer;
        this.tokenSource = tokenSource != null ? tokenSource : () -> clientToken(issuer, "backoffice");
    }

    /** A back-office client of {@code service}, with a token from the issuer it trusts (its own, or the first instance's). */
    public static Http of(ScovilleService service) {
        return new Http(service.httpUrl(), service.issuer(), null);
    }

    /** The same service, as the demo client {@code clientId} (web-shop, mobile-app, market-pos, wholesale-partner, backoffice, analytics). */
    public Http asClient(String clientId) {
        return new Http(base, issuer, () -> clientToken(issuer, clientId));
    }

    /** The same service, as the demo customer {@code customerId} (the storefront's password grant). */
    public Http asCustomer(String customerId) {
        return new Http(base, issuer, () -> tokenFrom(issuer, Map.of("grant_type", "password", "client_id", "storefront",
                "client_secret", DEV_SECRET, "username", customerId, "password", DEV_SECRET)));
    }

    /** The same service with this exact token (null: none at all). */
    public Http withToken(String fixed) {
        return new Http(base, issuer, () -> fixed);
    }

    /** The same service, without any token. */
    public Http anonymous() {
        return withToken(null);
    }

    /** The token this client sends (fetched on first use). */
    public String token() {
        String t = token;
        if (t == null) {
            t = tokenSource.get();
            token = t;
        }
        return t;
    }

    /** A demo client's token from the development issuer at {@code issuer}. */
    public static String clientToken(String issuer, String clientId) {
        return tokenFrom(issuer, Map.of("grant_type", "client_credentials", "client_id", clientId, "client_secret", DEV_SECRET));
    }

    private static String tokenFrom(String issuer, Map<String, String> form) {
        String body = form.entrySet().stream().map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), java.nio.charset.StandardCharsets.UTF_8))
                .collect(java.util.stream.Collectors.joining("&"));
        try {
            HttpResponse<String> r = CLIENT.send(HttpRequest.newBuilder(URI.create(issuer + "/token")).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                    HttpResponse.BodyHandlers.ofString());
            if (r.statusCode() != 200) {
                throw new IllegalStateException("The issuer " + issuer + " gave no token (" + r.statusCode() + "): " + r.body());
            }
            return JSON.readTree(r.body()).path("access_token").asText();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
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
        String t = headers.containsKey("Authorization") ? null : token();
        if (t != null) {
            b.header("Authorization", "Bearer " + t);
        }
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
