package com.scoville.bench;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.SaleEvent;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistryClient;

import org.apache.kafka.common.serialization.Deserializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Runs the {@link IntegrityAudit} against the service: reads 'order-status' and 'sales' from the beginning,
 * asks the stock store for each SKU touched and the analytics for the day's revenue. Stock releases and
 * window updates trail the orders by a moment, so a failing verdict is asked again, with the topics read
 * further, for up to {@code settle}; the last verdict stands.
 */
final class AuditRunner {
    private static final Duration READ_TIMEOUT = Duration.ofMinutes(2);
    private static final String SALES_QUERY = "{ sales(window: DAY) { windowStart revenueCents } }";

    private AuditRunner() { }

    static IntegrityAudit.Result run(RunContext ctx, IntegrityAudit.Expectations base, Duration settle) {
        IntegrityAudit audit = new IntegrityAudit(ctx.runDay());
        SchemaRegistryClient registry = new SchemaRegistryClient(ctx.target.registryUrl);
        Map<String, Map<String, Integer>> bundles = ctx.catalog().bundleComponents();
        Set<String> skus = ctx.catalog().stocked(ctx.touchedSkus);
        try (TopicScan<OrderState> statuses = new TopicScan<>(ctx.target.bootstrap, Kafka.ORDER_STATUS,
                AvroSerdes.specific(registry, OrderState.class, false).deserializer());
             TopicScan<SaleEvent> sales = new TopicScan<>(ctx.target.bootstrap, Kafka.SALES,
                     AvroSerdes.specific(registry, SaleEvent.class, false).deserializer());
             TopicScan<Order> written = new TopicScan<>(ctx.target.bootstrap, Kafka.ORDERS, leniently(
                     AvroSerdes.specific(registry, Order.class, false).deserializer()))) {
            long deadline = System.nanoTime() + settle.toNanos();
            long records = 0;
            while (true) {
                records += statuses.catchUp(audit::orderState, READ_TIMEOUT);
                sales.catchUp((key, sale) -> audit.sale(sale), READ_TIMEOUT);
                written.catchUp(audit::orderWritten, READ_TIMEOUT);
                List<IntegrityAudit.Stock> stocks = stocks(ctx.api, skus);
                Analytics analytics = analytics(ctx);
                IntegrityAudit.Expectations expect = new IntegrityAudit.Expectations(base.acceptedIds(), base.movedTo(),
                        base.flashSku(), base.onHandAtStart(), base.restocked(), base.since(), Instant.now(), base.refusedMoves());
                IntegrityAudit.Result result = audit.verdict(expect, bundles, stocks, analytics.cents(), analytics.note());
                if (result.ok() || System.nanoTime() > deadline) {
                    System.out.printf("Audit read %d order-status records (%d orders), %d SKUs%n", records, result.ordersOnTopic(), stocks.size());
                    return result;
                }
                Threads.sleep(Duration.ofSeconds(1));
            }
        }
    }

    /** Anyone may write 'orders': a record that is no order is no accepted order either, and stops no audit. */
    private static Deserializer<Order> leniently(Deserializer<Order> orders) {
        return (topic, data) -> {
            try {
                return orders.deserialize(topic, data);
            } catch (RuntimeException unreadable) {
                return null;
            }
        };
    }

    private static List<IntegrityAudit.Stock> stocks(Api api, Set<String> skus) {
        List<IntegrityAudit.Stock> out = new ArrayList<>();
        for (String sku : skus) {
            Api.Answer a = api.get("/v1/inventory/" + sku);
            if (a.status() != 200 || a.body() == null) {
                throw new IllegalStateException("GET /v1/inventory/" + sku + " answered " + a.status() + ": " + a.raw());
            }
            out.add(new IntegrityAudit.Stock(sku, a.body().path("onHand").asInt(), a.body().path("reserved").asInt()));
        }
        return out;
    }

    /** The GraphQL revenue of the run's day, or null with the reason it could not be had. */
    record Analytics(Long cents, String note) { }

    static Analytics analytics(RunContext ctx) {
        Api.Answer a;
        try {
            a = ctx.api.call("POST", "/v1/analytics/sales", Map.of("query", SALES_QUERY));
        } catch (RuntimeException e) {
            return new Analytics(null, "POST /v1/analytics/sales failed: " + e.getMessage());
        }
        if (a.status() == 404 || a.status() == 405) {
            return new Analytics(null, "POST /v1/analytics/sales answered " + a.status() + ": not built yet, revenue compared with the sales topic only");
        }
        if (a.status() != 200 || a.body() == null || a.body().has("errors") && !a.body().path("errors").isEmpty()) {
            return new Analytics(null, "POST /v1/analytics/sales answered " + a.status() + ": " + abbreviate(a.raw()));
        }
        String day = ctx.runDay().toString();
        long cents = 0;
        for (JsonNode bucket : a.body().path("data").path("sales")) {
            if (bucket.path("windowStart").asText().startsWith(day)) {
                cents += bucket.path("revenueCents").asLong();
            }
        }
        return new Analytics(cents, "GraphQL sales(window: DAY), bucket of " + day);
    }

    private static String abbreviate(String s) {
        return s == null ? "" : s.length() > 300 ? s.substring(0, 300) + "…" : s;
    }
}
