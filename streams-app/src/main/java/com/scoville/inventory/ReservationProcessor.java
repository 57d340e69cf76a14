package com.scoville.inventory;

import com.scoville.analytics.FunnelCounter;
import com.scoville.audit.ActorSeal;
import com.scoville.audit.AuditTrail;
import com.scoville.avro.Actor;
import com.scoville.avro.Order;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.RejectCode;
import com.scoville.avro.ReservationAnswer;
import com.scoville.avro.Shortage;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.kafka.SkuPartitions;
import com.scoville.kafka.Topics;
import com.scoville.orders.OrderIntake;
import com.scoville.orders.OrderKeys;
import com.scoville.orders.OrderMetrics;
import com.scoville.orders.OrderRoute;
import com.scoville.orders.OrderStates;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.header.Headers;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Collectors;

/**
 * The reservation of an order where its stock lives. The HTTP layer writes an order to each partition of
 * 'orders' that holds some of its stock; a partner's order, written where its key falls, is copied to those
 * partitions through 'order-intake'. For a copy, this processor validates, prices and reserves the SKUs of its
 * own partition:
 * <ul>
 *   <li>all of the order's stock is here: it decides, RESERVED or REJECTED on 'order-status', in this one
 *       transaction (one hop);</li>
 *   <li>some is elsewhere: it answers on 'reservation-answers' and the order processor decides once every
 *       partition has answered (two hops).</li>
 * </ul>
 * An order that takes over a hold goes to the order processor's saga ('order-requests'). The order processor
 * follows every decision off this path, for reads, moves and expiry.
 */
public final class ReservationProcessor implements Processor<String, Order, String, SpecificRecord> {
    public static final String TO_STATUS = "reservation-to-order-status";
    public static final String TO_INTAKE = "to-order-intake";
    public static final String TO_ANSWERS = "to-reservation-answers";
    public static final String TO_SAGA = "to-order-requests";
    public static final String TO_AUDIT = "reservation-processor-audit";
    /**
     * On a decision this processor published on 'order-status': the order processor tells it from its own changes
     * coming back by this, not by their content (a refused resend can look like the refusal it repeats).
     */
    public static final String DECIDED_AT_STOCK_HEADER = "scoville-decided-at-stock";
    /** On a record moved to 'order-intake': the partitions it goes to (read by {@link #homes}). */
    private static final String HOMES_HEADER = "scoville-homes";

    private final Duration reservationTtl;
    private final int partitions;
    private final int maxLines;
    private final int maxQuantity;
    private final String intakeTopic;
    private final ActorSeal actorSeal;
    private final Duration analyticsGrace;

    private ProcessorContext<String, SpecificRecord> context;
    private StockBook book;
    private OrderIntake intake;
    private Catalog catalog;
    private OrderMetrics metrics;
    private AuditTrail audit;
    private FunnelCounter funnel;

    public ReservationProcessor(Duration reservationTtl, int partitions, int maxLines, int maxQuantity, String intakeTopic,
                                ActorSeal actorSeal, Duration analyticsGrace) {
        this.reservationTtl = reservationTtl;
        this.partitions = partitions;
        this.maxLines = maxLines;
        this.maxQuantity = maxQuantity;
        this.intakeTopic = intakeTopic;
        this.actorSeal = actorSeal;
        this.analyticsGrace = analyticsGrace;
    }

    /** The stores it owns: the stock book's (shared with the {@link StockProcessor}) and the funnel of its decisions. */
    public static List<StoreBuilder<?>> stores(Topics topics, List<StoreBuilder<?>> stockBook) {
        List<StoreBuilder<?>> stores = new ArrayList<>(stockBook);
        stores.addAll(FunnelCounter.stores(FunnelCounter.AT_STOCK, topics));
        return stores;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        book = StockBook.of(context);
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        catalog = CatalogUpdater.view(products);
        intake = new OrderIntake(catalog, maxLines, maxQuantity);
        metrics = new OrderMetrics(context.metrics(), context.taskId().toString());
        audit = new AuditTrail(context, TO_AUDIT);
        funnel = new FunnelCounter(context, FunnelCounter.AT_STOCK, analyticsGrace);
    }

