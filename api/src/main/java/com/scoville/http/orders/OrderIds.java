package com.scoville.http.orders;

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

    // Base32 letters and the digits 2-7: an id never holds a long run of digits that a card scan would flag.
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    public static String fromIdempotencyKey(String caller, String idempotencyKey) {
        return "ord_" + base32(sha256(caller + "\n" + idempotencyKey));
    }

    /** A hold id: derived from the caller's idempotency key, like an order id (a hold needs a key too). */
    public static String holdId(String caller, String idempotencyKey) {
        return "hold_" + base32(sha256("hold\n" + caller + "\n" + idempotencyKey));
    }

    /** A client command's id: derived from what the write addresses, the caller and its key, never random. */
    public static String commandId(String target, String caller, String idempotencyKey) {
        return "cmd_" + base32(sha256(target + "\n" + caller + "\n" + idempotencyKey));
    }

    /** 26 characters: 130 bits of the input. */
    private static String base32(byte[] bytes) {
        StringBuilder out = new StringBuilder(26);
        int buffer = 0;
        int bits = 0;
        for (int i = 0; i < bytes.length && out.length() < 26; i++) {
            buffer = (buffer << 8) | (bytes[i] & 0xff);
            bits += 8;
            while (bits >= 5 && out.length() < 26) {
                out.append(ALPHABET[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }
        return out.toString();
    }

    private static byte[] sha256(String text) {
        try {
            return MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }
}
