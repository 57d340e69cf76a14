package com.scoville.http;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * Values derived from what a request carries (its caller, its key, its body), never random: the same input gives
 * the same id or fingerprint on any instance, so retries and racing twins meet without a shared lock.
 */
public final class Digests {
    // Base32 letters and the digits 2-7: an id never holds a long run of digits that a card scan would flag.
    private static final char[] ALPHABET = "abcdefghijklmnopqrstuvwxyz234567".toCharArray();

    private Digests() { }

    /** {@code prefix} and 26 characters: 130 bits of the SHA-256 of {@code text}. */
    public static String id(String prefix, String text) {
        return prefix + base32(sha256(text));
    }

    public static String sha256Hex(String text) {
        return HexFormat.of().formatHex(sha256(text));
    }

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
}
