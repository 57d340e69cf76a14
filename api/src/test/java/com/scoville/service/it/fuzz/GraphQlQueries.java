package com.scoville.service.it.fuzz;

import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.util.List;

/** GraphQL documents for the analytics: real questions with hostile arguments, and documents that are no question. */
final class GraphQlQueries {
    private static final List<String> TIMES = List.of("2026-11-25T00:00:00Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59Z",
            "-999999999-01-01T00:00:00Z", "2026-02-30T00:00:00Z", "yesterday", "", "1e308", "\\u0000", "\\uD800");
    private static final List<String> NUMBERS = List.of("0", "-1", "1", "2147483647", "2147483648", "9223372036854775808", "1.5", "1e308", "\"10\"", "null");

    private GraphQlQueries() { }

    static Arbitrary<String> queries() {
        Arbitrary<String> window = Arbitraries.of("MINUTE", "HOUR", "DAY", "WEEK", "minute", "\"HOUR\"", "null", "1");
        Arbitrary<String> time = Arbitraries.of(TIMES).map(t -> "\"" + t + "\"");
        Arbitrary<String> field = Arbitraries.of("sales", "topProducts", "customers", "ratings", "nope");
        Arbitrary<String> groupBy = Arbitraries.of("PRODUCT", "CHANNEL", "HEAT_LEVEL", "CUSTOMER", "null");
        Arbitrary<String> asked = Combinators.combine(field, window, time, time, groupBy, Arbitraries.of(NUMBERS)).as((f, w, from, to, g, n) ->
                switch (f) {
                    case "topProducts" -> "{ topProducts(window: " + w + ", at: " + from + ", limit: " + n + ") { sku name revenueCents units } }";
                    case "customers" -> "{ customers(window: " + w + ", from: " + from + ", to: " + to + ") { windowStart newCustomers returningCustomers } }";
                    case "ratings" -> "{ ratings(window: " + w + ", from: " + from + ", to: " + to + ", groupBy: " + g + ") { __typename } }";
                    case "nope" -> "{ nope(x: " + n + ") { y } }";
                    default -> "{ sales(window: " + w + ", from: " + from + ", to: " + to + ", groupBy: " + g + ") { windowStart windowEnd key revenueCents units orders averageOrderCents } }";
                });
        return Arbitraries.frequencyOf(
                Tuple.of(6, asked),
                Tuple.of(2, Arbitraries.of(
                        "query Q($f: DateTime, $w: Window!) { sales(window: $w, from: $f) { orders } }",
                        "{ analyticsLagMillis }", "{ __schema { types { name fields { name type { name ofType { name ofType { name ofType { name } } } } } } } }",
                        "fragment A on Query { ...B } fragment B on Query { ...A } { ...A }",
                        "{ sales(window: DAY) { orders } ", "}", "{", "query", "mutation { x }", "subscription { s }", "{ __typename }",
                        "{ sales(window: DAY) { orders orders orders orders } }", "{ sales(window: DAY, window: HOUR) { orders } }",
                        "query A { analyticsLagMillis } query B { analyticsLagMillis }", "{ \"sales\" }", "\u0000", "#")),
                Tuple.of(1, Arbitraries.of(300, 5_000).map(GraphQlQueries::manyAliases)),
                Tuple.of(1, Arbitraries.of(20, 3_000).map(GraphQlQueries::deep)),
                Tuple.of(1, Hostile.strings()));
    }

    /** The {@code variables} member: an object of hostile values, or not an object. */
    static Arbitrary<String> variables() {
        Arbitrary<String> values = Arbitraries.oneOf(Arbitraries.of(TIMES).map(t -> "\"" + t + "\""), Arbitraries.of(NUMBERS), Hostile.wrongTypes());
        return Arbitraries.frequencyOf(
                Tuple.of(5, Combinators.combine(values, Arbitraries.of("\"HOUR\"", "\"YEAR\"", "null", "7")).as((f, w) -> "{\"f\":" + f + ",\"w\":" + w + "}")),
                Tuple.of(2, Hostile.wrongTypes()));
    }

    private static String manyAliases(int n) {
        StringBuilder q = new StringBuilder("{");
        for (int i = 0; i < n; i++) {
            q.append(" a").append(i).append(": analyticsLagMillis");
        }
        return q.append(" }").toString();
    }

    private static String deep(int n) {
        return "{ __schema { types { " + "fields { type { ".repeat(n) + "name" + " } }".repeat(n) + " } } }";
    }
}
