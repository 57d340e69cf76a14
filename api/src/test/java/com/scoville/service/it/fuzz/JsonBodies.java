package com.scoville.service.it.fuzz;

import com.fasterxml.jackson.databind.JsonNode;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Request bodies and parameter values built from a JSON schema of the OpenAPI document: valid at their extremes,
 * the right shape with hostile values, the wrong type, missing or repeated members, or no JSON (or UTF-8) at all.
 */
public final class JsonBodies {
    private final OpenApi api;
    private final Known known;

    public JsonBodies(OpenApi api, Known known) {
        this.api = api;
        this.known = known;
    }

    /** A whole body for {@code schema}, as bytes (some are not even UTF-8). */
    public Arbitrary<byte[]> body(JsonNode schema) {
        Arbitrary<String> shaped = value(schema, 0);
        return Arbitraries.frequencyOf(
                Tuple.of(25, valid(schema).map(JsonBodies::utf8)),
                Tuple.of(41, shaped.map(JsonBodies::utf8)),
                Tuple.of(8, Hostile.wrongTypes().map(JsonBodies::utf8)),
                Tuple.of(12, broken(shaped)),
                Tuple.of(3, huge(schema)),
                Tuple.of(3, Arbitraries.of("customerId=a&channel=WEB&lines=1", "<order><sku>X</sku></order>", "lines[0][sku]=X",
                        "--xyz\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\n1\r\n--xyz--").map(JsonBodies::utf8)),
                Tuple.of(8, shaped.map(text -> text.getBytes(StandardCharsets.UTF_16))));
    }

    /**
     * A JSON value the schema allows, at its extremes: required members present, known ids and SKUs, numbers at
     * and between their bounds ({@code Long.MAX_VALUE} where nothing bounds them). What the service then does with
     * it (prices that overflow a total, a sauce turned bundle) is what stateful bugs are made of.
     */
    Arbitrary<String> valid(JsonNode schema) {
        JsonNode s = api.resolve(schema);
        List<String> types = types(s).stream().filter(t -> !t.equals("null")).toList();
        String type = types.isEmpty() ? "" : types.get(0);
        return switch (type) {
            case "object" -> {
                Set<String> required = new java.util.HashSet<>();
                s.path("required").forEach(r -> required.add(r.asText()));
                List<Arbitrary<List<JsonText.Member>>> members = new ArrayList<>();
                for (Iterator<Map.Entry<String, JsonNode>> it = s.path("properties").fields(); it.hasNext(); ) {
                    Map.Entry<String, JsonNode> p = it.next();
                    Arbitrary<String> value = p.getKey().equals("query") ? GraphQlQueries.queries().map(JsonText::quote)
                            : p.getKey().equals("variables") ? Arbitraries.just("{}")
                            : !known.of(p.getKey()).isEmpty() ? Arbitraries.of(known.of(p.getKey())).map(JsonText::quote)
                            : valid(p.getValue());
                    Arbitrary<List<JsonText.Member>> member = value.map(v -> List.of(new JsonText.Member(p.getKey(), v)));
                    members.add(required.contains(p.getKey()) ? member
                            : Arbitraries.frequencyOf(Tuple.of(1, member), Tuple.of(1, Arbitraries.just(List.of()))));
                }
                yield members.isEmpty() ? Arbitraries.just("{}")
                        : Combinators.combine(members).as(parts -> JsonText.object(parts.stream().flatMap(List::stream).toList()));
            }
            case "array" -> valid(s.path("items")).list().ofMinSize(Math.max(1, s.path("minItems").asInt(1))).ofMaxSize(3).map(JsonText::array);
            case "integer", "number" -> {
                long min = bound(s, "minimum") == null ? 0 : bound(s, "minimum");
                long max = bound(s, "maximum") == null ? Long.MAX_VALUE : bound(s, "maximum");
                yield Arbitraries.frequencyOf(Tuple.of(2, Arbitraries.of(min, max, max - 1)),
                        Tuple.of(4, Arbitraries.longs().between(min, Math.min(max, min + 10))),
                        Tuple.of(1, Arbitraries.longs().between(min, max))).map(String::valueOf);
            }
            case "boolean" -> Arbitraries.of("true", "false");
            case "string" -> {
                if (s.has("enum")) {
                    List<String> values = new ArrayList<>();
                    s.path("enum").forEach(v -> values.add(v.asText()));
                    yield Arbitraries.of(values).map(JsonText::quote);
                }
                if (s.has("pattern") && s.path("pattern").asText().contains("A-Za-z0-9")) {
                    yield Arbitraries.of(known.of("sku")).map(JsonText::quote);
                }
                if ("date-time".equals(s.path("format").asText())) {
                    yield Arbitraries.of("\"2026-11-25T00:00:00Z\"", "\"1970-01-01T00:00:00Z\"");
                }
                if (s.path("pattern").asText().contains("[A-Z]{3}")) {
                    yield Arbitraries.of("\"USD\"", "\"EUR\"", "\"XXX\"");
                }
                int max = Math.min(24, s.path("maxLength").asInt(24));
                yield Arbitraries.strings().alpha().numeric().ofMinLength(1).ofMaxLength(max).map(JsonText::quote);
            }
            default -> Arbitraries.just("{}");
        };
    }

