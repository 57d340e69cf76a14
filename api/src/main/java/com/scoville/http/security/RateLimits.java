package com.scoville.http.security;

import com.scoville.http.ApiException;
import io.github.bucket4j.Bucket;
import io.github.bucket4j.ConsumptionProbe;

import java.time.Duration;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Token buckets (Bucket4j) per principal, or per client address for a request without a token, sized by role from
 * {@code RATE_LIMITS} ({@code customer=120/min,...,anonymous=60/min}). Each instance counts its own requests: with
 * n instances behind a balancer a caller gets up to n times its limit.
 *
 * <p>Answers carry the IETF draft's headers (draft-ietf-httpapi-ratelimit-headers): {@code RateLimit-Policy:
 * "customer";q=120;w=60} and {@code RateLimit: "customer";r=57;t=2} (requests left, seconds until the bucket is full
 * again); a refused request gets 429 with {@code Retry-After} too.
 */
public final class RateLimits {
    /** The key of requests without a token in RATE_LIMITS. */
    public static final String ANONYMOUS = "anonymous";
    private static final Pattern ENTRY = Pattern.compile("\\s*([a-z]+)\\s*=\\s*(\\d{1,9})\\s*/\\s*(s|sec|second|m|min|minute|h|hour)\\s*");
    /** More callers than this at once and idle buckets are dropped (a full bucket is what a new one would be). */
    private static final int MAX_BUCKETS = 100_000;

    /** One role's limit: {@code quota} requests per {@code window}. */
    public record Limit(String name, long quota, Duration window) {
        String policyHeader() {
            return "\"" + name + "\";q=" + quota + ";w=" + window.toSeconds();
        }
    }

    private final Map<Role, Limit> byRole;
    private final Limit anonymous;
    private final Map<String, Held> buckets = new ConcurrentHashMap<>();

    private record Held(Bucket bucket, Limit limit) { }

    private RateLimits(Map<Role, Limit> byRole, Limit anonymous) {
        this.byRole = byRole;
        this.anonymous = anonymous;
    }

    /** Reads RATE_LIMITS; a role left out has the anonymous limit. Refuses a malformed value at start. */
    public static RateLimits parse(String spec) {
        Map<String, Limit> named = new LinkedHashMap<>();
        for (String part : spec.split(",")) {
            if (part.isBlank()) {
                continue;
            }
            Matcher m = ENTRY.matcher(part.toLowerCase(Locale.ROOT));
            if (!m.matches()) {
                throw new IllegalArgumentException("RATE_LIMITS: '" + part.trim() + "' is not role=N/min (or /s, /h)");
            }
            Duration window = switch (m.group(3).charAt(0)) {
                case 's' -> Duration.ofSeconds(1);
                case 'm' -> Duration.ofMinutes(1);
                default -> Duration.ofHours(1);
            };
            long quota = Long.parseLong(m.group(2));
            if (quota < 1) {
                throw new IllegalArgumentException("RATE_LIMITS: " + m.group(1) + " must allow at least 1 request");
            }
            String name = m.group(1);
            if (!name.equals(ANONYMOUS) && Role.ofClaim(name).isEmpty()) {
                throw new IllegalArgumentException("RATE_LIMITS: unknown role '" + name + "' (customer, channel, admin, analyst, anonymous)");
            }
            named.put(name, new Limit(name, quota, window));
        }
        Limit anonymous = named.getOrDefault(ANONYMOUS, new Limit(ANONYMOUS, 60, Duration.ofMinutes(1)));
        Map<Role, Limit> byRole = new EnumMap<>(Role.class);
        for (Role r : Role.values()) {
            if (r != Role.PEER) {
                byRole.put(r, named.getOrDefault(r.claim(), new Limit(r.claim(), anonymous.quota(), anonymous.window())));
            }
        }
        return new RateLimits(byRole, anonymous);
    }

    /**
     * Takes one request from the bucket of {@code principal} (or of {@code address} when null): the headers to answer
     * with, or 429 when the bucket is empty.
     */
    public Map<String, String> take(Principal principal, String address) {
        String key = principal == null ? "addr:" + address : principal.caller();
        Limit limit = principal == null ? anonymous : limitOf(principal);
        Held held = buckets.get(key);
        if (held == null) {
            if (buckets.size() >= MAX_BUCKETS) {
                buckets.clear(); // a flood of new callers: start them all afresh rather than grow without bound
            }
            held = buckets.computeIfAbsent(key, k -> new Held(Bucket.builder()
                    .addLimit(l -> l.capacity(limit.quota()).refillGreedy(limit.quota(), limit.window())).build(), limit));
        }
        ConsumptionProbe probe = held.bucket().tryConsumeAndReturnRemaining(1);
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("RateLimit-Policy", held.limit().policyHeader());
        long reset = seconds(probe.getNanosToWaitForReset());
        headers.put("RateLimit", "\"" + held.limit().name() + "\";r=" + probe.getRemainingTokens() + ";t=" + reset);
        if (!probe.isConsumed()) {
            long retry = Math.max(1, seconds(probe.getNanosToWaitForRefill()));
            headers.put("Retry-After", String.valueOf(retry));
            throw new ApiException(ApiException.Kind.TOO_MANY_REQUESTS, "Over the limit of " + held.limit().quota() + " requests per "
                    + held.limit().window().toSeconds() + " s for " + held.limit().name() + ": try again in " + retry + " s",
                    java.util.List.of(), null, null, headers);
        }
        return headers;
    }

    /** A principal with several roles gets the most generous of their limits. */
    Limit limitOf(Principal principal) {
        Limit best = null;
        for (Role r : principal.roles()) {
            Limit l = byRole.get(r);
            if (l != null && (best == null || perSecond(l) > perSecond(best))) {
                best = l;
            }
        }
        return best == null ? anonymous : best;
    }

    private static double perSecond(Limit l) {
        return (double) l.quota() / l.window().toSeconds();
    }

    private static long seconds(long nanos) {
        return (nanos + 999_999_999L) / 1_000_000_000L;
    }
}
