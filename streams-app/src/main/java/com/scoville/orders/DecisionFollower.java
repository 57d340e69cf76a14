package com.scoville.orders;

import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiConsumer;

/**
 * Decisions made in one hop, where the stock lives, followed from 'order-status' off the buyer's path: each
 * becomes the order's state here, with its expiry and the moves a client asked for before it arrived (parked).
 */
final class DecisionFollower {
    /** How far the clocks of two instances may differ when a parked move is matched to its decision. */
    private static final Duration PARKED_CLOCK_SKEW = Duration.ofSeconds(5);
    static final String SECOND_BODY = "a second body under this order id: its stock given back, the first decision stands";

    private final OrderBook book;
    private final ProcessorContext<String, SpecificRecord> context;
    private final KeyValueStore<String, OrderCommand> parked;
    private final BiConsumer<String, OrderCommand> applyMove;

    DecisionFollower(OrderBook book, ProcessorContext<String, SpecificRecord> context, BiConsumer<String, OrderCommand> applyMove) {
        this.book = book;
        this.context = context;
        this.parked = context.getStateStore(OrderProcessor.PARKED_STORE);
        this.applyMove = applyMove;
    }

    /**
     * A state from 'order-status'. Its own changes come back here and change nothing; a decision of the
     * reservation processor ({@code decidedAtStock}) becomes the order's state here, with its expiry and any move that
     * came first, unless the order is known. States written before decisions were marked are judged by their content.
     */
    void onStatus(OrderState decided, boolean decidedAtStock) {
        String id = decided.getOrderId();
        OrderState known = book.orders.get(id);
        if (known == null) {
            if (decided.getStatus() == OrderStatus.RESERVED || decided.getStatus() == OrderStatus.REJECTED) {
                book.follow(decided);
                book.expiry.schedule(decided);
                applyParked(decided);
            }
            return;
        }
        boolean decision = decided.getStatus() == OrderStatus.RESERVED || decided.getStatus() == OrderStatus.REJECTED;
        if (!decision || (!decidedAtStock && isOwnChange(known, decided))) {
            return;
        }
        // counted in the funnel where it was made; it does not stand
        book.funnel.takeBack(decided);
        if (decided.getStatus() == OrderStatus.REJECTED) {
            return; // a refusal (a partner's resend of an invalid order, a second body short of stock) took nothing
        }
        // A second decision for a known order (two bodies raced with one id and landed on two SKUs' partitions):
        // the first one stands, the stock the second took goes back, and the topic ends with the order as it is.
        book.giveBack(known, decided.getHolds(), book.now());
        book.republish(known);
        // its reservation processor recorded it as applied: this is where it is undone, so it is recorded here
        book.audit.refused(null, OrderDecisions.placeAction(decided), id, SECOND_BODY);
    }

    /**
     * A move for an order whose one-hop decision is on 'order-status' but not yet here (the client saw it
     * first): kept until the decision arrives. The key's suffix is the command's place in its input.
     */
    void park(String orderId, OrderCommand command) {
        String place = context.recordMetadata().map(m -> String.format("%s-%d-%020d", m.topic(), m.partition(), m.offset()))
                .orElse(String.format("%020d", context.currentSystemTimeMs()));
        parked.put(orderId + "|" + place, command);
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
                applyMove.accept(orderId, entry.value);
            }
        }
    }
}