    /** A JSON value for {@code schema}: usually its shape, now and then the wrong type. */
    Arbitrary<String> value(JsonNode schema, int depth) {
        JsonNode s = api.resolve(schema);
        Arbitrary<String> shaped = shaped(s, depth);
        return depth > 3 ? shaped : Arbitraries.frequencyOf(Tuple.of(14, shaped), Tuple.of(1, Hostile.wrongTypes()));
    }

    private Arbitrary<String> shaped(JsonNode schema, int depth) {
        List<String> types = types(schema);
        List<Arbitrary<String>> choices = new ArrayList<>();
        for (String type : types) {
            choices.add(switch (type) {
                case "object" -> object(schema, depth);
                case "array" -> array(schema, depth);
                case "integer", "number" -> Hostile.numbers(bound(schema, "minimum"), bound(schema, "maximum"));
                case "boolean" -> Arbitraries.of("true", "false");
                case "null" -> Arbitraries.just("null");
                case "string" -> Arbitraries.frequencyOf(Tuple.of(9, text(schema, null).map(JsonText::quote)),
                        Tuple.of(1, text(schema, null).map(JsonText::quoteRaw)));
                default -> Hostile.wrongTypes();
            });
        }
        return choices.isEmpty() ? Hostile.wrongTypes() : Arbitraries.oneOf(choices);
    }

