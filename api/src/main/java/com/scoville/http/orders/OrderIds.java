package com.scoville.http.orders;

import com.scoville.http.Digests;

/**
 * Order ids derived from the caller and its Idempotency-Key: two requests with the same key become the
 * same order id on any instance, and the topology keeps the first record of an id. No shared lock needed.
 */
public final class OrderIds {
    private OrderIds() { }

    public static String fromIdempotencyKey(String caller, String idempotencyKey) {
        return Digests.id("ord_", caller + "\n" + idempotencyKey);
    }

    /** A hold id: derived from the caller's idempotency key, like an order id (a hold needs a key too). */
    public static String holdId(String caller, String idempotencyKey) {
        return Digests.id("hold_", "hold\n" + caller + "\n" + idempotencyKey);
    }
}
