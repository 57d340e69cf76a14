package com.scoville.orders;

import com.scoville.analytics.FunnelCounter;
import com.scoville.audit.ActorSeal;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.ReservationAnswer;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockEvent;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.catalog.StockNeeds;
import com.scoville.inventory.ReservationProcessor;
import com.scoville.commands.AppliedCommands;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The life of an order (and of an inventory hold), keyed by its id. Orders of one SKU are decided in one hop by
 * the {@link com.scoville.inventory.ReservationProcessor}; this processor follows those decisions from
 * 'order-status' ({@link DecisionFollower}, off the buyer's path) and runs everything else, each part in its own
 * class: orders decided from their SKUs' answers or by the saga ({@link OrderDecisions}), holds ({@link Holds}),
 * the client's moves ({@link OrderMoves}) and expiry ({@link ReservationExpiry}). They share the stores through
 * an {@link OrderBook}. Every change is published on 'order-status'.
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
    public static final String TO_AUDIT = "order-processor-audit";

    private static final Set<OrderCommandType> MOVES = EnumSet.of(OrderCommandType.PAY,
            OrderCommandType.SHIP, OrderCommandType.DELIVER, OrderCommandType.CANCEL);

    private final Duration reservationTtl;
    private final Duration expiryScanInterval;
    private final int maxLines;
    private final int maxQuantity;
    private final Duration analyticsGrace;

    private OrderBook book;
    private OrderIntake intake;
    private OrderDecisions decisions;
    private DecisionFollower follower;
    private Holds holds;
    private OrderMoves moves;
    private ReservationExpiry expiry;
    private AppliedCommands clientCommands;

    public OrderProcessor(Duration reservationTtl, Duration expiryScanInterval, int maxLines, int maxQuantity, Duration analyticsGrace) {
        this.reservationTtl = reservationTtl;
        this.expiryScanInterval = expiryScanInterval;
        this.maxLines = maxLines;
        this.maxQuantity = maxQuantity;
        this.analyticsGrace = analyticsGrace;
    }

    /**
     * The processor with the stores it owns: orders, allocations, the expiry index, parked moves, applied commands,
     * and the funnel of the steps it makes.
     */
    public static ProcessorSupplier<String, SpecificRecord, String, SpecificRecord> supplier(Duration reservationTtl,
            Duration expiryScanInterval, int maxLines, int maxQuantity, Duration analyticsGrace, Topics topics) {
        List<StoreBuilder<?>> stores = new ArrayList<>(List.of(
                StateStores.keyValue(ORDERS_STORE, Serdes.String(), topics.storeSerde(OrderState.class)),
                StateStores.keyValue(ALLOCATIONS_STORE, Serdes.String(), topics.storeSerde(StockAllocation.class)),
                StateStores.keyValue(EXPIRY_STORE, Serdes.String(), Serdes.String()),
                StateStores.keyValue(PARKED_STORE, Serdes.String(), topics.storeSerde(OrderCommand.class)),
                AppliedCommands.store(APPLIED_STORE, topics.storeSerde(CommandOutcome.class))));
        stores.addAll(FunnelCounter.stores(FunnelCounter.FAMILY, topics));
        return StateStores.owning(() -> new OrderProcessor(reservationTtl, expiryScanInterval, maxLines, maxQuantity, analyticsGrace),
                stores);
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        Catalog catalog = CatalogUpdater.view(products);
        book = new OrderBook(context, catalog, new OrderMetrics(context.metrics(), context.taskId().toString()), reservationTtl,
                new FunnelCounter(context, FunnelCounter.FAMILY, analyticsGrace));
        intake = new OrderIntake(catalog, maxLines, maxQuantity);
        decisions = new OrderDecisions(book);
        follower = new DecisionFollower(book, context, this::applyOnce);
        holds = new Holds(book, decisions);
        moves = new OrderMoves(book);
        expiry = new ReservationExpiry(book, decisions);
        clientCommands = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
        // Reservations expire by the wall clock: an idle partition must still give its stock back.
        context.schedule(expiryScanInterval, PunctuationType.WALL_CLOCK_TIME, now -> {
            book.causedAt(now);
            expiry.expireDue(Instant.ofEpochMilli(now));
        });
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        book.causedAt(record.timestamp());
        SpecificRecord value = record.value();
        if (value instanceof Order order) {
            onOrder(record.key(), order);
        } else if (value instanceof StockEvent event) {
            decisions.onStockEvent(event);
        } else if (value instanceof OrderCommand command) {
            String id = command.getOrderId() == null ? record.key() : command.getOrderId();
            if (book.orders.get(id) == null && MOVES.contains(command.getType())) {
                follower.park(id, command); // its outcome is told when it is applied, after the decision it follows
            } else {
                applyOnce(record.key(), command);
            }
        } else if (value instanceof OrderState state) {
            follower.onStatus(state, ReservationProcessor.decidedAtStock(record.headers()));
        } else if (value instanceof ReservationAnswer answer) {
            decisions.onAnswer(answer);
        }
    }

    /** A client's move or release, retried, is applied once. */
    private void applyOnce(String key, OrderCommand command) {
        clientCommands.once(command.getCommandId(), command.getRequestHash(), () -> changes(key, command));
    }

    /** Handles a command; true when the status of the order or hold it names changed (what a retry is told). */
    private boolean changes(String key, OrderCommand command) {
        String id = command.getOrderId() == null ? key : command.getOrderId();
        OrderState before = book.orders.get(id);
        onCommand(key, command);
        OrderState after = book.orders.get(id);
        boolean changed = after != null && (before == null || after.getStatus() != before.getStatus());
        if (MOVES.contains(command.getType())) {
            auditMove(id, command, before, after, changed);
        }
        return changed;
    }

    /** A client's move (a hold's release is a CANCEL of the hold): applied, or refused as the API's 409. */
    private void auditMove(String id, OrderCommand command, OrderState before, OrderState after, boolean changed) {
        boolean hold = before != null && before.getKind() == OrderKind.HOLD;
        String action = hold && command.getType() == OrderCommandType.CANCEL ? "hold.release" : "order.move";
        if (changed) {
            book.audit.applied(command.getActor(), action, id, moveDetail(before, after), List.of());
        } else {
            book.audit.refused(command.getActor(), action, id, before == null ? "unknown " + command.getType()
                    : before.getKind() + " is " + before.getStatus() + ": " + command.getType() + " is not possible");
        }
    }

    /** An applied move, before -> after; a state that was not there (whatever record made it appear) is "none". */
    static String moveDetail(OrderState before, OrderState after) {
        return (before == null ? "none" : before.getStatus().toString()) + " -> " + (after == null ? "none" : after.getStatus().toString());
    }

    /** An order of the saga (from 'order-requests'): one taking over a hold, or a partner's resend. */
    private void onOrder(String key, Order order) {
        if (order.getOrderId() == null || order.getOrderId().isBlank()) {
            order.setOrderId(key);
        }
        if (book.orders.get(order.getOrderId()) != null) {
            return; // the same order id twice is one order
        }
        order.setActor(ActorSeal.bounded(order.getActor())); // from 'order-requests': the HTTP layer's or the reservation processor's
        Instant now = book.now();
        book.metrics.accepted();
        OrderIntake.Admitted admitted = intake.admit(order, now);
        if (!admitted.valid()) {
            book.publish(admitted.state());
            book.metrics.decided(false, 0);
            book.audit.refused(order.getActor(), "order.place", order.getOrderId(), "REJECTED INVALID");
            return;
        }
        OrderState state = admitted.state();
        Map<String, Integer> needs = StockNeeds.of(state.getLines(), book.catalog);
        StockAllocation allocation = OrderBook.allocation(state.getOrderId(), needs);
        allocation.setActor(order.getActor()); // for the audit entry of its decision
        book.allocations.put(state.getOrderId(), allocation);
        book.publish(state);
        if (order.getReservationId() != null) {
            holds.ask(order.getReservationId(), state.getOrderId(), needs, now);
        } else {
            book.reserve(state.getOrderId(), needs, now);
        }
    }

    private void onCommand(String key, OrderCommand command) {
        Instant now = book.now();
        String id = command.getOrderId() == null ? key : command.getOrderId();
        if (command.getType() == OrderCommandType.PLACE_HOLD) {
            holds.place(id, command, now);
            return;
        }
        OrderState state = book.orders.get(id);
        if (state == null) {
            if (command.getType() == OrderCommandType.TAKE_HOLD) {
                holds.refuse(id, command.getTakerId(), now); // no such hold: the order must not wait for it
            }
            return;
        }
        switch (command.getType()) {
            case PAY -> moves.move(state, OrderStatus.PAID, OrderMoves.paymentTime(command, now));
            case SHIP -> moves.move(state, OrderStatus.SHIPPED, now);
            case DELIVER -> moves.move(state, OrderStatus.DELIVERED, now);
            case CANCEL -> moves.move(state, OrderStatus.CANCELLED, now);
            case EXPIRE -> expiry.expire(state, now);
            case TAKE_HOLD -> holds.onTake(state, command, now);
            case HOLD_GRANTED -> holds.onGranted(state, command.getTakerId(), now);
            case HOLD_REFUSED -> holds.onRefused(state, now);
            default -> { }
        }
    }
}