    @Override
    public void process(Record<String, Order> record) {
        Order order = record.value();
        if (order == null) {
            return;
        }
        // The orderId field is the order's identity, whatever the key (decisions are keyed by it, and copies of the
        // order go where its stock lives); a record with no usable id is thrown to the dead-letter topic.
        order.setOrderId(OrderKeys.of(record.key(), order).orderId());
        // Who placed it, for the audit log: only the HTTP layer may say (a partner writes 'orders' too). Dropped here,
        // before anything is stored or forwarded, unless sealed; a copy this processor moves on is sealed again.
        order.setActor(actorSeal.verified(order.getOrderId(), order.getActor(), record.headers()));
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        OrderIntake.Admitted admitted = intake.admit(order, now);
        if (!admitted.valid()) {
            metrics.accepted();
            metrics.decided(false, 0);
            publish(admitted.state());
            // the HTTP layer validates before it writes copies: an invalid order is a partner's single record
            audit.refused(order.getActor(), "order.place", order.getOrderId(), "REJECTED " + reasonOf(admitted.state()));
            return;
        }
        OrderState pending = admitted.state();
        Optional<OrderRoute.Placement> placement = OrderRoute.placement(pending.getLines(), order.getReservationId(), catalog, partitions);
        if (placement.isEmpty()) {
            forward(TO_SAGA, OrderKeys.redacted(order), record.timestamp(), new RecordHeaders());
            return;
        }
        Set<Integer> homes = placement.get().partitions();
        int here = partition();
        if (!homes.contains(here) || (homes.size() > 1 && !placed(record))) {
            moveTo(homes, order, record.timestamp()); // one repartition: a copy to each partition of its stock
            return;
        }
        Map<String, Integer> local = placement.get().needs().entrySet().stream()
                .filter(e -> SkuPartitions.of(e.getKey(), partitions) == here)
                .collect(Collectors.toMap(Map.Entry::getKey, Map.Entry::getValue, (a, b) -> a, TreeMap::new));
        if (local.keySet().stream().anyMatch(sku -> book.decided(sku, pending.getOrderId()))) {
            return; // this order id was decided here before: the same order id again is the same order
        }
        if (homes.size() == 1) {
            decide(pending, local, record.timestamp(), now, order.getActor());
        } else {
            answer(pending, placement.get().needs(), local, record.timestamp(), now, order.getActor());
        }
    }

    /** All of the order's stock is here: all or nothing, decided and published in this transaction. */
    private void decide(OrderState pending, Map<String, Integer> needs, long acceptedAt, Instant now, Actor actor) {
        metrics.accepted();
        Map<String, Integer> shortages = book.reserveAll(needs, pending.getOrderId(), now);
        metrics.decided(shortages.isEmpty(), Math.max(0, now.toEpochMilli() - acceptedAt));
        if (shortages.isEmpty()) {
            OrderState reserved = OrderStates.moved(pending, OrderStatus.RESERVED, now);
            reserved.setHolds(new HashMap<>(needs));
            if (reserved.getKind() == OrderKind.ORDER) {
                reserved.setExpiresAt(now.plus(reservationTtl));
            }
            publish(reserved);
            audit.applied(actor, action(pending), pending.getOrderId(), "RESERVED", List.of());
            return;
        }
        List<String> shortSkus = new ArrayList<>(shortages.keySet());
        OrderState rejected = OrderStates.rejected(pending, RejectCode.OUT_OF_STOCK, shortSkus, "not enough stock", now);
        rejected.getRejectReason().setShortages(shortSkus.stream().map(sku -> Shortage.newBuilder().setSku(sku)
                .setRequested(needs.get(sku)).setAvailable(shortages.get(sku)).build()).toList());
        publish(rejected);
        audit.refused(actor, action(pending), pending.getOrderId(), "REJECTED " + reasonOf(rejected));
    }

