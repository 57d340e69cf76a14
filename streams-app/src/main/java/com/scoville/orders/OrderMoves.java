package com.scoville.orders;

import com.scoville.analytics.SaleEvents;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.StockAllocation;

import java.time.Instant;

/** A client's moves of an order: paid (a sale), shipped (the stock leaves), delivered, cancelled (stock back). */
final class OrderMoves {
    private final OrderBook book;

    OrderMoves(OrderBook book) {
        this.book = book;
    }

    /** A move; an illegal one changes nothing (the API answers 409 from the state it sees). */
    void move(OrderState state, OrderStatus to, Instant now) {
        if (!OrderLifecycle.canMove(state.getStatus(), to) || (state.getKind() == OrderKind.HOLD && to != OrderStatus.CANCELLED)) {
            return;
        }
        StockAllocation allocation = book.allocationOf(state);
        OrderState moved = OrderStates.moved(state, to, now);
        switch (to) {
            case PAID -> {
                moved.setPaidAt(now);
                moved.setExpiresAt(null);
                book.expiry.unschedule(state);
                book.forwardSale(moved.getOrderId(), SaleEvents.payment(moved, book.catalog, now));
            }
            case SHIPPED -> book.commitAll(allocation, now);
            case CANCELLED -> {
                book.expiry.unschedule(state);
                book.releaseAll(allocation, now);
                if (state.getStatus() == OrderStatus.PAID) {
                    book.forwardSale(moved.getOrderId(), SaleEvents.refund(moved, book.catalog, now));
                }
            }
            default -> { }
        }
        book.publish(moved);
    }

    /**
     * When a payment happened: the time the client or partner says, unless it lies in the future or before
     * the reservation (a partner's late batch lands in the windows of its own time).
     */
    static Instant paymentTime(OrderCommand command, Instant now) {
        Instant at = command.getAt();
        return at == null || at.isAfter(now) ? now : at;
    }
}
