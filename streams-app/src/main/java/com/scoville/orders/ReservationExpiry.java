package com.scoville.orders;

import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;

import java.time.Instant;

/**
 * Reservations expire by the wall clock: an unpaid order or a hold past its {@code expiresAt} gives its stock
 * back and becomes EXPIRED; an order still waiting for its SKUs' answers past the deadline is rejected.
 * Looked for every {@code EXPIRY_SCAN_INTERVAL} in the expiry index, and on an EXPIRE command.
 */
final class ReservationExpiry {
    private final OrderBook book;
    private final OrderDecisions decisions;

    ReservationExpiry(OrderBook book, OrderDecisions decisions) {
        this.book = book;
        this.decisions = decisions;
    }

    /** Everything due at {@code now}. */
    void expireDue(Instant now) {
        for (String id : book.expiry.takeDue(now)) {
            OrderState state = book.orders.get(id);
            if (state != null) {
                expire(state, now);
            }
        }
    }

    void expire(OrderState state, Instant now) {
        if (state.getStatus() == OrderStatus.PENDING && state.getExpiresAt() != null && !state.getExpiresAt().isAfter(now)) {
            decisions.abandon(state, now);
            return;
        }
        if (state.getStatus() != OrderStatus.RESERVED || state.getExpiresAt() == null || state.getExpiresAt().isAfter(now)) {
            return;
        }
        book.releaseAll(book.allocationOf(state), now);
        book.publish(OrderStates.moved(state, OrderStatus.EXPIRED, now));
        if (state.getKind() == OrderKind.ORDER) {
            book.metrics.expired();
        }
    }
}
