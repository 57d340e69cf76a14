package com.scoville.orders;

import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.RejectCode;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.Shortage;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockEvent;
import com.scoville.analytics.SaleEvents;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.catalog.Pricing;
import com.scoville.catalog.StockNeeds;
import com.scoville.commands.AppliedCommands;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.KeyValue;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The life of an order (and of an inventory hold), keyed by its id: intake, the reservation saga across
 * the SKUs' partitions, the client's moves, and expiry. It owns the order store, the allocations (what each
 * SKU was asked and answered) and the expiry index. Every change is published on 'order-status'.
 */
public final class OrderProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    public static final String ORDERS_STORE = "orders-store";
    public static final String ALLOCATIONS_STORE = "order-allocations";
    public static final String EXPIRY_STORE = "order-expiry";
    public static final String APPLIED_STORE = "order-applied-commands";

    public static final String TO_STATUS = "to-order-status";
    public static final String TO_STOCK = "to-stock-commands";
    public static final String TO_COMMANDS = "to-order-commands";
    public static final String TO_SALES = "to-sales";
    public static final String TO_OUTCOMES = "order-processor-outcomes";

    private final Duration reservationTtl;
    private final Duration expiryScanInterval;
    private final int maxLines;
    private final int maxQuantity;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, OrderState> orders;
    private KeyValueStore<String, StockAllocation> allocations;
    private KeyValueStore<String, String> expiry;
    private AppliedCommands clientCommands;
    private Catalog catalog;
    private OrderValidator validator;
    private OrderMetrics metrics;
    /**
     * The timestamp of the record being processed (wall clock in a punctuation). What this processor sends
     * to its own inputs (stock commands, order commands) carries it, so an answer is ordered by the time of
     * the order that caused it: Streams picks the oldest record among a task's inputs, and an answer stamped
     * "now" would wait behind every order accepted before it was sent.
     */
    private long causeTimestamp;

    public OrderProcessor(Duration reservationTtl, Duration expiryScanInterval, int maxLines, int maxQuantity) {
        this.reservationTtl = reservationTtl;
        this.expiryScanInterval = expiryScanInterval;
        this.maxLines = maxLines;
        this.maxQuantity = maxQuantity;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        orders = context.getStateStore(ORDERS_STORE);
        allocations = context.getStateStore(ALLOCATIONS_STORE);
        expiry = context.getStateStore(EXPIRY_STORE);
        clientCommands = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        catalog = CatalogUpdater.view(products);
        validator = new OrderValidator(catalog, maxLines, maxQuantity);
        metrics = new OrderMetrics(context.metrics(), context.taskId().toString());
        // Reservations expire by the wall clock: an idle partition must still give its stock back.
        context.schedule(expiryScanInterval, PunctuationType.WALL_CLOCK_TIME, this::expireDue);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        causeTimestamp = record.timestamp();
        SpecificRecord value = record.value();
        if (value instanceof Order order) {
            onOrder(record.key(), order);
        } else if (value instanceof StockEvent event) {
            onStockEvent(event);
        } else if (value instanceof OrderCommand command) {
            // a client's move or release, retried, is applied once
            clientCommands.once(command.getCommandId(), command.getRequestHash(), () -> changes(record.key(), command));
        }
    }

    /** Handles a command; true when the status of the order or hold it names changed (what a retry is told). */
    private boolean changes(String key, OrderCommand command) {
        String id = command.getOrderId() == null ? key : command.getOrderId();
        OrderState before = orders.get(id);
        onCommand(key, command);
        OrderState after = orders.get(id);
        return after != null && (before == null || after.getStatus() != before.getStatus());
    }

    // ---- intake ---------------------------------------------------------------------------------------------

    private void onOrder(String key, Order order) {
        if (order.getOrderId() == null || order.getOrderId().isBlank()) {
            order.setOrderId(key);
        }
        if (orders.get(order.getOrderId()) != null) {
            return; // the same order id twice is one order
        }
        Instant now = now();
        metrics.accepted();
        OrderValidator.Result validation = validator.validate(order);
        if (!validation.valid()) {
            OrderState pending = OrderStates.pending(order, order.getLines() == null ? List.of() : order.getLines(), now);
            List<String> skus = validation.code() == RejectCode.UNKNOWN_SKU ? validation.unknownSkus() : List.of();
            String message = validation.violations().stream().map(v -> v.field() + " " + v.message()).reduce((a, b) -> a + "; " + b).orElse("");
            publish(OrderStates.rejected(pending, validation.code(), skus, message, now));
            metrics.decided(false, 0);
            return;
        }
        List<OrderLine> priced = new ArrayList<>();
        for (OrderLine line : order.getLines()) {
            Product product = catalog.find(line.getSku()).orElseThrow();
            priced.add(OrderLine.newBuilder(line).setUnitPriceCents(Pricing.unitPriceCents(product, order.getChannel())).build());
        }
        OrderState state = OrderStates.pending(order, priced, now);
        Map<String, Integer> needs = StockNeeds.of(priced, catalog);
        allocations.put(state.getOrderId(), allocation(state.getOrderId(), needs));
        publish(state);
        if (order.getReservationId() != null) {
            send(order.getReservationId(), OrderCommand.newBuilder().setOrderId(order.getReservationId())
                    .setType(OrderCommandType.TAKE_HOLD).setAt(now).setTakerId(state.getOrderId())
                    .setLines(asLines(needs)).build());
        } else {
            reserve(state.getOrderId(), needs, now);
        }
    }

    private void onPlaceHold(String holdId, OrderCommand command, Instant now) {
        if (orders.get(holdId) != null) {
            return;
        }
        Map<String, Integer> needs = StockNeeds.of(command.getLines(), catalog);
        OrderState hold = OrderStates.hold(holdId, command.getLines(), now);
        hold.setExpiresAt(now.plusSeconds(command.getTtlSeconds()));
        hold.setRequestHash(command.getRequestHash()); // like an order's: a retry with another body is told apart
        allocations.put(holdId, allocation(holdId, needs));
        publish(hold);
        reserve(holdId, needs, now);
    }

    // ---- the reservation saga -------------------------------------------------------------------------------

    private void onStockEvent(StockEvent event) {
        String id = event.getOwnerId();
        OrderState state = orders.get(id);
        StockAllocation allocation = allocations.get(id);
        if (state == null || allocation == null) {
            return;
        }
        Instant now = now();
        switch (event.getType()) {
            case RESERVED -> {
                if (state.getStatus() != OrderStatus.PENDING) {
                    // too late: the order was decided without this line, give the stock straight back
                    sendStock(StockCommandType.RELEASE, event.getSku(), event.getQuantity(), id, now);
                    return;
                }
                allocation.getReserved().put(event.getSku(), event.getQuantity());
            }
            case SHORT -> allocation.getShortages().put(event.getSku(), event.getAvailable());
            case RELEASED, COMMITTED -> {
                allocation.getReserved().remove(event.getSku());
                allocations.put(id, allocation);
                return;
            }
            default -> {
                return;
            }
        }
        allocations.put(id, allocation);
        if (state.getStatus() == OrderStatus.PENDING && answered(allocation)) {
            decide(state, allocation, now);
        }
    }

    private static boolean answered(StockAllocation allocation) {
        return allocation.getRequested().keySet().stream()
                .allMatch(sku -> allocation.getReserved().containsKey(sku) || allocation.getShortages().containsKey(sku));
    }

    /** All lines answered: reserved if every SKU said yes, else rejected and the yeses released (compensation). */
    private void decide(OrderState state, StockAllocation allocation, Instant now) {
        if (state.getKind() == OrderKind.ORDER) {
            metrics.decided(allocation.getShortages().isEmpty(), Duration.between(state.getHistory().get(0).getAt(), now).toMillis());
        }
        if (allocation.getShortages().isEmpty()) {
            OrderState reserved = OrderStates.moved(state, OrderStatus.RESERVED, now);
            if (reserved.getKind() == OrderKind.ORDER) {
                reserved.setExpiresAt(now.plus(reservationTtl));
            }
            scheduleExpiry(reserved);
            publish(reserved);
            return;
        }
        releaseAll(allocation, now);
        List<String> shortSkus = new ArrayList<>(allocation.getShortages().keySet());
        shortSkus.sort(null);
        OrderState rejected = OrderStates.rejected(state, RejectCode.OUT_OF_STOCK, shortSkus, "not enough stock", now);
        rejected.getRejectReason().setShortages(shortSkus.stream().map(sku -> Shortage.newBuilder().setSku(sku)
                .setRequested(allocation.getRequested().get(sku)).setAvailable(allocation.getShortages().get(sku)).build()).toList());
        publish(rejected);
    }

    // ---- moves asked by clients, holds, expiry ---------------------------------------------------------------

    private void onCommand(String key, OrderCommand command) {
        Instant now = now();
        String id = command.getOrderId() == null ? key : command.getOrderId();
        if (command.getType() == OrderCommandType.PLACE_HOLD) {
            onPlaceHold(id, command, now);
            return;
        }
        OrderState state = orders.get(id);
        if (state == null) {
            if (command.getType() == OrderCommandType.TAKE_HOLD) {
                refuseHold(id, command.getTakerId(), now); // no such hold: the order must not wait for it
            }
            return;
        }
        switch (command.getType()) {
            case PAY -> move(state, OrderStatus.PAID, paymentTime(command, now));
            case SHIP -> move(state, OrderStatus.SHIPPED, now);
            case DELIVER -> move(state, OrderStatus.DELIVERED, now);
            case CANCEL -> move(state, OrderStatus.CANCELLED, now);
            case EXPIRE -> expire(state, now);
            case TAKE_HOLD -> onTakeHold(state, command, now);
            case HOLD_GRANTED -> onHoldGranted(state, command.getTakerId(), now);
            case HOLD_REFUSED -> onHoldRefused(state, now);
            default -> { }
        }
    }

    /** A client's move; an illegal one changes nothing (the API answers 409 from the state it sees). */
    private void move(OrderState state, OrderStatus to, Instant now) {
        if (!OrderLifecycle.canMove(state.getStatus(), to) || (state.getKind() == OrderKind.HOLD && to != OrderStatus.CANCELLED)) {
            return;
        }
        StockAllocation allocation = allocations.get(state.getOrderId());
        OrderState moved = OrderStates.moved(state, to, now);
        switch (to) {
            case PAID -> {
                moved.setPaidAt(now);
                moved.setExpiresAt(null);
                unscheduleExpiry(state);
                forwardSale(moved.getOrderId(), SaleEvents.payment(moved, catalog, now));
            }
            case SHIPPED -> commitAll(allocation, now);
            case CANCELLED -> {
                unscheduleExpiry(state);
                releaseAll(allocation, now);
                if (state.getStatus() == OrderStatus.PAID) {
                    forwardSale(moved.getOrderId(), SaleEvents.refund(moved, catalog, now));
                }
            }
            default -> { }
        }
        publish(moved);
    }

    /**
     * When a payment happened: the time the client or partner says, unless it lies in the future or before
     * the reservation (a partner's late batch lands in the windows of its own time).
     */
    private static Instant paymentTime(OrderCommand command, Instant now) {
        Instant at = command.getAt();
        return at == null || at.isAfter(now) ? now : at;
    }

    private void expire(OrderState state, Instant now) {
        if (state.getStatus() != OrderStatus.RESERVED || state.getExpiresAt() == null || state.getExpiresAt().isAfter(now)) {
            return;
        }
        releaseAll(allocations.get(state.getOrderId()), now);
        publish(OrderStates.moved(state, OrderStatus.EXPIRED, now));
        if (state.getKind() == OrderKind.ORDER) {
            metrics.expired();
        }
    }

    private void expireDue(long wallClockMs) {
        causeTimestamp = wallClockMs;
        Instant now = Instant.ofEpochMilli(wallClockMs);
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = expiry.range(ExpiryKeys.FIRST, ExpiryKeys.upTo(now))) {
            it.forEachRemaining(due::add);
        }
        for (KeyValue<String, String> entry : due) {
            expiry.delete(entry.key);
            OrderState state = orders.get(entry.value);
            if (state != null) {
                expire(state, now);
            }
        }
    }

    /** To the hold: an order wants to take it over with exactly the stock it holds. */
    private void onTakeHold(OrderState hold, OrderCommand command, Instant now) {
        StockAllocation allocation = allocations.get(hold.getOrderId());
        Map<String, Integer> wanted = new HashMap<>();
        command.getLines().forEach(l -> wanted.put(l.getSku(), l.getQuantity()));
        boolean grantable = hold.getKind() == OrderKind.HOLD && hold.getStatus() == OrderStatus.RESERVED
                && hold.getExpiresAt() != null && hold.getExpiresAt().isAfter(now)
                && allocation != null && allocation.getReserved().equals(wanted);
        if (!grantable) {
            refuseHold(hold.getOrderId(), command.getTakerId(), now);
            return;
        }
        unscheduleExpiry(hold);
        publish(OrderStates.moved(hold, OrderStatus.TAKEN, now));
        send(command.getTakerId(), OrderCommand.newBuilder().setOrderId(command.getTakerId())
                .setType(OrderCommandType.HOLD_GRANTED).setAt(now).setTakerId(hold.getOrderId()).build());
    }

    private void refuseHold(String holdId, String takerId, Instant now) {
        send(takerId, OrderCommand.newBuilder().setOrderId(takerId).setType(OrderCommandType.HOLD_REFUSED)
                .setAt(now).setTakerId(holdId).build());
    }

    /** To the order: the hold is ours; its stock reservations are now this order's. */
    private void onHoldGranted(OrderState state, String holdId, Instant now) {
        StockAllocation allocation = allocations.get(state.getOrderId());
        if (state.getStatus() != OrderStatus.PENDING || allocation == null) {
            return;
        }
        allocation.setOwnerId(holdId);
        allocation.setReserved(new HashMap<>(allocation.getRequested()));
        allocations.put(state.getOrderId(), allocation);
        decide(state, allocation, now);
    }

    /** The hold is gone or does not match: reserve the stock the usual way. */
    private void onHoldRefused(OrderState state, Instant now) {
        StockAllocation allocation = allocations.get(state.getOrderId());
        if (state.getStatus() != OrderStatus.PENDING || allocation == null) {
            return;
        }
        reserve(state.getOrderId(), allocation.getRequested(), now);
    }

    // ---- helpers --------------------------------------------------------------------------------------------

    private void reserve(String ownerId, Map<String, Integer> needs, Instant now) {
        needs.forEach((sku, qty) -> sendStock(StockCommandType.RESERVE, sku, qty, ownerId, now));
    }

    private void releaseAll(StockAllocation allocation, Instant now) {
        if (allocation != null) {
            allocation.getReserved().forEach((sku, qty) -> sendStock(StockCommandType.RELEASE, sku, qty, allocation.getOwnerId(), now));
        }
    }

    private void commitAll(StockAllocation allocation, Instant now) {
        if (allocation != null) {
            allocation.getReserved().forEach((sku, qty) -> sendStock(StockCommandType.COMMIT, sku, qty, allocation.getOwnerId(), now));
        }
    }

    private void sendStock(StockCommandType type, String sku, int quantity, String ownerId, Instant now) {
        forward(TO_STOCK, sku, StockCommand.newBuilder().setType(type).setSku(sku).setQuantity(quantity)
                .setOwnerId(ownerId).setAt(now).build(), causeTimestamp);
    }

    private void send(String key, OrderCommand command) {
        forward(TO_COMMANDS, key, command, causeTimestamp);
    }

    private void scheduleExpiry(OrderState state) {
        if (state.getExpiresAt() != null) {
            expiry.put(ExpiryKeys.of(state.getExpiresAt(), state.getOrderId()), state.getOrderId());
        }
    }

    private void unscheduleExpiry(OrderState state) {
        if (state.getExpiresAt() != null) {
            expiry.delete(ExpiryKeys.of(state.getExpiresAt(), state.getOrderId()));
        }
    }

    private void publish(OrderState state) {
        orders.put(state.getOrderId(), state);
        forward(TO_STATUS, state.getOrderId(), state, context.currentSystemTimeMs());
    }

    /** Windows count a sale when it was paid. */
    private void forwardSale(String orderId, SaleEvent sale) {
        forward(TO_SALES, orderId, sale, sale.getAt().toEpochMilli());
    }

    private void forward(String child, String key, SpecificRecord value, long timestamp) {
        context.forward(new Record<>(key, value, timestamp), child);
    }

    private Instant now() {
        return Instant.ofEpochMilli(context.currentSystemTimeMs());
    }

    private static StockAllocation allocation(String ownerId, Map<String, Integer> needs) {
        return StockAllocation.newBuilder().setOwnerId(ownerId).setRequested(new HashMap<>(needs))
                .setReserved(new HashMap<>()).setShortages(new HashMap<>()).build();
    }

    private static List<OrderLine> asLines(Map<String, Integer> needs) {
        return needs.entrySet().stream()
                .map(e -> OrderLine.newBuilder().setSku(e.getKey()).setQuantity(e.getValue()).build())
                .toList();
    }
}
