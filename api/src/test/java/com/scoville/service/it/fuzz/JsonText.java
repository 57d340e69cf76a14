package com.scoville.service.it.fuzz;

import java.util.List;

/**
 * JSON written by hand, so that it can say what a JSON library never would: the same key twice, a lone
 * surrogate as {@code \uD800}, a number no Java type holds, or control characters left raw.
 */
public final class JsonText {
    private JsonText() { }

    /** A JSON string literal: quotes, backslashes, control characters and unpaired surrogates escaped. */
    public static String quote(String value) {
        StringBuilder s = new StringBuilder(value.length() + 2).append('"');
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            boolean paired = Character.isHighSurrogate(c) && i + 1 < value.length() && Character.isLowSurrogate(value.charAt(i + 1))
                    || Character.isLowSurrogate(c) && i > 0 && Character.isHighSurrogate(value.charAt(i - 1));
            if (c == '"' || c == '\\') {
                s.append('\\').append(c);
            } else if (c < 0x20 || Character.isSurrogate(c) && !paired) {
                s.append(String.format("\\u%04X", (int) c));
            } else {
                s.append(c);
            }
        }
        return s.append('"').toString();
    }

    /** A JSON string literal with its control characters left raw: not JSON at all. */
    public static String quoteRaw(String value) {
        return '"' + value.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
    }

    /** An object of the given members, in order; a key may come more than once. */
    public static String object(List<Member> members) {
        StringBuilder o = new StringBuilder("{");
        for (int i = 0; i < members.size(); i++) {
            o.append(i == 0 ? "" : ",").append(quote(members.get(i).key())).append(':').append(members.get(i).value());
        }
        return o.append('}').toString();
    }

    public static String array(List<String> items) {
        return "[" + String.join(",", items) + "]";
    }

    /** One {@code "key": value} of an object, the value already JSON text. */
    public record Member(String key, String value) { }
}
