package com.scoville.http.webhooks;

import java.time.Duration;

/**
 * When a failed webhook message is tried again: {@code first} after the first failure, doubling after each
 * further one, never more than {@code max}; after {@code maxAttempts} attempts it goes to the dead-letter topic.
 * No jitter: the retries of one endpoint are already spread by when their events happened.
 */
public record Backoff(Duration first, Duration max, int maxAttempts) {
    public Backoff {
        if (first.isNegative() || first.isZero() || max.compareTo(first) < 0 || maxAttempts < 1) {
            throw new IllegalArgumentException("Backoff needs 0 < first <= max and at least one attempt");
        }
    }

    /** The wait after attempt {@code attempt} (1-based) failed. */
    public Duration delayAfter(int attempt) {
        Duration d = first;
        // doubling stops at max, so no attempt count overflows it
        for (int i = 1; i < attempt && d.compareTo(max) < 0; i++) {
            d = d.multipliedBy(2);
        }
        return d.compareTo(max) > 0 ? max : d;
    }

    /** Whether a message that failed attempt {@code attempt} is tried again. */
    public boolean retriesAfter(int attempt) {
        return attempt < maxAttempts;
    }
}
