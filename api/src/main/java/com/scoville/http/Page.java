package com.scoville.http;

import com.scoville.Violation;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.function.Function;

/**
 * One page of a listing and the opaque cursor of the next. The cursor encodes the position after the
 * last item given; clients pass it back unchanged.
 */
public record Page<T>(List<T> items, String nextCursor) {

    /** A page of an already filtered and sorted list, starting after {@code cursor}. */
    public static <T> Page<T> of(List<T> sorted, int limit, String cursor) {
        int from = cursor == null || cursor.isBlank() ? 0 : decodeOffset(cursor);
        int to = (int) Math.min(sorted.size(), (long) from + limit); // a forged offset near MAX_VALUE must not wrap to the start
        List<T> items = from >= sorted.size() ? List.of() : sorted.subList(from, to);
        return new Page<>(List.copyOf(items), to < sorted.size() ? encode("o:" + to) : null);
    }

    public <R> Page<R> map(Function<T, R> f) {
        return new Page<>(items.stream().map(f).toList(), nextCursor);
    }

    public static String encode(String position) {
        return Base64.getUrlEncoder().withoutPadding().encodeToString(position.getBytes(StandardCharsets.UTF_8));
    }

    public static String decode(String cursor) {
        try {
            return new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw invalidCursor();
        }
    }

    private static int decodeOffset(String cursor) {
        String position = decode(cursor);
        if (!position.startsWith("o:")) {
            throw invalidCursor();
        }
        try {
            return Math.max(0, Integer.parseInt(position.substring(2)));
        } catch (NumberFormatException e) {
            throw invalidCursor();
        }
    }

    public static ApiException invalidCursor() {
        return ApiException.badRequest("The cursor is not one this API gave", List.of(new Violation("cursor", "is not valid")));
    }
}
