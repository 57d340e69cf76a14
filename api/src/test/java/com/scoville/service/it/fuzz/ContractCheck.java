package com.scoville.service.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.service.it.fuzz.FuzzClient.Answer;

import java.io.IOException;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * What the contract promises of every answer, whatever was asked: no server error, every error an RFC 9457
 * problem ({@code application/problem+json} with {@code type}, {@code title} and {@code status}), every JSON
 * answer JSON, and no answer showing negative money, stock that breaks {@code 0 <= reserved <= onHand}, or a
 * cursor past an empty page (a client following it would start over, forever).
 */
public final class ContractCheck {
    private static final ObjectMapper JSON = new ObjectMapper();

    private ContractCheck() { }

    /** A broken promise, named by a short kind (for counting distinct failures) and a description; empty when kept. */
    public record Violation(String kind, String description) { }

    public static Optional<Violation> check(FuzzRequest request, Answer answer) {
        if (answer.error() != null) {
            return violation(request, "no answer (" + answer.error().replaceAll(":.*", "") + ")", answer.error() + " after " + answer.millis() + " ms");
        }
        int status = answer.status();
        if (status >= 500 && !holdStillBeingPlaced(request, answer)) {
            return violation(request, "status " + status, snippet(answer));
        }
        String type = answer.header("Content-Type");
        if (status >= 400) { // the allowed 503 too
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                return violation(request, status + " as " + type, snippet(answer));
            }
            JsonNode problem = parse(answer);
            if (problem == null || !problem.isObject() || !problem.path("type").isTextual() || !problem.path("title").isTextual()
                    || problem.path("status").asInt() != status) {
                return violation(request, status + " problem without type, title or status", snippet(answer));
            }
        } else if (status >= 200 && type != null && type.contains("json") && answer.body().length > 0) {
            JsonNode body = parse(answer);
            if (body == null) {
                return violation(request, status + " with JSON that does not parse", snippet(answer));
            }
            // GraphQL windows may sum to less than zero: a refund counts in the window it happened in
            Optional<String> broken = request.operation().contains("/analytics/") ? Optional.empty() : brokenInvariant(body);
            if (broken.isPresent()) {
                return violation(request, status + " breaking " + broken.get(), snippet(answer));
            }
        }
        return Optional.empty();
    }

    /**
     * A window's revenue is its payments less its refunds: a minute that holds only the refund of an order paid the
     * minute before is negative, rightly. Every other amount (prices, totals, lines) is never negative.
     */
    private static final java.util.Set<String> NET_OF_REFUNDS = java.util.Set.of("revenueCents", "averageOrderCents");

    /** Money is never negative (but for windows net of refunds), for every SKU {@code 0 <= reserved <= onHand}, and an empty page is the last one. */
    private static Optional<String> brokenInvariant(JsonNode node) {
        if (node.isObject()) {
            if (node.path("items").isArray() && node.path("items").isEmpty() && node.path("nextCursor").isTextual()) {
                return Optional.of("no next page after an empty one");
            }
            if (node.has("onHand") && node.has("reserved")) {
                long onHand = node.path("onHand").asLong();
                long reserved = node.path("reserved").asLong();
                if (reserved < 0 || reserved > onHand) {
                    return Optional.of("0 <= reserved <= onHand");
                }
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = node.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> field = it.next();
                if (field.getKey().endsWith("Cents") && !NET_OF_REFUNDS.contains(field.getKey())
                        && field.getValue().isNumber() && field.getValue().asLong() < 0) {
                    return Optional.of(field.getKey() + " >= 0");
                }
                Optional<String> inside = brokenInvariant(field.getValue());
                if (inside.isPresent()) {
                    return inside;
                }
            }
        } else if (node.isArray()) {
            for (JsonNode item : node) {
                Optional<String> inside = brokenInvariant(item);
                if (inside.isPresent()) {
                    return inside;
                }
            }
        }
        return Optional.empty();
    }

    /**
     * The one 5xx allowed, and only with Retry-After: a hold the topology has not decided within its 10 s wait is
     * answered 503 (POST /v1/inventory/reserve documents it). That is a matter of load (two cores for a broker,
     * Kafka Streams, the service and the fuzzer), not of what was asked; a stopped topology still fails the run,
     * through every other route and the canary.
     */
    private static boolean holdStillBeingPlaced(FuzzRequest request, Answer answer) {
        return answer.status() == 503 && answer.header("Retry-After") != null
                && request.method().equals("POST") && request.operation().equals("POST /v1/inventory/reserve");
    }

    private static Optional<Violation> violation(FuzzRequest request, String kind, String detail) {
        return Optional.of(new Violation(request.operation() + " -> " + kind, kind + ": " + detail + "\n  for " + request));
    }

    private static JsonNode parse(Answer answer) {
        try {
            return JSON.readTree(answer.body());
        } catch (IOException e) {
            return null;
        }
    }

    private static String snippet(Answer answer) {
        return "Content-Type " + answer.header("Content-Type") + ", body " + FuzzRequest.cut(answer.bodyText(), 300);
    }
}