    /** An order placed; a hold is placed through the saga, never here, but a kind is a kind. */
    private static String action(OrderState order) {
        return order.getKind() == OrderKind.HOLD ? "hold.place" : "order.place";
    }

    /** The reason of a rejection, for an audit entry: its code and SKUs. */
    public static String reasonOf(OrderState rejected) {
        return rejected.getRejectReason() == null ? "" : rejected.getRejectReason().getCode() + " " + rejected.getRejectReason().getSkus();
    }

    /**
     * Some of the order's stock is elsewhere: reserve this partition's part and tell the order processor. The answer
     * carries the order's timestamp: Streams takes the oldest record among a task's inputs first, so it is not held
     * behind orders accepted after it, and its age there says whether the order processor is behind.
     */
    private void answer(OrderState pending, Map<String, Integer> needs, Map<String, Integer> local, long acceptedAt, Instant now,
                        Actor actor) {
        Map<String, Integer> reserved = new HashMap<>();
        Map<String, Integer> shortages = new HashMap<>();
        local.forEach((sku, quantity) -> {
            StockBook.Reservation r = book.reserve(sku, pending.getOrderId(), quantity, true, now);
            if (r.outcome() == StockBook.Outcome.RESERVED) {
                reserved.put(sku, quantity);
            } else if (r.outcome() == StockBook.Outcome.SHORT) {
                shortages.put(sku, r.available());
            }
        });
        ReservationAnswer answer = ReservationAnswer.newBuilder().setOrder(pending).setRequested(new HashMap<>(needs))
                .setReserved(reserved).setShortages(shortages).setActor(actor).build();
        context.forward(new Record<String, SpecificRecord>(pending.getOrderId(), answer, acceptedAt), TO_ANSWERS);
    }

    /** A copy the HTTP layer wrote to each partition of the order's stock, or one this processor moved there. */
    private boolean placed(Record<String, Order> record) {
        return record.headers().lastHeader(SkuPartitions.PLACED_HEADER) != null
                || context.recordMetadata().map(m -> m.topic().equals(intakeTopic)).orElse(false);
    }

    private void moveTo(Set<Integer> homes, Order order, long timestamp) {
        Order copy = OrderKeys.redacted(order);
        Headers headers = new RecordHeaders().add(HOMES_HEADER, homes.stream().map(String::valueOf)
                .collect(Collectors.joining(",")).getBytes(StandardCharsets.UTF_8));
        actorSeal.headers(copy.getOrderId(), copy.getActor()).forEach(headers::add);
        forward(TO_INTAKE, copy, timestamp, headers);
    }

    /** Whether a state on 'order-status' is a decision made here (else the order processor's own change, or older). */
    public static boolean decidedAtStock(Headers headers) {
        return headers.lastHeader(DECIDED_AT_STOCK_HEADER) != null;
    }

    /** The partitions a record moved to 'order-intake' goes to: one copy to each. */
    public static Optional<Set<Integer>> homes(Headers headers) {
        var header = headers.lastHeader(HOMES_HEADER);
        if (header == null) {
            return Optional.empty();
        }
        return Optional.of(Arrays.stream(new String(header.value(), StandardCharsets.UTF_8).split(","))
                .map(Integer::parseInt).collect(Collectors.toSet()));
    }

    private int partition() {
        return context.recordMetadata().map(RecordMetadata::partition).orElse(0);
    }

    /** A decision made here, counted in the funnel where it is made. */
    private void publish(OrderState state) {
        funnel.count(null, state);
        Headers headers = new RecordHeaders().add(DECIDED_AT_STOCK_HEADER, new byte[0]);
        context.forward(new Record<String, SpecificRecord>(state.getOrderId(), state, context.currentSystemTimeMs(), headers), TO_STATUS);
    }

    private void forward(String child, Order order, long timestamp, Headers headers) {
        context.forward(new Record<String, SpecificRecord>(order.getOrderId(), order, timestamp, headers), child);
    }
}
