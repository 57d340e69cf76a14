package com.scoville.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.Violation;
import com.scoville.avro.Actor;
import com.scoville.avro.CommandOutcome;
import com.scoville.http.audit.Actors;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.List;

/**
 * What every write reads the same way: its Idempotency-Key (400 without one), the caller it is scoped to, and
 * the fingerprint of its request; and the two answers a key can earn besides the write's own: 422 for a key
 * already used with another body, 409 while the key's outcome is not known yet. Whether a key was used is
 * decided where the write is applied, in the topology, never here.
 */
public final class Idempotency {
    /** How long to wait before asking again about a write still in progress. */
    public static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    /** The fingerprint of a write without a body (a DELETE): what it addresses is in its command id. */
    private static final String NO_BODY = Digests.sha256Hex("");

    private Idempotency() { }

    /**
     * A write with its key: the body, who sent it, the key, the fingerprint of the body, and the actor its audit entry
     * names (null on a public route called without a token).
     */
    public record Write<T>(T body, String caller, String key, String requestHash, Actor actor) {
        /**
         * The id of this write's command for {@code target}, what the write addresses (e.g. "restock GHOST-150").
         * The key is scoped to the caller and the target: the topology remembers it where the target is kept.
         */
        public String commandId(String target) {
            return Idempotency.commandId(target, caller, key);
        }
    }

    /** A client command's id: derived from what the write addresses, the caller and its key, never random. */
    public static String commandId(String target, String caller, String idempotencyKey) {
        return Digests.id("cmd_", target + "\n" + caller + "\n" + idempotencyKey);
    }

    /** A write with a JSON body: 400 without a key or with a body that is not JSON of {@code type}. */
    public static <T> Write<T> write(Context ctx, ObjectMapper json, Class<T> type) {
        String key = HttpRequests.requireIdempotencyKey(ctx);
        HttpRequests.Fingerprinted<T> body = HttpRequests.fingerprintedBody(ctx, json, type);
        return new Write<>(body.value(), HttpRequests.caller(ctx), key, body.fingerprint(), Actors.of(ctx));
    }

    /** A write without a body: 400 without a key. */
    public static Write<Void> bodiless(Context ctx) {
        String key = HttpRequests.requireIdempotencyKey(ctx);
        return new Write<>(null, HttpRequests.caller(ctx), key, NO_BODY, Actors.of(ctx));
    }

    /** 422: the key holds another request, {@code what} names it (e.g. "restock of GHOST-150"). */
    public static ApiException reused(String what) {
        return ApiException.unprocessable("This Idempotency-Key was used with another request body",
                List.of(new Violation("Idempotency-Key", "already used for " + what + " with a different body")));
    }

    /** 409 with Retry-After: the outcome under this key is not known yet; the same request may be sent again. */
    public static ApiException inProgress(String what) {
        return ApiException.inProgress("The " + what + " under this Idempotency-Key is still being processed: "
                + "send the same request again to learn its outcome", RETRY_AFTER);
    }

    /** Marks the answer to a write whose command id had been applied before (a retry), as orders do. */
    public static Context replayed(Context ctx, CommandOutcome outcome) {
        if (outcome.getReplay()) {
            ctx.header("Idempotent-Replayed", "true");
        }
        return ctx;
    }

    /** Whether a stored fingerprint names this request; a record from before fingerprints were kept names any. */
    public static boolean sameRequest(String stored, String requestHash) {
        return stored == null || stored.equals(requestHash);
    }
}
