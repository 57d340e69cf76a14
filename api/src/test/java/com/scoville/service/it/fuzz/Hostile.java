package com.scoville.service.it.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Tuple;

import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;

/** Values a client should never send, and will: extreme numbers, nasty and huge strings, JSON of the wrong type. */
public final class Hostile {
    /** Strings that have broken parsers, loggers, databases and regexes before. */
    static final List<String> NASTY = List.of(
            "", " ", "\t", "\n", "\r\n", "\u0000", "a\u0000b", "\u0001\u0002\u001f", "\u007f", "\u0085", "\u2028\u2029",
            "\uFEFF", "\uFFFE", "\uFFFF", "\uD800", "\uDFFF", "x\uD800y", "\uDBFF\uDBFF", "\uDC00\uD800",
            "🌶️", "🔥🔥🔥", "👨‍👩‍👧‍👦", "e\u0301\u0301\u0301", "\u202Eevil", "\u200B", "Ωμέγα", "辣椒酱", "صلصة", "ℌ𝔢𝔞𝔱",
            "null", "true", "NaN", "-0", "1e308", "undefined", "{}", "[]", "\"", "\\", "\\u0000", "\\uD800", "/", "//", "..",
            "../../etc/passwd", "%00", "%2F", "%25", "%", "?", "#", "&", "=", ";", "|", "'", "' OR 1=1 --", "<script>alert(1)</script>",
            "${jndi:ldap://127.0.0.1/x}", "%s%s%s%n", "{{7*7}}", "$(reboot)", "`id`", "t:1|x", "o:-1", "o:2147483647",
            "4111111111111111", "4111 1111 1111 1111", "5500-0000-0000-0004", "378282246310005",
            "9223372036854775808", "-9223372036854775809", "2147483648", "0x7fffffff", "1.5", "١٢٣",
            "reserved", " PAID ", "Paid", "wholesale", "WEB\u0000", "sauce", "BUNDLE ", "-sku", "--price", "sales-minute\u0000");

    private Hostile() { }

    /** A nasty string of at most 40 chars: from the list, any chars at all (lone surrogates and controls too), or unicode. */
    public static Arbitrary<String> strings() {
        return Arbitraries.frequencyOf(
                Tuple.of(5, Arbitraries.of(NASTY)),
                Tuple.of(2, Arbitraries.strings().all().ofMaxLength(40)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0000', '\u001f').ofMinLength(1).ofMaxLength(8)),
                Tuple.of(1, Arbitraries.strings().withCharRange('\u0100', '\uFFFF').ofMinLength(1).ofMaxLength(20)));
    }

    /** 129 characters to 12 KB: over every documented limit, and over an HTTP header's. */
    public static Arbitrary<String> longStrings() {
        return Arbitraries.of(129, 256, 2_001, 9_000, 12_000).flatMap(n -> chunks().map(chunk -> repeat(chunk, n)));
    }

    /** 100 KB to 2 MB, built by repeating a chunk (generating it char by char would take longer than sending it). */
    public static Arbitrary<String> hugeStrings() {
        return Arbitraries.of(100_000, 600_000, 1_100_000, 2_000_000).flatMap(n -> chunks().map(chunk -> repeat(chunk, n)));
    }

    private static Arbitrary<String> chunks() {
        return Arbitraries.of("a", "🌶", "4111111111111111 ", "\\u0000", "\"", "\u0000", "é", "\uD800", "0123456789");
    }

    static String repeat(String chunk, int length) {
        StringBuilder s = new StringBuilder(length + chunk.length());
        while (s.length() < length) {
            s.append(chunk);
        }
        return s.toString();
    }

    /** JSON number text around {@code [min, max]} (either may be null), far beyond any Java number, or a number in a string. */
    public static Arbitrary<String> numbers(Long min, Long max) {
        List<String> near = new ArrayList<>();
        for (Long bound : new Long[] {min, max}) {
            if (bound != null) {
                BigInteger b = BigInteger.valueOf(bound);
                near.add(b.toString());
                near.add(b.subtract(BigInteger.ONE).toString());
                near.add(b.add(BigInteger.ONE).toString());
            }
        }
        Arbitrary<String> inRange = Arbitraries.longs().between(min == null ? -1_000_000L : min, max == null ? 1_000_000L : max).map(String::valueOf);
        return Arbitraries.frequencyOf(
                Tuple.of(3, near.isEmpty() ? inRange : Arbitraries.of(near)),
                Tuple.of(3, inRange),
                Tuple.of(3, Arbitraries.of("0", "-0", "-1", "1", "2147483647", "2147483648", "-2147483648", "-2147483649",
                        "9223372036854775807", "9223372036854775808", "-9223372036854775808", "-9223372036854775809",
                        "18446744073709551616", "1e308", "-1e308", "1e309", "4.9e-324", "1.5", "0.5", "1.0", "1E2", "2e0",
                        "0.000000000000000000001", "1" + "0".repeat(400), "9".repeat(1_200),
                        "\"9223372036854775808\"", "\"-1\"", "\"1e308\"", "\" 1\"", "\"0x10\"")),
                Tuple.of(1, wrongTypes()));
    }

    /** JSON of any type, shaped to upset a reader that expects another one. */
    public static Arbitrary<String> wrongTypes() {
        return Arbitraries.frequencyOf(
                Tuple.of(6, Arbitraries.of("null", "true", "false", "0", "-1", "\"1\"", "\"\"", "\"abc\"", "[]", "{}", "[1,2]",
                        "{\"a\":1}", "[null]", "{\"\":null}", "\"\\u0000\"", "\"\\uD800\"", "[[[[[[[[[[]]]]]]]]]]")),
                Tuple.of(2, strings().map(JsonText::quote)),
                Tuple.of(1, Arbitraries.of(2_000, 100_000).map(depth -> "[".repeat(depth) + "]".repeat(depth))),
                Tuple.of(1, Arbitraries.of(1_000, 50_000).map(n -> {
                    StringBuilder o = new StringBuilder("{");
                    for (int i = 0; i < n; i++) {
                        o.append(i == 0 ? "" : ",").append("\"k").append(i).append("\":").append(i);
                    }
                    return o.append('}').toString();
                })));
    }
}