    private Arbitrary<String> object(JsonNode schema, int depth) {
        Set<String> required = new java.util.HashSet<>();
        schema.path("required").forEach(r -> required.add(r.asText()));
        List<Arbitrary<List<JsonText.Member>>> members = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = schema.path("properties").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> p = it.next();
            Arbitrary<String> value = p.getKey().equals("query") ? GraphQlQueries.queries().map(JsonText::quote)
                    : p.getKey().equals("variables") ? GraphQlQueries.variables()
                    : known.of(p.getKey()).isEmpty() ? value(p.getValue(), depth + 1)
                    : Arbitraries.frequencyOf(Tuple.of(1, Arbitraries.of(known.of(p.getKey())).map(JsonText::quote)),
                    Tuple.of(1, value(p.getValue(), depth + 1)));
            int present = required.contains(p.getKey()) ? 93 : 50;
            members.add(Arbitraries.frequencyOf(
                    Tuple.of(present, value.map(v -> List.of(new JsonText.Member(p.getKey(), v)))),
                    Tuple.of(100 - present - 3, Arbitraries.just(List.of())),
                    // the same key twice, the second value wins or loses depending on the parser
                    Tuple.of(3, Combinators.combine(value, value).as((a, b) ->
                            List.of(new JsonText.Member(p.getKey(), a), new JsonText.Member(p.getKey(), b))))));
        }
        members.add(Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(List.of())),
                Tuple.of(1, Combinators.combine(Hostile.strings(), Hostile.wrongTypes()).as((k, v) -> List.of(new JsonText.Member(k, v))))));
        return Combinators.combine(members).as(parts -> JsonText.object(parts.stream().flatMap(List::stream).toList()));
    }

    private Arbitrary<String> array(JsonNode schema, int depth) {
        Arbitrary<String> item = value(schema.path("items"), depth + 1);
        return Arbitraries.frequencyOf(
                Tuple.of(8, item.list().ofMinSize(1).ofMaxSize(3).map(JsonText::array)),
                Tuple.of(1, Arbitraries.just("[]")),
                Tuple.of(1, item.list().ofMinSize(1).ofMaxSize(2).flatMap(items ->
                        Arbitraries.of(51, 1_001, 20_000).map(n -> JsonText.array(cycle(items, n, 2_000_000))))));
    }

    /** A text value (not yet JSON) for a string schema, or for a parameter named {@code name}. */
    public Arbitrary<String> text(JsonNode schema, String name) {
        JsonNode s = api.resolve(schema);
        List<Tuple.Tuple2<Integer, Arbitrary<String>>> choices = new ArrayList<>();
        choices.add(Tuple.of(9, Hostile.strings()));
        choices.add(Tuple.of(1, Hostile.longStrings()));
        if (name != null && !known.of(name).isEmpty()) {
            choices.add(Tuple.of(12, Arbitraries.of(known.of(name))));
        }
        if (s.has("enum")) {
            List<String> values = new ArrayList<>();
            s.path("enum").forEach(v -> values.add(v.asText()));
            choices.add(Tuple.of(15, Arbitraries.of(values)));
            choices.add(Tuple.of(3, Arbitraries.of(values).map(v -> v.toLowerCase() + (v.length() % 2 == 0 ? " " : ""))));
        } else if (s.has("pattern") && s.path("pattern").asText().contains("A-Za-z0-9")) {
            choices.add(Tuple.of(12, Arbitraries.of(known.of("sku"))));
            choices.add(Tuple.of(3, Arbitraries.strings().withCharRange('A', 'Z').withChars("-0123456789").ofMinLength(1).ofMaxLength(64)));
        } else if ("date-time".equals(s.path("format").asText())) {
            choices.add(Tuple.of(15, Arbitraries.of("2026-11-25T00:00:00Z", "1970-01-01T00:00:00Z", "+999999999-12-31T23:59:59.999999999Z",
                    "-999999999-01-01T00:00:00Z", "2026-13-45T99:99:99Z", "2026-11-25", "2026-11-25T00:00:00+02:00", "1e308", "0",
                    "2262-04-11T23:47:16.854775807Z", "2262-04-11T23:47:16.854775808Z", "-292275055-05-16T16:47:04.192Z")));
        } else if (List.of("integer", "number").contains(s.path("type").asText())) {
            choices.add(Tuple.of(18, Hostile.numbers(bound(s, "minimum"), bound(s, "maximum"))));
        } else {
            choices.add(Tuple.of(15, Arbitraries.strings().alpha().numeric().withChars("-_").ofMinLength(1).ofMaxLength(24)));
            if (s.has("maxLength")) {
                int max = s.path("maxLength").asInt();
                choices.add(Tuple.of(3, Arbitraries.of(max, max + 1).map(n -> "x".repeat(n))));
            }
        }
        return Arbitraries.frequencyOf(choices);
    }

    /** Malformed JSON: cut short, trailing junk, JavaScript-isms, raw bytes that are not UTF-8, nothing at all. */
    private static Arbitrary<byte[]> broken(Arbitrary<String> shaped) {
        return Arbitraries.oneOf(
                Combinators.combine(shaped, Arbitraries.doubles().between(0, 1)).as((t, cut) -> t.substring(0, (int) (t.length() * cut))).map(JsonBodies::utf8),
                Combinators.combine(shaped, Arbitraries.of("}", "]", "}}]", "\u0000", " garbage", ",", " {}", "\n{\"a\":1}"))
                        .as(String::concat).map(JsonBodies::utf8),
                Arbitraries.of("", " ", "\n", "{", "}", "[", "{\"a\":}", "{\"a\":1,}", "{'customerId':'x'}", "{customerId:1}",
                        "{\"a\":NaN}", "{\"a\":Infinity}", "{\"a\":-Infinity}", "/* c */ {}", "{} // c", "{\"a\":01}", "{\"a\":1.}",
                        "{\"a\":\"\u0001\"}", "{\"a\":\"\\x41\"}", "{\"a\":\"\\u12\"}", "{\"a\":\"\\uZZZZ\"}", "\uFEFF{}", "\u0000",
                        "{\"a\" \"b\"}", "{\"a\":\"b\"}}", "[}", "nul", "tru", "\"unterminated").map(JsonBodies::utf8),
                Arbitraries.bytes().array(byte[].class).ofMinSize(1).ofMaxSize(64),
                shaped.map(t -> {
                    byte[] b = utf8(t);
                    byte[] out = new byte[b.length + 2];
                    System.arraycopy(b, 0, out, 0, b.length);
                    out[b.length] = (byte) 0xC3; // a lead byte with no continuation, then a lone continuation byte
                    out[b.length + 1] = (byte) 0x80;
                    return out;
                }));
    }

    /** A body of the right shape holding one huge string, or huge junk. */
    private Arbitrary<byte[]> huge(JsonNode schema) {
        Arbitrary<String> field = Arbitraries.of(fieldNames(schema)).injectNull(0.1);
        return Combinators.combine(field, Hostile.hugeStrings()).as((name, huge) ->
                utf8(name == null ? huge : JsonText.object(List.of(new JsonText.Member(name, JsonText.quote(huge))))));
    }

    private List<String> fieldNames(JsonNode schema) {
        List<String> names = new ArrayList<>();
        api.resolve(schema).path("properties").fieldNames().forEachRemaining(names::add);
        return names.isEmpty() ? List.of("x") : names;
    }

    private static List<String> types(JsonNode schema) {
        JsonNode type = schema.path("type");
        List<String> types = new ArrayList<>();
        if (type.isArray()) {
            type.forEach(t -> types.add(t.asText()));
        } else if (type.isTextual()) {
            types.add(type.asText());
        } else if (schema.has("properties")) {
            types.add("object");
        } else if (schema.has("enum") || schema.has("pattern")) {
            types.add("string");
        }
        return types;
    }

    private static Long bound(JsonNode schema, String name) {
        if (schema.has(name)) {
            return schema.path(name).asLong();
        }
        return switch (schema.path("format").asText()) {
            case "int32" -> name.equals("minimum") ? (long) Integer.MIN_VALUE : (long) Integer.MAX_VALUE;
            case "int64" -> name.equals("minimum") ? Long.MIN_VALUE : Long.MAX_VALUE;
            default -> null;
        };
    }

    /** {@code n} items taken in turn from {@code items}, fewer if they would make more than {@code maxChars}. */
    private static List<String> cycle(List<String> items, int n, int maxChars) {
        int longest = items.stream().mapToInt(String::length).max().orElse(1);
        int count = Math.max(1, Math.min(n, maxChars / Math.max(1, longest)));
        List<String> out = new ArrayList<>(count);
        for (int i = 0; i < count; i++) {
            out.add(items.get(i % items.size()));
        }
        return out;
    }

    static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }
}
