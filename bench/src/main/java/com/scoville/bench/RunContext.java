package com.scoville.bench;

import com.scoville.avro.OrderStatus;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;

/** What one run shares between its parts: the service, the tracker, the SKUs it touched and what it noticed. */
final class RunContext {
    final String scenario;
    final String runId;
    final Instant startedAt = Instant.now();
    final BenchTarget target;
    final Api api;
    final OrderTracker tracker = new OrderTracker();
    final Set<String> touchedSkus = ConcurrentHashMap.newKeySet();
    final Map<String, Set<OrderStatus>> movedTo = new ConcurrentHashMap<>();
    /** Moves the API refused with 409: the audit checks they did not happen after all. */
    final Map<String, Set<OrderStatus>> refusedMoves = new ConcurrentHashMap<>();
    final Map<String, Object> extras = Collections.synchronizedMap(new LinkedHashMap<>());
    /** A scenario's own fields, shown at the top level of its report beside the usual ones. */
    final Map<String, Object> topLevel = Collections.synchronizedMap(new LinkedHashMap<>());
    final List<String> notes = Collections.synchronizedList(new ArrayList<>());
    final double loadAverageAtStart = Machine.loadAverage();
    final Set<String> warmupIds = ConcurrentHashMap.newKeySet();
    /** The warm-up's orders whose final status came with the answer (the relational twin's): id → status. */
    final Map<String, String> warmupFinals = new ConcurrentHashMap<>();
    volatile Instant loadStartedAt;
    /** The warm-up's own tracker while it runs, so its orders stay out of the figures. */
    volatile OrderTracker warmup;
    private BenchCatalog catalog;

    RunContext(String scenario, BenchTarget target) {
        this(scenario, target, target.httpUrl, target.authorization, Long.toString(System.currentTimeMillis() % 2_176_782_336L, 36), null); // 6 base-36 characters
    }

    private RunContext(String scenario, BenchTarget target, String httpUrl, String authorization, String runId, BenchCatalog catalog) {
        this.scenario = scenario;
        this.target = target;
        this.api = httpUrl == null ? null : new Api(httpUrl, authorization);
        this.runId = runId;
        this.catalog = catalog;
    }

    /**
     * The same scenario against another service that takes the same orders (the relational twin at {@code httpUrl}):
     * the same run id, so the same idempotency keys and buyers, and this run's catalog. Its own tracker and figures.
     */
    RunContext against(String httpUrl) {
        // the twin has no authentication: it gets no token
        return new RunContext(scenario, target, httpUrl, null, runId, catalog());
    }

    LocalDate runDay() {
        return LocalDate.ofInstant(startedAt, ZoneOffset.UTC);
    }

    synchronized BenchCatalog catalog() {
        if (catalog == null) {
            catalog = BenchCatalog.load(api);
        }
        return catalog;
    }

    synchronized void reloadCatalog() {
        catalog = null;
    }

    /**
     * POST /v1/orders with a fresh Idempotency-Key, tracked: accepted on 200/202, an error otherwise. An answer that
     * carries the final status (RESERVED or REJECTED: the relational twin's, or Scoville's with Prefer: wait) is also
     * the order's final, at the moment the answer arrived.
     */
    CompletableFuture<Void> placeOverHttp(String idempotencyKey, Map<String, Object> body) {
        return placeOverHttp(tracker, idempotencyKey, body);
    }

    CompletableFuture<Void> placeOverHttp(OrderTracker tracker, String idempotencyKey, Map<String, Object> body) {
        long sentAt = tracker.sending();
        return api.send("POST", "/v1/orders", body, Map.of("Idempotency-Key", idempotencyKey)).handle((answer, error) -> {
            if (error != null) {
                tracker.error(Api.errorKind(error));
            } else if ((answer.status() == 202 || answer.status() == 200) && answer.text("orderId") != null) {
                String orderId = answer.text("orderId");
                tracker.accepted(orderId, sentAt);
                String status = answer.text("status");
                if ("RESERVED".equals(status) || "REJECTED".equals(status)) {
                    tracker.finalSeen(orderId, status, System.nanoTime());
                }
            } else {
                tracker.error("HTTP " + answer.status() + " " + Problem.title(answer));
            }
            return null;
        });
    }

    /** PUT /v1/products/{sku}: a new sauce; returns once the catalog shows it. */
    void createSauce(String sku, String name, long priceCents, long wholesalePriceCents) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("name", name);
        body.put("type", "SAUCE");
        body.put("family", "flash-sale");
        body.put("heatLevel", 9);
        body.put("sizeMl", 100);
        body.put("priceCents", priceCents);
        body.put("wholesalePriceCents", wholesalePriceCents);
        Api.Answer created = api.write("PUT", "/v1/products/" + sku, body);
        if (!created.ok()) {
            throw new IllegalStateException("PUT /v1/products/" + sku + " answered " + created.status() + ": " + created.raw());
        }
        Threads.require("product " + sku + " visible", Duration.ofSeconds(30), () -> api.get("/v1/products/" + sku).status() == 200);
        reloadCatalog();
    }

    /** The stock of a SKU: onHand and available. */
    int[] stock(String sku) {
        Api.Answer a = api.get("/v1/inventory/" + sku);
        if (a.status() != 200 || a.body() == null) {
            throw new IllegalStateException("GET /v1/inventory/" + sku + " answered " + a.status() + ": " + a.raw());
        }
        return new int[] {a.body().path("onHand").asInt(), a.body().path("available").asInt()};
    }

    /** Adds {@code units} (none when 0) to each of {@code skus}, waits until the stock shows it, and counts the SKUs as touched. */
    void restockEach(List<String> skus, int units) {
        if (units > 0) {
            Map<String, Integer> each = new LinkedHashMap<>();
            skus.forEach(s -> each.put(s, units));
            restockAndWait(each);
        }
        touchedSkus.addAll(skus);
    }

    /** Restocks each SKU by its units and returns once every restock shows in the stock store. */
    void restockAndWait(Map<String, Integer> units) {
        Map<String, Integer> before = new HashMap<>();
        units.keySet().forEach(sku -> before.put(sku, stock(sku)[0]));
        units.forEach((sku, n) -> {
            Api.Answer a = api.write("POST", "/v1/inventory/" + sku + "/restock", Map.of("quantity", n));
            if (a.status() != 202) {
                throw new IllegalStateException("Restock of " + sku + " answered " + a.status() + ": " + a.raw());
            }
        });
        Threads.require("restocks visible", Duration.ofSeconds(60),
                () -> units.entrySet().stream().allMatch(e -> stock(e.getKey())[0] >= before.get(e.getKey()) + e.getValue()));
    }

    /** Every order id the audit must find: the load's and the warm-up's. */
    Set<String> acceptedIds() {
        Set<String> all = new java.util.HashSet<>(tracker.acceptedIds());
        all.addAll(warmupIds);
        return all;
    }

    void note(String text) {
        notes.add(text);
        System.out.println("Note: " + text);
    }
}
