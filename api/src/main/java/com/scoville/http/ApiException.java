package com.scoville.http;

import com.scoville.Violation;

import java.time.Duration;
import java.util.List;

/**
 * The root of every error the API answers on purpose. Its kind says what the client can do:
 * fix the request (4xx) or try again later ({@link Kind#UNAVAILABLE}, with Retry-After).
 * Mapped to RFC 9457 problem+json in one place, {@link Problems}.
 */
public class ApiException extends RuntimeException {

    public enum Kind {
        BAD_REQUEST(400, "Bad request", "bad-request"),
        /** No credential, or one that is not valid: answered with WWW-Authenticate (RFC 6750). */
        UNAUTHORIZED(401, "Unauthorized", "unauthorized"),
        /** A valid credential whose roles may not do this. */
        FORBIDDEN(403, "Forbidden", "forbidden"),
        NOT_FOUND(404, "Not found", "not-found"),
        CONFLICT(409, "Conflict", "conflict"),
        /** A write under the same Idempotency-Key is not decided yet: retry the same request later. */
        IN_PROGRESS(409, "Request in progress", "in-progress"),
        UNSUPPORTED_MEDIA_TYPE(415, "Unsupported media type", "unsupported-media-type"),
        UNPROCESSABLE(422, "Unprocessable content", "unprocessable"),
        /** Over the caller's rate limit: answered with Retry-After and the RateLimit headers. */
        TOO_MANY_REQUESTS(429, "Too many requests", "too-many-requests"),
        UNAVAILABLE(503, "Service unavailable", "unavailable");

        final int status;
        final String title;
        /** The last part of the problem's type URI. */
        final String slug;

        Kind(int status, String title, String slug) {
            this.status = status;
            this.title = title;
            this.slug = slug;
        }
    }

    private final Kind kind;
    private final List<Violation> errors;
    private final Duration retryAfter;
    private final Object extension;
    private final java.util.Map<String, String> headers;

    public ApiException(Kind kind, String detail, List<Violation> errors, Duration retryAfter, Object extension) {
        this(kind, detail, errors, retryAfter, extension, java.util.Map.of());
    }

    /** An error whose answer carries {@code headers} too (WWW-Authenticate, RateLimit). */
    public ApiException(Kind kind, String detail, List<Violation> errors, Duration retryAfter, Object extension,
                        java.util.Map<String, String> headers) {
        super(detail);
        this.kind = kind;
        this.errors = errors == null ? List.of() : List.copyOf(errors);
        this.retryAfter = retryAfter;
        this.extension = extension;
        this.headers = java.util.Map.copyOf(headers);
    }

    public static ApiException badRequest(String detail, List<Violation> errors) {
        return new ApiException(Kind.BAD_REQUEST, detail, errors, null, null);
    }

    public static ApiException badRequest(String detail) {
        return badRequest(detail, List.of());
    }

    public static ApiException unprocessable(String detail, List<Violation> errors) {
        return new ApiException(Kind.UNPROCESSABLE, detail, errors, null, null);
    }

    public static ApiException unsupportedMediaType(String detail) {
        return new ApiException(Kind.UNSUPPORTED_MEDIA_TYPE, detail, List.of(), null, null);
    }

    public static ApiException notFound(String detail) {
        return new ApiException(Kind.NOT_FOUND, detail, List.of(), null, null);
    }

    /** Not found, and why it cannot be: the id in the URL is one no resource can have. */
    public static ApiException notFound(String detail, List<Violation> errors) {
        return new ApiException(Kind.NOT_FOUND, detail, errors, null, null);
    }

    public static ApiException conflict(String detail) {
        return new ApiException(Kind.CONFLICT, detail, List.of(), null, null);
    }

    /** A conflict that carries data for the client, e.g. the shortages of a refused hold. */
    public static ApiException conflict(String detail, Object extension) {
        return new ApiException(Kind.CONFLICT, detail, List.of(), null, extension);
    }

    /** The outcome of a write under this Idempotency-Key is not known yet: the same request may be sent again. */
    public static ApiException inProgress(String detail, Duration retryAfter) {
        return new ApiException(Kind.IN_PROGRESS, detail, List.of(), retryAfter, null);
    }

    /** Try again: a store is migrating or restoring, or the stream is not running yet. */
    public static ApiException unavailable(String detail, Duration retryAfter) {
        return new ApiException(Kind.UNAVAILABLE, detail, List.of(), retryAfter, null);
    }

    public Kind kind() {
        return kind;
    }

    public List<Violation> errors() {
        return errors;
    }

    public Duration retryAfter() {
        return retryAfter;
    }

    public Object extension() {
        return extension;
    }

    public java.util.Map<String, String> headers() {
        return headers;
    }
}
