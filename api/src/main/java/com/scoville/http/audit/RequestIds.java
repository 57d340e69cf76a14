package com.scoville.http.audit;

import com.scoville.CardNumbers;
import io.javalin.http.Context;

import java.util.UUID;
import java.util.regex.Pattern;

/**
 * Every request's id, {@code X-Request-Id}: the caller's when it sends a sensible one (so its logs and ours meet),
 * else a new one (also for one that looks like a card number); echoed on the answer and written into the audit entries of what the request changed.
 */
public final class RequestIds {
    public static final String HEADER = "X-Request-Id";
    private static final String ATTRIBUTE = "scoville.request-id";
    private static final Pattern SENSIBLE = Pattern.compile("[A-Za-z0-9._:-]{1,64}");

    private RequestIds() { }

    /** Runs before every request (before the gate: a refused request has an id too). */
    public static void assign(Context ctx) {
        String given = ctx.header(HEADER);
        // an id that looks like a card number is not kept: it would travel into topics kept forever
        String id = given != null && SENSIBLE.matcher(given).matches() && !CardNumbers.containsCardNumber(given)
                ? given : UUID.randomUUID().toString();
        ctx.attribute(ATTRIBUTE, id);
        ctx.header(HEADER, id);
    }

    /** The request's id; null outside a request that went through {@link #assign}. */
    public static String of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }
}
