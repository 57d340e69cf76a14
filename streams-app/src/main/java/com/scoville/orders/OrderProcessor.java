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
import com.scoville.avro.ReservationAnswer;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.Shortage;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockEvent;
import com.scoville.analytics.SaleEvents;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
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
import org.apache.kafka.common.serialization.StringSerializer;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The life of an order (and of an inventory hold), keyed by its id. Orders of one SKU are decided in one hop by
 * the {@link com.scoville.inventory.ReservationProcessor}; this processor follows those decisions from
 * 'order-status' (off the buyer's path) and runs everything else: the reservation saga across the SKUs'
 * partitions for orders of several SKUs and holds, the client's moves, and expiry. It owns the order store,
 * the allocations of saga orders (what each SKU was asked and answered), the expiry index and the moves that
 * arrived before the decision they follow. Every change it makes is published on 'order-status'.
 */
public final class OrderProcessor implements Processor<String, SpecificRecord, String, SpecificRecord> {
    public static final String ORDERS_STORE = "orders-store";
    public static final String ALLOCATIONS_STORE = "order-allocations";
    public static final String EXPIRY_STORE = "order-expiry";
    public static final String PARKED_STORE = "order-parked-commands";
    public static final String APPLIED_STORE = "order-applied-commands";

    public static final String TO_STATUS = "to-order-status";
    public static final String TO_STOCK = "to-stock-commands";
    public static final String TO_COMMANDS = "to-order-commands";
    public static final String TO_SALES = "to-sales";
    public static final String TO_OUTCOMES = "order-processor-outcomes";

    private static final java.util.Set<OrderCommandType> MOVES = java.util.EnumSet.of(OrderCommandType.PAY,
            OrderCommandType.SHIP, OrderCommandType.DELIVER, OrderCommandType.CANCEL);

    /** How long an order whose stock is in several partitions waits for all of their answers. */
    private static final Duration ANSWER_DEADLINE = Duration.ofSeconds(30);

    /** How far the clocks of two instances may differ when a parked move is matched to its decision. */
    private static final Duration PARKED_CLOCK_SKEW = Duration.ofSeconds(5);

    private final Duration reservationTtl;
    private final Duration expiryScanInterval;
    private final int maxLines;
    private final int maxQuantity;

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, OrderState> orders;
    private KeyValueStore<String, StockAllocation> allocations;
    private KeyValueStore<String, String> expiry;
    private KeyValueStore<String, OrderCommand> parked;
    private AppliedCommands clientCommands;
    private Catalog catalog;
    private OrderIntake intake;
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
        parked = context.getStateStore(PARKED_STORE);
        clientCommands = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        catalog = CatalogUpdater.view(products);
        intake = new OrderIntake(catalog, maxLines, maxQuantity);
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
            String id = command.getOrderId() == null ? record.key() : command.getOrderId();
            if (orders.get(id) == null && MOVES.contains(command.getType())) {
                park(id, command); // its outcome is told when it is applied, after the decision it follows
            } else {
                applyOnce(record.key(), command);
            }
        } else if (value instanceof OrderState state) {
            onStatus(state);
        } else if (value instanceof ReservationAnswer answer) {
            onAnswer(answer);
        }
    }

    /** A client's move or release, retried, is applied once. */
    private void applyOnce(String key, OrderCommand command) {
        clientCommands.once(command.getCommandId(), command.getRequestHash(), () -> changes(key, command));
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
        OrderIntake.Admitted admitted = intake.admit(order, now);
        if (!admitted.valid()) {
            publish(admitted.state());
            metrics.decided(false, 0);
            return;
        }
        OrderState state = admitted.state();
        Map<String, Integer> needs = StockNeeds.of(state.getLines(), catalog);
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

    // ---- orders whose stock is in several partitions: decided from their answers ---------------------------

    /**
     * One partition's answer. The first creates the PENDING order with a deadline; when every SKU has answered,
     * the order is decided (and what was reserved is given back if any SKU said no). An answer for an order that
     * is no longer waiting (decided, or another body under the same id) gives back what it reserved.
     */
    private void onAnswer(ReservationAnswer answer) {
        OrderState pending = answer.getOrder();
        String id = pending.getOrderId();
        Instant now = now();
        OrderState known = orders.get(id);
        StockAllocation allocation = allocations.get(id);
        if (known == null) {
            metrics.accepted();
            known = pending;
            known.setExpiresAt(now.plus(ANSWER_DEADLINE));
            orders.put(id, known);
            scheduleExpiry(known);
            allocation = allocation(id, answer.getRequested());
        } else if (known.getStatus() != OrderStatus.PENDING || allocation == null || !known.getLines().equals(pending.getLines())) {
            Map<String, Integer> keep = heldUnderItsOwnId(known);
            answer.getReserved().forEach((sku, qty) -> {
                if (!keep.containsKey(sku)) {
                    sendStock(StockCommandType.RELEASE, sku, qty, id, now);
                }
            });
            return;
        }
        allocation.getReserved().putAll(answer.getReserved());
        allocation.getShortages().putAll(answer.getShortages());
        allocations.put(id, allocation);
        if (answered(allocation)) {
            unscheduleExpiry(known);
            known.setExpiresAt(null);
            decide(known, allocation, now);
        }
    }

    /** Not every SKU answered in time (a copy of the order was never written): rejected, what was reserved back. */
    private void abandon(OrderState pending, Instant now) {
        StockAllocation allocation = allocations.get(pending.getOrderId());
        releaseAll(allocation, now);
        List<String> silent = allocation == null ? List.of() : allocation.getRequested().keySet().stream()
                .filter(sku -> !allocation.getReserved().containsKey(sku) && !allocation.getShortages().containsKey(sku))
                .sorted().toList();
        OrderState rejected = OrderStates.rejected(pending, RejectCode.UNKNOWN, silent,
                "not every SKU answered within " + ANSWER_DEADLINE.toSeconds() + " s", now);
        rejected.setExpiresAt(null);
        publish(rejected);
        metrics.decided(false, Duration.between(pending.getHistory().get(0).getAt(), now).toMillis());
    }

    // ---- decisions made in one hop, where the stock lives ----------------------------------------------------

    /**
     * A state from 'order-status'. Its own changes come back here and change nothing; a decision of the
     * reservation processor becomes the order's state here, with its expiry and any move that came first.
     */
    private void onStatus(OrderState decided) {
        String id = decided.getOrderId();
        OrderState known = orders.get(id);
        if (known == null) {
            if (decided.getStatus() == OrderStatus.RESERVED || decided.getStatus() == OrderStatus.REJECTED) {
                orders.put(id, decided);
                scheduleExpiry(decided);
                applyParked(decided);
            }
            return;
        }
        if (isOwnChange(known, decided) || decided.getStatus() != OrderStatus.RESERVED) {
            return;
        }
        // A second decision for a known order (two bodies raced with one id and landed on two SKUs' partitions):
        // the first one stands, the stock the second took goes back, and the topic ends with the order as it is.
        Map<String, Integer> keep = heldUnderItsOwnId(known);
        Instant now = now();
        decided.getHolds().forEach((sku, qty) -> {
            if (!keep.containsKey(sku)) {
                sendStock(StockCommandType.RELEASE, sku, qty, id, now);
            }
        });
        forward(TO_STATUS, id, known, context.currentSystemTimeMs());
    }

    /**
     * What an order holds under its own id (the stock's entries are kept per SKU and owner): an order that took
     * over a hold holds the hold's entries, and a second decision under the order's id holds entries of its own.
     */
    private Map<String, Integer> heldUnderItsOwnId(OrderState known) {
        StockAllocation allocation = allocationOf(known);
        return known.getOrderId().equals(allocation.getOwnerId()) ? allocation.getReserved() : Map.of();
    }

    /**
     * Whether {@code seen} is a state {@code known} went through (the same lines, and its status at its time is in
     * the order's history): this processor's own change coming back, not a second decision.
     */
    private static boolean isOwnChange(OrderState known, OrderState seen) {
        return known.getLines().equals(seen.getLines()) && known.getHistory().stream()
                .anyMatch(c -> c.getStatus() == seen.getStatus() && c.getAt().equals(seen.getUpdatedAt()));
    }

    /**
     * Moves asked for before the order's decision reached this processor, in the order they came. Only moves
     * asked after the decision was made count: a client asks for a move of an order it has seen.
     */
    private void applyParked(OrderState decided) {
        String orderId = decided.getOrderId();
        List<KeyValue<String, OrderCommand>> waiting = new ArrayList<>();
        try (KeyValueIterator<String, OrderCommand> it = parked.prefixScan(orderId + "|", new StringSerializer())) {
            it.forEachRemaining(waiting::add);
        }
        Instant decidedAt = decided.getUpdatedAt().minus(PARKED_CLOCK_SKEW);
        for (KeyValue<String, OrderCommand> entry : waiting) {
            parked.delete(entry.key);
            if (!entry.value.getAt().isBefore(decidedAt)) {
                applyOnce(orderId, entry.value);
            }
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

    /**
     * A move for an order whose one-hop decision is on 'order-status' but not yet here (the client saw it
     * first): kept until the decision arrives. The key's suffix is the command's place in its input.
     */
    private void park(String orderId, OrderCommand command) {
        String place = context.recordMetadata().map(m -> String.format("%s-%d-%020d", m.topic(), m.partition(), m.offset()))
                .orElse(String.format("%020d", context.currentSystemTimeMs()));
        parked.put(orderId + "|" + place, command);
    }

    /** A client's move; an illegal one changes nothing (the API answers 409 from the state it sees). */
    private void move(OrderState state, OrderStatus to, Instant now) {
        if (!OrderLifecycle.canMove(state.getStatus(), to) || (state.getKind() == OrderKind.HOLD && to != OrderStatus.CANCELLED)) {
            return;
        }
        StockAllocation allocation = allocationOf(state);
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
        if (state.getStatus() == OrderStatus.PENDING && state.getExpiresAt() != null && !state.getExpiresAt().isAfter(now)) {
            abandon(state, now);
            return;
        }
        if (state.getStatus() != OrderStatus.RESERVED || state.getExpiresAt() == null || state.getExpiresAt().isAfter(now)) {
            return;
        }
        releaseAll(allocationOf(state), now);
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
        StockAllocation allocation = allocationOf(hold);
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

    /**
     * What an order holds of each SKU. An order decided from answers or by the saga keeps its allocation in the
     * store; an order decided in one hop carries what it holds in its state ({@code holds}), under its own id.
     */
    private StockAllocation allocationOf(OrderState state) {
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
