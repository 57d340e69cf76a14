package com.scoville.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.it.fuzz.FuzzClient.Answer;

import java.io.IOException;
import java.util.Locale;
import java.util.Optional;

/**
 * What the contract promises of every answer, whatever was asked: no server error, and every error an
 * RFC 9457 problem ({@code application/problem+json} with {@code type}, {@code title} and {@code status}).
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
        if (status >= 500) {
            return violation(request, "status " + status, snippet(answer));
        }
        String type = answer.header("Content-Type");
        if (status >= 400) {
            if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/problem+json")) {
                return violation(request, status + " as " + type, snippet(answer));
            }
            JsonNode problem = parse(answer);
            if (problem == null || !problem.isObject() || !problem.path("type").isTextual() || !problem.path("title").isTextual()
                    || problem.path("status").asInt() != status) {
                return violation(request, status + " problem without type, title or status", snippet(answer));
            }
        } else if (status >= 200 && type != null && type.contains("json") && answer.body().length > 0 && parse(answer) == null) {
            return violation(request, status + " with JSON that does not parse", snippet(answer));
        }
        return Optional.empty();
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
