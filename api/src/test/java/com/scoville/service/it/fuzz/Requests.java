package com.scoville.service.it.fuzz;

import com.scoville.service.it.fuzz.FuzzRequest.Header;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.Tuple;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Requests for every operation of the document: path parameters from known ids to URL-encoded junk, query
 * parameters missing, extreme or repeated, the headers the API reads (Idempotency-Key, Prefer) present, absent,
 * huge or hostile, content types right and wrong, and bodies from {@link JsonBodies}.
 */
public final class Requests {
    private static final List<String> OTHER_METHODS = List.of("GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS");
    /** Path segments that are not what a client's URL encoder would send. */
    private static final List<String> RAW_SEGMENTS = List.of("%", "%zz", "%0", "%00", "%2F", "a%2Fb", "%2e%2e", "..", ".", "%C0%AF",
            "%FF%FE", "a;b=c", ";", "%252F", "a b", "ä", "\\", "a%5Cb", "%u0041", "~", "%7E", "%0D%0A", "*", "a%3Fb", "a%23b");
    private static final List<String> RAW_QUERIES = List.of("?", "?&&&", "?=", "?==&=", "?limit", "?%zz=1", "?a=%", "?a=%G1", "?a[]=1&a[]=2",
            "?a=1;b=2", "?%00=%00", "?limit=1&limit=2&limit=x", "?cursor=&cursor=", "?ä=ö");

    private final OpenApi api;
    private final JsonBodies bodies;

    public Requests(OpenApi api, Known known) {
        this.api = api;
        this.bodies = new JsonBodies(api, known);
    }

    /** A request to any operation: the API's own routes more often than pages, files and metrics. */
    public Arbitrary<FuzzRequest> any() {
        List<Tuple.Tuple2<Integer, Arbitrary<FuzzRequest>>> choices = new ArrayList<>();
        for (OpenApi.Operation op : api.operations()) {
            boolean api = op.template().startsWith("/v1/") || op.template().startsWith("/internal/");
            choices.add(Tuple.of(api ? 4 : 1, forOperation(op)));
        }
        return Arbitraries.frequencyOf(choices);
    }

    public Arbitrary<FuzzRequest> forOperation(OpenApi.Operation op) {
        Arbitrary<String> method = Arbitraries.frequencyOf(Tuple.of(24, Arbitraries.just(op.method())),
                Tuple.of(1, Arbitraries.of(OTHER_METHODS.stream().filter(m -> !m.equals(op.method())).toList())));
        Arbitrary<Optional<byte[]>> body = op.bodySchema() != null
                ? Arbitraries.frequencyOf(Tuple.of(19, bodies.body(op.bodySchema()).map(Optional::of)), Tuple.of(1, Arbitraries.just(Optional.empty())))
                : Arbitraries.frequencyOf(Tuple.of(19, Arbitraries.just(Optional.empty())),
                Tuple.of(1, Hostile.wrongTypes().map(t -> Optional.of(t.getBytes(StandardCharsets.UTF_8)))));
        return Combinators.combine(method, path(op), query(op), headers(op), body).as((m, path, query, headers, b) ->
                new FuzzRequest(op.name(), m, path + query, headers, b.orElse(null)));
    }

    private Arbitrary<String> path(OpenApi.Operation op) {
        List<OpenApi.Parameter> params = op.in("path");
        if (params.isEmpty()) {
            return Arbitraries.just(op.template());
        }
        List<Arbitrary<String>> segments = params.stream().map(p -> Arbitraries.frequencyOf(
                Tuple.of(9, bodies.text(p.schema(), p.name()).map(Requests::encode)),
                Tuple.of(1, Arbitraries.of(RAW_SEGMENTS)))).toList();
        return Combinators.combine(segments).as(values -> {
            String path = op.template();
            for (int i = 0; i < params.size(); i++) {
                path = path.replace("{" + params.get(i).name() + "}", values.get(i));
            }
            return path;
        });
    }

