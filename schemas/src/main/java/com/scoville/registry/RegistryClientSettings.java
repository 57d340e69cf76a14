package com.scoville.registry;

import java.time.Duration;

/**
 * How patient a {@link SchemaRegistryClient} is: connect and request timeouts, and how often it retries a 5xx or an I/O error.
 *
 * @param connectTimeout time to open a connection
 * @param requestTimeout time for one request to be answered
 * @param maxAttempts attempts per call, the first included (at least 1)
 * @param backoff pause before the second attempt; it doubles for each further one
 * @param userInfo {@code user:password} sent as HTTP Basic credentials with every request (Confluent's
 *                 {@code basic.auth.user.info}), or null to send none
 */
public record RegistryClientSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoff,
                                     String userInfo) {

    /** Settings that suit a registry on the same machine or network. */
    public static final RegistryClientSettings DEFAULTS =
            new RegistryClientSettings(Duration.ofSeconds(5), Duration.ofSeconds(10), 4, Duration.ofMillis(100));

    /** Settings without credentials. */
    public RegistryClientSettings(Duration connectTimeout, Duration requestTimeout, int maxAttempts, Duration backoff) {
        this(connectTimeout, requestTimeout, maxAttempts, backoff, null);
    }

    /** These settings sending {@code userInfo} ({@code user:password}; null: none) as HTTP Basic credentials. */
    public RegistryClientSettings withUserInfo(String userInfo) {
        return new RegistryClientSettings(connectTimeout, requestTimeout, maxAttempts, backoff, userInfo);
    }

    @Override
    public String toString() {
        return "RegistryClientSettings[connectTimeout=" + connectTimeout + ", requestTimeout=" + requestTimeout + ", maxAttempts="
                + maxAttempts + ", backoff=" + backoff + ", userInfo=" + (userInfo == null ? "none" : "hidden") + "]";
    }

    public RegistryClientSettings {
        if (maxAttempts < 1) {
            throw new IllegalArgumentException("maxAttempts must be at least 1, was " + maxAttempts);
        }
        if (connectTimeout.isNegative() || connectTimeout.isZero() || requestTimeout.isNegative() || requestTimeout.isZero()) {
            throw new IllegalArgumentException("timeouts must be positive");
        }
        if (userInfo != null && userInfo.indexOf(':') < 1) {
            throw new IllegalArgumentException("userInfo must be user:password");
        }
    }
}
