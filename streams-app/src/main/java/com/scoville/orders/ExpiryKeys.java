package com.scoville.orders;

import java.time.Instant;

/** Keys of the expiry index: the expiry time first, zero-padded, so a range scan finds what is due in order. */
final class ExpiryKeys {
    static final String FIRST = "0";

    private ExpiryKeys() { }

    static String of(Instant expiresAt, String orderId) {
        return String.format("%015d|%s", expiresAt.toEpochMilli(), orderId);
    }

    /** The upper bound of a scan for everything due at {@code now} ('}' sorts after every id character). */
    static String upTo(Instant now) {
        return String.format("%015d|}", now.toEpochMilli());
    }
}