    private Arbitrary<String> query(OpenApi.Operation op) {
        List<Arbitrary<List<String>>> parts = new ArrayList<>();
        for (OpenApi.Parameter p : op.in("query")) {
            Arbitrary<String> value = p.name().equals("query") ? GraphQlQueries.queries()
                    : p.name().equals("variables") ? GraphQlQueries.variables()
                    : bodies.text(p.schema(), p.name());
            Arbitrary<String> pair = value.map(v -> p.name() + "=" + encode(v));
            parts.add(Arbitraries.frequencyOf(
                    Tuple.of(p.required() ? 1 : 5, Arbitraries.just(List.of())),
                    Tuple.of(p.required() ? 8 : 4, pair.map(List::of)),
                    Tuple.of(1, pair.list().ofSize(2))));
        }
        parts.add(Arbitraries.frequencyOf(Tuple.of(9, Arbitraries.just(List.of())),
                Tuple.of(1, Combinators.combine(Hostile.strings(), Hostile.strings()).as((k, v) -> List.of(encode(k) + "=" + encode(v))))));
        Arbitrary<String> query = Combinators.combine(parts).as(lists -> {
            List<String> pairs = lists.stream().flatMap(List::stream).toList();
            return pairs.isEmpty() ? "" : "?" + String.join("&", pairs);
        });
        return Arbitraries.frequencyOf(Tuple.of(19, query), Tuple.of(1, Arbitraries.of(RAW_QUERIES)));
    }

