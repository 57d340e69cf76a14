package com.scoville.orders;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Order ids derived from the caller and its Idempotency-Key: two requests with the same key become the
 * same order id on any instance, and the topology keeps the first record of an id. No shared lock needed.
 */
public final class OrderIds {
    private OrderIds() { }

    public static String fromIdempotencyKey(String caller, String idempotencyKey) {
        return "ord_" + sha256Hex(caller + "\n" + idempotencyKey).substring(0, 26);
    }

    public static String sha256Hex(String text) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
            return HexFormat.of().formatHex(digest);
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
