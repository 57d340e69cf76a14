package com.scoville.http;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.Bounds;
import com.scoville.CardNumbers;
import com.scoville.Violation;
import io.javalin.http.Context;

import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** What every handler reads from a request the same way: bodies, the Prefer header, the caller, idempotency keys. */
public final class HttpRequests {
    public static final Duration MAX_WAIT = Duration.ofSeconds(10);
    private static final Pattern PREFER_WAIT = Pattern.compile("(?:^|[;,\\s])wait\\s*=\\s*(\\d+)");
    private static final int MAX_KEY_LENGTH = 255;
    /** Our cursors are far shorter; a longer one is not ours. */
    public static final int MAX_CURSOR_LENGTH = 512;

    private HttpRequests() { }

    /**
     * The body as {@code type}; 400 when it is not JSON of that shape. Card numbers in any of its values or field
     * names are refused (422 naming the fields) before anything else reads it.
     */
    public static <T> T body(Context ctx, ObjectMapper json, Class<T> type) {
        return convert(json, tree(ctx, json), type);
    }

    /** A body and its fingerprint (key order and white space ignored), from one parse of the request. */
    public record Fingerprinted<T>(T value, String fingerprint) { }

    public static <T> Fingerprinted<T> fingerprintedBody(Context ctx, ObjectMapper json, Class<T> type) {
        JsonNode tree = tree(ctx, json);
        T value = convert(json, tree, type);
        try {
            // through a Map, so that the mapper's sorted map keys make the text canonical
            return new Fingerprinted<>(value, Digests.sha256Hex(json.writeValueAsString(json.treeToValue(tree, Object.class))));
        } catch (JsonProcessingException e) {
            throw ApiException.badRequest("The body is not valid JSON");
        }
    }

    /**
     * The body as text, in the charset its Content-Type names (UTF-8 when it names none); 415 for a charset this
     * JVM does not know, where {@code ctx.body()} would throw.
     */
    public static String bodyText(Context ctx) {
        String name = ctx.characterEncoding();
        Charset charset;
        try {
            charset = name == null ? StandardCharsets.UTF_8 : Charset.forName(name.trim());
        } catch (IllegalArgumentException e) {
            throw ApiException.unsupportedMediaType("The body's charset '" + name + "' is unknown: send UTF-8");
        }
        return new String(ctx.bodyAsBytes(), charset);
    }

    private static JsonNode tree(Context ctx, ObjectMapper json) {
        String raw = bodyText(ctx);
        if (raw.isBlank()) {
            throw ApiException.badRequest("A JSON body is required");
        }
        JsonNode tree = parse(raw, json);
        if (tree == null || !tree.isObject()) {
            throw ApiException.badRequest("The body must be a JSON object");
        }
        return tree;
    }

    /**
     * {@code raw} parsed, every value and field name of it checked for card numbers (422 naming the fields);
     * 400 when it is not JSON, or 422 naming "body" when it is not JSON and holds a card number (the parser's
     * message could quote it).
     */
    public static JsonNode parse(String raw, ObjectMapper json) {
        JsonNode tree;
        try {
            tree = json.readTree(raw);
        } catch (JsonProcessingException e) {
            if (CardNumbers.containsCardNumber(raw)) {
                throw CardData.refused("body");
            }
            throw ApiException.badRequest("The body is not valid JSON: " + e.getOriginalMessage());
        }
        CardData.refuseIn(tree, "");
        return tree;
    }

    private static <T> T convert(ObjectMapper json, JsonNode tree, Class<T> type) {
        try {
            return json.treeToValue(tree, type);
        } catch (JsonProcessingException | IllegalArgumentException e) {
            throw ApiException.badRequest("The body is not valid JSON for this request: " + e.getMessage());
        }
    }

    /** How long the client is willing to wait ({@code Prefer: wait=N}, at most 10 s); zero without the header. */
    public static Duration preferWait(Context ctx) {
        String prefer = ctx.header("Prefer");
        if (prefer == null) {
            return Duration.ZERO;
        }
        Matcher m = PREFER_WAIT.matcher(prefer);
        if (!m.find()) {
            return Duration.ZERO;
        }
        String digits = m.group(1).replaceFirst("^0+(?=\\d)", ""); // wait=0001 is one second
        long seconds = digits.length() > 4 ? MAX_WAIT.toSeconds() : Long.parseLong(digits);
        Duration wait = Duration.ofSeconds(seconds);
        return wait.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : wait;
    }

