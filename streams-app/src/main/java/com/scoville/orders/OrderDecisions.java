package com.scoville.orders;

import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.avro.ReservationAnswer;
import com.scoville.avro.Shortage;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockEvent;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Orders decided here rather than where their stock is: orders whose stock is in several partitions (from each
 * partition's answer on 'reservation-answers') and orders and holds of the saga (from the stock events of their
 * reservations). All lines answered: RESERVED if every SKU said yes, else REJECTED and the yeses given back.
 */
final class OrderDecisions {
    private final OrderBook book;

    OrderDecisions(OrderBook book) {
        this.book = book;
    }

    /**
     * One partition's answer. The first creates the PENDING order with a deadline, the reservation TTL: an answer
     * comes late while the owner of a partition is dead or restoring (the fault bench saw decisions 80 s behind), and
     * a rejection then would turn a failover into lost sales; the deadline is only there for a copy that was never
     * written, and what the others reserved for it is held no longer than an unpaid reservation. When every SKU has answered,
     * the order is decided. An answer for an order that is no longer waiting (decided, or another body under the
     * same id) gives back what it reserved.
     */
    void onAnswer(ReservationAnswer answer) {
        OrderState pending = answer.getOrder();
        String id = pending.getOrderId();
        Instant now = book.now();
        OrderState known = book.orders.get(id);
        StockAllocation allocation = book.allocations.get(id);
        if (known == null) {
            book.metrics.accepted();
            known = pending;
            known.setExpiresAt(now.plus(book.reservationTtl));
            book.keep(known);
            book.expiry.schedule(known);
            allocation = OrderBook.allocation(id, answer.getRequested());
            allocation.setActor(answer.getActor()); // for the audit entry of its decision
        } else if (known.getStatus() != OrderStatus.PENDING || allocation == null || !known.getLines().equals(pending.getLines())) {
            book.giveBack(known, answer.getReserved(), now);
            return;
        }
        allocation.getReserved().putAll(answer.getReserved());
        allocation.getShortages().putAll(answer.getShortages());
        book.allocations.put(id, allocation);
        if (answered(allocation)) {
            book.expiry.unschedule(known);
            known.setExpiresAt(null);
            decide(known, allocation, now);
        }
    }

    /** Not every SKU answered in time (a copy of the order was never written): rejected, what was reserved back. */
    void abandon(OrderState pending, Instant now) {
        StockAllocation allocation = book.allocations.get(pending.getOrderId());
        book.releaseAll(allocation, now);
        List<String> silent = allocation == null ? List.of() : allocation.getRequested().keySet().stream()
                .filter(sku -> !allocation.getReserved().containsKey(sku) && !allocation.getShortages().containsKey(sku))
                .sorted().toList();
        OrderState rejected = OrderStates.rejected(pending, RejectCode.UNKNOWN, silent,
                "not every SKU answered within " + book.reservationTtl.toSeconds() + " s", now);
        rejected.setExpiresAt(null);
        book.publish(rejected);
        book.audit.refused(allocation == null ? null : allocation.getActor(), placeAction(pending), pending.getOrderId(),
                "REJECTED " + rejected.getRejectReason().getCode() + " " + silent);
        book.metrics.decided(false, Duration.between(pending.getHistory().get(0).getAt(), now).toMillis());
    }

    /** A stock event of a saga reservation: the SKU's answer, or what became of its units. */
    void onStockEvent(StockEvent event) {
        String id = event.getOwnerId();
        OrderState state = book.orders.get(id);
        StockAllocation allocation = book.allocations.get(id);
        if (state == null || allocation == null) {
            return;
        }
        Instant now = book.now();
        switch (event.getType()) {
            case RESERVED -> {
                if (state.getStatus() != OrderStatus.PENDING) {
                    // too late: the order was decided without this line, give the stock straight back
                    book.sendStock(StockCommandType.RELEASE, event.getSku(), event.getQuantity(), id, now);
                    return;
                }
                allocation.getReserved().put(event.getSku(), event.getQuantity());
            }
            case SHORT -> allocation.getShortages().put(event.getSku(), event.getAvailable());
            case RELEASED, COMMITTED -> {
                allocation.getReserved().remove(event.getSku());
                book.allocations.put(id, allocation);
                return;
            }
            default -> {
                return;
            }
        }
        book.allocations.put(id, allocation);
        if (state.getStatus() == OrderStatus.PENDING && answered(allocation)) {
            decide(state, allocation, now);
        }
    }

    /** All lines answered: reserved if every SKU said yes, else rejected and the yeses released (compensation). */
    void decide(OrderState state, StockAllocation allocation, Instant now) {
        if (state.getKind() == OrderKind.ORDER) {
            book.metrics.decided(allocation.getShortages().isEmpty(), Duration.between(state.getHistory().get(0).getAt(), now).toMillis());
        }
        if (allocation.getShortages().isEmpty()) {
            OrderState reserved = OrderStates.moved(state, OrderStatus.RESERVED, now);
            if (reserved.getKind() == OrderKind.ORDER) {
                reserved.setExpiresAt(now.plus(book.reservationTtl));
            }
            book.expiry.schedule(reserved);
            book.publish(reserved);
            book.audit.applied(allocation.getActor(), placeAction(state), state.getOrderId(), "RESERVED", List.of());
            return;
        }
        book.releaseAll(allocation, now);
        List<String> shortSkus = new ArrayList<>(allocation.getShortages().keySet());
        shortSkus.sort(null);
        OrderState rejected = OrderStates.rejected(state, RejectCode.OUT_OF_STOCK, shortSkus, "not enough stock", now);
        rejected.getRejectReason().setShortages(shortSkus.stream().map(sku -> Shortage.newBuilder().setSku(sku)
                .setRequested(allocation.getRequested().get(sku)).setAvailable(allocation.getShortages().get(sku)).build()).toList());
        book.publish(rejected);
        book.audit.refused(allocation.getActor(), placeAction(state), state.getOrderId(), "REJECTED OUT_OF_STOCK " + shortSkus);
    }

    /** The audit action of placing an order or a hold. */
    static String placeAction(OrderState state) {
        return state.getKind() == OrderKind.HOLD ? "hold.place" : "order.place";
    }

    private static boolean answered(StockAllocation allocation) {
        return allocation.getRequested().keySet().stream()
                .allMatch(sku -> allocation.getReserved().containsKey(sku) || allocation.getShortages().containsKey(sku));
    }
}
