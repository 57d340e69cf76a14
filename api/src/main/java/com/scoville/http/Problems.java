package com.scoville.http;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.scoville.CardNumbers;
import com.scoville.Violation;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.HttpResponseException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.List;

/** Maps every error to an RFC 9457 {@code application/problem+json} answer, in one place. */
public final class Problems {
    private static final Logger log = LoggerFactory.getLogger(Problems.class);
    public static final String CONTENT_TYPE = "application/problem+json";
    private static final String TYPE_BASE = "https://scoville.dev/problems/";
    /** A write Kafka did not acknowledge in time may still have been taken: the retry is what makes it safe. */
    static final String KAFKA_UNAVAILABLE = "Kafka did not acknowledge the write in time, so it may or may not have been "
            + "taken. Retrying the same request with the same Idempotency-Key is safe: it is taken once.";

    /** The body of a problem answer. */
    @JsonInclude(JsonInclude.Include.NON_EMPTY)
    public record Problem(String type, String title, int status, String detail, String instance,
                          List<Violation> errors, @JsonUnwrapped Object extension) { }

    private Problems() { }

    public static void register(RoutesConfig routes) {
        routes.exception(ApiException.class, Problems::answer);
        // Errors of asynchronous answers arrive wrapped.
        routes.exception(java.util.concurrent.CompletionException.class, (e, ctx) -> {
            if (e.getCause() instanceof ApiException api) {
                answer(api, ctx);
            } else {
                unexpected(e.getCause() == null ? e : e.getCause(), ctx);
            }
        });
        routes.exception(HttpResponseException.class, (e, ctx) ->
                write(ctx, e.getStatus(), slug(e.getStatus()), titleOf(e.getStatus()), e.getMessage(), List.of(), null));
        routes.exception(Exception.class, (e, ctx) -> unexpected(e, ctx));
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                write(ctx, 404, "not-found", "Not found", "No route for " + ctx.method() + " " + quotablePath(ctx), List.of(), null);
            }
        });
        routes.error(405, ctx -> write(ctx, 405, "method-not-allowed", "Method not allowed", ctx.method() + " is not allowed on " + quotablePath(ctx), List.of(), null));
    }

    private static void unexpected(Throwable e, Context ctx) {
        if (e instanceof ApiException api) {
            answer(api, ctx);
            return;
        }
        if (e instanceof IllegalArgumentException && thrownBy(e, java.net.URLDecoder.class)) {
            // Javalin decodes path parameters before any handler runs: "%u0041" or a lone "%" is the client's mistake
            answer(ApiException.badRequest("The URL is not validly percent-encoded: " + e.getMessage()), ctx);
            return;
        }
        if (e instanceof org.apache.kafka.streams.errors.InvalidStateStoreException) {
            // a store migrating or restoring, or Kafka Streams not running (yet, or any more): never a maybe-wrong answer
            log.warn("No store can answer {} {} now: {}", ctx.method(), quotablePath(ctx), e.toString());
            answer(ApiException.unavailable("Kafka Streams cannot answer now; try again.", java.time.Duration.ofSeconds(1)), ctx);
            return;
        }
        if (e instanceof org.apache.kafka.common.errors.RetriableException || e instanceof org.apache.kafka.common.errors.TimeoutException) {
            log.warn("Kafka could not take {} {} now: {}", ctx.method(), quotablePath(ctx), e.toString());
            answer(ApiException.unavailable(KAFKA_UNAVAILABLE, java.time.Duration.ofSeconds(2)), ctx);
            return;
        }
        log.error("Unexpected error on {} {}", ctx.method(), quotablePath(ctx), e);
        write(ctx, 500, "internal", "Internal server error", "Something went wrong on our side; the request may be retried.", List.of(), null);
    }

    private static void answer(ApiException e, Context ctx) {
        e.headers().forEach(ctx::header);
        if (e.retryAfter() != null) {
            ctx.header("Retry-After", String.valueOf(Math.max(1, e.retryAfter().toSeconds())));
        }
        write(ctx, e.kind().status, e.kind().slug, e.kind().title, e.getMessage(), e.errors(), e.extension());
    }

    private static boolean thrownBy(Throwable e, Class<?> type) {
        StackTraceElement[] stack = e.getStackTrace();
        return stack.length > 0 && stack[0].getClassName().equals(type.getName());
    }

    private static void write(Context ctx, int status, String slug, String title, String detail, List<Violation> errors, Object extension) {
        ctx.status(status);
        // the last guard of "a refused card number is never echoed": no detail or error quotes one, whoever wrote it
        if (CardNumbers.containsCardNumber(detail)) {
            detail = title + " (the detail is not quoted: it held what looks like a card number)";
        }
        errors = errors.stream().map(v -> CardNumbers.containsCardNumber(v.field()) || CardNumbers.containsCardNumber(v.message())
                ? new Violation(CardNumbers.containsCardNumber(v.field()) ? "body" : v.field(), "is not quoted: it held what looks like a card number")
                : v).toList();
        String path = ctx.path();
        // a card number in the URL (GET /v1/orders/4111…) is refused like one in a body, and not quoted back
        ctx.json(new Problem(TYPE_BASE + slug, title, status, detail, CardNumbers.containsCardNumber(path) ? null : path,
                errors, extension));
        ctx.contentType(CONTENT_TYPE);
    }

    /** The path for a detail, unless it holds a card number. */
    private static String quotablePath(Context ctx) {
        String path = ctx.path();
        return CardNumbers.containsCardNumber(path) ? "this path" : path;
    }

    /** The problem for a bare status, e.g. one Jetty answers before any route runs. */
    static Problem of(int status, String detail, String instance) {
        return new Problem(TYPE_BASE + slug(status), titleOf(status), status, detail,
                CardNumbers.containsCardNumber(instance) ? null : instance, List.of(), null);
    }

    private static String slug(int status) {
        return switch (status) {
            case 400 -> "bad-request";
            case 401 -> "unauthorized";
            case 403 -> "forbidden";
            case 429 -> "too-many-requests";
            case 404 -> "not-found";
            case 409 -> "conflict";
            case 413 -> "content-too-large";
            case 414 -> "uri-too-long";
            case 415 -> "unsupported-media-type";
            case 422 -> "unprocessable";
            case 431 -> "headers-too-large";
            case 503 -> "unavailable";
            default -> "http-" + status;
        };
    }

    private static String titleOf(int status) {
        for (ApiException.Kind k : ApiException.Kind.values()) {
            if (k.status == status) {
                return k.title;
            }
        }
        io.javalin.http.HttpStatus known = io.javalin.http.HttpStatus.forStatus(status);
        return known.getCode() == status ? known.getMessage() : "HTTP " + status;
    }
}
