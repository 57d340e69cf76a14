package com.scoville.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;

/** The HTTP exchange with a Confluent-compatible registry: fail-over across URLs, timeouts, and retries with backoff on 5xx and I/O errors only. */
final class RegistryHttp {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private final List<URI> baseUrls;
    private final HttpClient http;
    private final RegistryClientSettings settings;
    private final ObjectMapper json = new ObjectMapper();
    private final AtomicInteger current = new AtomicInteger();
    private final String authorization;

    RegistryHttp(String baseUrls, RegistryClientSettings settings) {
        this.baseUrls = parse(baseUrls);
        this.settings = settings;
        this.authorization = settings.userInfo() == null ? null
                : "Basic " + Base64.getEncoder().encodeToString(settings.userInfo().getBytes(StandardCharsets.UTF_8));
        this.http = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(settings.connectTimeout())
                .build();
    }

    /** A path segment made safe for a URL: subjects may hold any character. */
    static String encode(String segment) {
        return URLEncoder.encode(segment, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) {
        return send("GET", path, null);
    }

    JsonNode post(String path, Object body) {
        try {
            return send("POST", path, json.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalArgumentException("Cannot encode request body for " + path, e);
        }
    }

    private JsonNode send(String method, String path, String body) {
        SchemaRegistryException last = null;
        for (int attempt = 1; attempt <= settings.maxAttempts(); attempt++) {
            if (attempt > 1) {
                pause(settings.backoff().multipliedBy(1L << Math.min(attempt - 2, 6)), last);
            }
            int index = current.get();
            try {
                return once(method, URI.create(baseUrls.get(index) + path), body);
            } catch (SchemaRegistryException e) {
                if (!e.isRetryable()) {
                    throw e;
                }
                last = e;
                current.compareAndSet(index, (index + 1) % baseUrls.size());
            }
        }
        throw last;
    }

    private JsonNode once(String method, URI uri, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(settings.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json");
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        if (body == null) {
            request.GET();
        } else {
            request.header("Content-Type", CONTENT_TYPE).method(method, HttpRequest.BodyPublishers.ofString(body));
        }
        HttpResponse<String> response;
        try {
            response = http.send(request.build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE,
                    method + " " + uri + " failed: " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SchemaRegistryException(SchemaRegistryException.NO_RESPONSE, SchemaRegistryException.NO_RESPONSE,
                    method + " " + uri + " interrupted", e);
        }
        if (response.statusCode() / 100 != 2) {
            throw error(method, uri, response);
        }
        try {
            return json.readTree(response.body());
        } catch (IOException e) {
            throw new SchemaRegistryException(response.statusCode(), SchemaRegistryException.STORE_ERROR,
                    method + " " + uri + " answered something that is not JSON", e);
        }
    }

    private SchemaRegistryException error(String method, URI uri, HttpResponse<String> response) {
        int status = response.statusCode();
        int code = status;
        String message = response.body();
        try {
            JsonNode node = json.readTree(response.body());
            code = node.path("error_code").asInt(status);
            message = node.path("message").asText(message);
        } catch (IOException | RuntimeException notJson) {
            // keep the raw body as the message
        }
        return new SchemaRegistryException(status, code, method + " " + uri + ": " + message);
    }

    private static void pause(Duration delay, SchemaRegistryException last) {
        try {
            Thread.sleep(delay.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw last;
        }
    }

    private static List<URI> parse(String baseUrls) {
        if (baseUrls == null || baseUrls.isBlank()) {
            throw new IllegalArgumentException("A schema registry URL is required, e.g. http://127.0.0.1:8081");
        }
        return Arrays.stream(baseUrls.split(","))
                .map(String::trim)
                .filter(url -> !url.isEmpty())
                .map(url -> url.endsWith("/") ? url.substring(0, url.length() - 1) : url)
                .map(URI::create)
                .toList();
    }
}