    private Arbitrary<List<Header>> headers(OpenApi.Operation op) {
        Arbitrary<String> uniqueKey = Arbitraries.strings().alpha().numeric().ofLength(24);
        Arbitrary<List<Header>> idempotencyKey = Arbitraries.frequencyOf(
                Tuple.of(80, uniqueKey.map(k -> List.of(new Header("Idempotency-Key", k)))),
                Tuple.of(6, Arbitraries.just(List.of())),
                Tuple.of(3, Arbitraries.of("", " ", "\t").map(k -> List.of(new Header("Idempotency-Key", k)))),
                Tuple.of(3, Arbitraries.of(255, 256, 7_000, 9_000).map(n -> List.of(new Header("Idempotency-Key", "k".repeat(n))))),
                Tuple.of(3, Hostile.strings().map(k -> List.of(new Header("Idempotency-Key", headerSafe(k))))),
                // a handful of keys shared by many requests: replays, and the same key with another body
                Tuple.of(3, Arbitraries.integers().between(1, 5).map(n -> List.of(new Header("Idempotency-Key", "fuzz-shared-" + n)))),
                Tuple.of(2, Combinators.combine(uniqueKey, uniqueKey).as((a, b) -> List.of(new Header("Idempotency-Key", a), new Header("Idempotency-Key", b)))));
        // a long-poll for an order that never changes waits as long as it was asked: 10 s waits are rare, for run time
        Arbitrary<List<Header>> prefer = optionalHeader("Prefer", 50, Arbitraries.frequencyOf(
                Tuple.of(150, Arbitraries.just("wait=0")),
                Tuple.of(80, Arbitraries.just("wait=1")),
                Tuple.of(10, Arbitraries.of("wait=2", "respond-async, wait=2")),
                Tuple.of(1, Arbitraries.of("wait=99999999999999999999", "wait=00000000000001")),
                Tuple.of(100, Arbitraries.of("wait=", "wait", "wait=abc", "wait=-1", "wait=1.5", "wait=1e3", "wait=0x10", "wait=١",
                        "wait=" + "9".repeat(5_000), "return=minimal", "handling=strict", ";;;", "wait==1", "wait=1, wait=2")),
                Tuple.of(50, Hostile.strings().map(Requests::headerSafe))));
        Arbitrary<List<Header>> contentType = Arbitraries.frequencyOf(
                Tuple.of(75, Arbitraries.just(List.of(new Header("Content-Type", "application/json")))),
                Tuple.of(6, Arbitraries.just(List.of())),
                Tuple.of(15, Arbitraries.of("text/plain", "application/x-www-form-urlencoded", "multipart/form-data; boundary=xyz",
                        "application/json; charset=utf-16", "application/json; charset=UTF-32", "application/json; charset=nonsense",
                        "application/json; charset=", "application/json;;;", "application/problem+json", "application/xml", "*/*", "",
                        "application/json, text/plain", "APPLICATION/JSON").map(t -> List.of(new Header("Content-Type", t)))),
                Tuple.of(4, Hostile.strings().map(t -> List.of(new Header("Content-Type", headerSafe(t))))));
        Arbitrary<List<Header>> accept = optionalHeader("Accept", 70, Arbitraries.of("application/json", "application/xml", "text/html", "*/*",
                "application/problem+json", "image/png", "application/json;q=0", ",,,"));
        Arbitrary<List<Header>> authorization = optionalHeader("Authorization", 85, Arbitraries.oneOf(
                Arbitraries.strings().alpha().ofMinLength(1).ofMaxLength(40).map(t -> "Bearer " + t),
                Arbitraries.of("Bearer", "Basic Zm9vOmJhcg==", "Bearer ..", "Bearer " + "a".repeat(9_000)),
                Hostile.strings().map(Requests::headerSafe)));
        Arbitrary<List<Header>> extra = Arbitraries.frequencyOf(
                Tuple.of(85, Arbitraries.just(List.of())),
                Tuple.of(4, Arbitraries.just(List.of(new Header("X-Scoville-Forwarded", "true")))),
                Tuple.of(3, Arbitraries.just(List.of(new Header("Content-Encoding", "gzip")))),
                Tuple.of(2, Arbitraries.just(List.of(new Header("Expect", "100-continue")))),
                Tuple.of(2, Arbitraries.of("X-HTTP-Method-Override", "X-Forwarded-For", "X-Forwarded-Host", "Cookie", "Range")
                        .map(name -> List.of(new Header(name, name.equals("Range") ? "bytes=-1,0-0,5-1" : "DELETE, ::1, \"x\"")))),
                Tuple.of(4, Combinators.combine(Arbitraries.of("X-Fuzz", "X-\u00e9", "X-Fuzz-" + "a".repeat(9_000)), Hostile.strings())
                        .as((name, value) -> List.of(new Header(name, headerSafe(value))))));
        return Combinators.combine(idempotencyKey, prefer, contentType, accept, authorization, extra).as((a, b, c, d, e, f) -> {
            List<Header> all = new ArrayList<>();
            List.of(a, b, c, d, e, f).forEach(all::addAll);
            return List.copyOf(all);
        });
    }

    private static Arbitrary<List<Header>> optionalHeader(String name, int absentPercent, Arbitrary<String> values) {
        return Arbitraries.frequencyOf(Tuple.of(absentPercent, Arbitraries.just(List.of())),
                Tuple.of(100 - absentPercent, values.map(v -> List.of(new Header(name, v)))));
    }

    /** A header value can hold neither a line break nor (in HTTP/1.1 framing) any way to end the header block. */
    private static String headerSafe(String value) {
        return value.replace('\r', ' ').replace('\n', ' ');
    }

    /** Percent-encodes every byte of the UTF-8 text but the unreserved characters (a lone surrogate becomes '?'). */
    static String encode(String value) {
        StringBuilder s = new StringBuilder();
        for (byte b : value.getBytes(StandardCharsets.UTF_8)) {
            int c = b & 0xff;
            if (c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '-' || c == '.' || c == '_' || c == '~') {
                s.append((char) c);
            } else {
                s.append('%').append(Character.toUpperCase(Character.forDigit(c >> 4, 16))).append(Character.toUpperCase(Character.forDigit(c & 15, 16)));
            }
        }
        return s.toString();
    }
}