    public static String requireIdempotencyKey(Context ctx) {
        String key = ctx.header("Idempotency-Key");
        if (key == null || key.isBlank()) {
            throw ApiException.badRequest("The header Idempotency-Key is required for this write",
                    List.of(new Violation("Idempotency-Key", "is required")));
        }
        if (key.length() > MAX_KEY_LENGTH) {
            throw ApiException.badRequest("Idempotency-Key is too long",
                    List.of(new Violation("Idempotency-Key", "at most " + MAX_KEY_LENGTH + " characters")));
        }
        return key;
    }

    /** Who is calling: idempotency keys are scoped to it. The principal of its token (see {@code Principal.caller}). */
    public static String caller(Context ctx) {
        return com.scoville.http.security.Principal.callerOf(ctx);
    }

    /** An integer query parameter within [min, max]; {@code fallback} when absent; 400 otherwise. */
    public static Integer intParam(Context ctx, String name, Integer fallback, int min, int max) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return fallback;
        }
        try {
            int value = Integer.parseInt(raw.trim());
            if (value >= min && value <= max) {
                return value;
            }
        } catch (NumberFormatException e) {
            // reported below
        }
        throw ApiException.badRequest("Query parameter " + name + " must be an integer from " + min + " to " + max,
                List.of(new Violation(name, "must be an integer from " + min + " to " + max)));
    }

    /** The instants a query parameter may name: years 0 to 9999 (Instant's own range overflows epoch milliseconds). */
    private static final java.time.Instant EARLIEST = java.time.Instant.parse("0000-01-01T00:00:00Z");
    private static final java.time.Instant AFTER_LATEST = java.time.Instant.parse("+10000-01-01T00:00:00Z");

    /** An ISO-8601 instant query parameter of a year from 0 to 9999, or null when absent; 400 otherwise. */
    public static java.time.Instant instantParam(Context ctx, String name) {
        String raw = ctx.queryParam(name);
        if (raw == null || raw.isBlank()) {
            return null;
        }
        java.time.Instant instant;
        try {
            instant = java.time.Instant.parse(raw.trim());
        } catch (java.time.format.DateTimeParseException e) {
            throw ApiException.badRequest("Query parameter " + name + " must be an ISO-8601 UTC time",
                    List.of(new Violation(name, "must look like 2026-11-25T12:00:00Z")));
        }
        if (instant.isBefore(EARLIEST) || !instant.isBefore(AFTER_LATEST)) {
            throw ApiException.badRequest("Query parameter " + name + " must be a time in the years 0 to 9999",
                    List.of(new Violation(name, "must be a time in the years 0 to 9999")));
        }
        return instant;
    }

    /**
     * A SKU from the URL. One that no product can have answers 404 at once: no store or other instance is
     * asked about it, and the answer does not quote it.
     */
    public static String skuParam(Context ctx) {
        String sku = ctx.pathParam("sku");
        if (!Bounds.SKU.matcher(sku).matches() || CardNumbers.containsCardNumber(sku)) {
            throw ApiException.notFound("No product has such a SKU", List.of(new Violation("sku",
                    "must be 1 to " + Bounds.MAX_SKU_LENGTH + " letters, digits, '.', '_' or '-'")));
        }
        return sku;
    }

    /** An order or reservation id from the URL; like {@link #skuParam}, 404 at once for one no resource can have. */
    public static String idParam(Context ctx, String name) {
        String id = ctx.pathParam(name);
        if (id.isBlank() || id.length() > Bounds.MAX_ID_LENGTH || CardNumbers.containsCardNumber(id)) {
            throw ApiException.notFound("Nothing has such an id", List.of(new Violation(name,
                    "must be 1 to " + Bounds.MAX_ID_LENGTH + " characters")));
        }
        return id;
    }

    /** A text query parameter of at most {@code max} characters, or null when absent; 400 otherwise. */
    public static String textParam(Context ctx, String name, int max) {
        String raw = ctx.queryParam(name);
        if (raw != null && raw.length() > max) {
            throw ApiException.badRequest("Query parameter " + name + " is too long",
                    List.of(new Violation(name, "at most " + max + " characters")));
        }
        return raw;
    }

    public static boolean forwarded(Context ctx) {
        return ctx.header(com.scoville.http.kafka.RemoteInstances.FORWARDED_HEADER) != null;
    }
}
