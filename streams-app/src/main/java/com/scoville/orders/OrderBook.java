package com.scoville.orders;

import com.scoville.analytics.FunnelCounter;
import com.scoville.audit.AuditTrail;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.catalog.Catalog;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * What the parts of an order's life share within one task of the {@link OrderProcessor}: the order store, the
 * allocations (what each SKU was asked for and answered), the expiry index, and the way every change is
 * published and stock is asked for or given back.
 */
final class OrderBook {
    final KeyValueStore<String, OrderState> orders;
    final KeyValueStore<String, StockAllocation> allocations;
    final ExpiryIndex expiry;
    final Catalog catalog;
    final OrderMetrics metrics;
    final Duration reservationTtl;
    /** The audit entries of the changes clients asked for, in the transaction that makes them. */
    final AuditTrail audit;
    /** The funnel of the steps this processor makes (decisions made where the stock is are counted there). */
    final FunnelCounter funnel;
    private final ProcessorContext<String, SpecificRecord> context;
    /**
     * The timestamp of the record being processed (wall clock in a punctuation). What the processor sends
     * to its own inputs (stock commands, order commands) carries it, so an answer is ordered by the time of
     * the order that caused it: Streams picks the oldest record among a task's inputs, and an answer stamped
     * "now" would wait behind every order accepted before it was sent.
     */
    private long causeTimestamp;

    OrderBook(ProcessorContext<String, SpecificRecord> context, Catalog catalog, OrderMetrics metrics, Duration reservationTtl,
              FunnelCounter funnel) {
        this.context = context;
        this.orders = context.getStateStore(OrderProcessor.ORDERS_STORE);
        this.allocations = context.getStateStore(OrderProcessor.ALLOCATIONS_STORE);
        this.expiry = new ExpiryIndex(context.getStateStore(OrderProcessor.EXPIRY_STORE));
        this.catalog = catalog;
        this.metrics = metrics;
        this.reservationTtl = reservationTtl;
        this.audit = new AuditTrail(context, OrderProcessor.TO_AUDIT);
        this.funnel = funnel;
    }

    void causedAt(long timestamp) {
        causeTimestamp = timestamp;
    }

    Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    /** The order's new state: kept, and told on 'order-status'. */
    void publish(OrderState state) {
        keep(state);
        republish(state);
    }

    /** The order's new state, kept; the funnel steps it reached here are counted with it. */
    void keep(OrderState state) {
        OrderState before = orders.get(state.getOrderId());
        orders.put(state.getOrderId(), state);
        funnel.count(before, state);
    }

    /** A decision made where the stock is, kept as the order's state (counted in the funnel where it was made). */
    void follow(OrderState decided) {
        orders.put(decided.getOrderId(), decided);
    }

    /** The order as it is, told again on 'order-status' (the topic ends with the order's true state). */
    void republish(OrderState state) {
        forward(OrderProcessor.TO_STATUS, state.getOrderId(), state, context.currentSystemTimeMs());
    }

    /** Windows count a sale when it was paid. */
    void forwardSale(String orderId, SaleEvent sale) {
        forward(OrderProcessor.TO_SALES, orderId, sale, sale.getAt().toEpochMilli());
    }

    void reserve(String ownerId, Map<String, Integer> needs, Instant now) {
        needs.forEach((sku, qty) -> sendStock(StockCommandType.RESERVE, sku, qty, ownerId, now));
    }

    void releaseAll(StockAllocation allocation, Instant now) {
        if (allocation != null) {
            allocation.getReserved().forEach((sku, qty) -> sendStock(StockCommandType.RELEASE, sku, qty, allocation.getOwnerId(), now));
        }
    }

    void commitAll(StockAllocation allocation, Instant now) {
        if (allocation != null) {
            allocation.getReserved().forEach((sku, qty) -> sendStock(StockCommandType.COMMIT, sku, qty, allocation.getOwnerId(), now));
        }
    }

    void sendStock(StockCommandType type, String sku, int quantity, String ownerId, Instant now) {
        forward(OrderProcessor.TO_STOCK, sku, StockCommand.newBuilder().setType(type).setSku(sku).setQuantity(quantity)
                .setOwnerId(ownerId).setAt(now).build(), causeTimestamp);
    }

    /** A command to an order or hold of this processor (through 'order-commands'). */
    void send(String key, OrderCommand command) {
        forward(OrderProcessor.TO_COMMANDS, key, command, causeTimestamp);
    }

    /**
     * What an order holds of each SKU. An order decided from answers or by the saga keeps its allocation in the
     * store; an order decided in one hop carries what it holds in its state ({@code holds}), under its own id.
     */
    StockAllocation allocationOf(OrderState state) {
        StockAllocation kept = allocations.get(state.getOrderId());
        if (kept != null) {
            return kept;
        }
        Map<String, Integer> units = state.getStatus() != OrderStatus.REJECTED && state.getStatus() != OrderStatus.PENDING
                ? state.getHolds() : Map.of();
        StockAllocation derived = allocation(state.getOrderId(), units);
        derived.setReserved(new HashMap<>(units));
        return derived;
    }

    /**
     * What an order holds under its own id (the stock's entries are kept per SKU and owner): an order that took
     * over a hold holds the hold's entries, and a second decision under the order's id holds entries of its own.
     */
    Map<String, Integer> heldUnderItsOwnId(OrderState known) {
        StockAllocation allocation = allocationOf(known);
        return known.getOrderId().equals(allocation.getOwnerId()) ? allocation.getReserved() : Map.of();
    }

    /** Gives back what a decision that does not stand reserved, except what the order holds under its own id. */
    void giveBack(OrderState known, Map<String, Integer> reserved, Instant now) {
        Map<String, Integer> keep = heldUnderItsOwnId(known);
        reserved.forEach((sku, qty) -> {
            if (!keep.containsKey(sku)) {
                sendStock(StockCommandType.RELEASE, sku, qty, known.getOrderId(), now);
            }
        });
    }

    static StockAllocation allocation(String ownerId, Map<String, Integer> needs) {
        return StockAllocation.newBuilder().setOwnerId(ownerId).setRequested(new HashMap<>(needs))
                .setReserved(new HashMap<>()).setShortages(new HashMap<>()).build();
    }

    static List<OrderLine> asLines(Map<String, Integer> needs) {
        return needs.entrySet().stream()
                .map(e -> OrderLine.newBuilder().setSku(e.getKey()).setQuantity(e.getValue()).build())
                .toList();
    }

    private void forward(String child, String key, SpecificRecord value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), child);
    }
}
