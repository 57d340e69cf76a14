package com.scoville.orders;

import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.StockAllocation;
import com.scoville.catalog.StockNeeds;

import java.time.Instant;
import java.util.HashMap;
import java.util.Map;

/**
 * Inventory holds ({@code /v1/inventory/reservations}): stock reserved for a while without an order, which an
 * order may then take over with exactly the stock it holds. Both sides talk through 'order-commands'.
 */
final class Holds {
    private final OrderBook book;
    private final OrderDecisions decisions;

    Holds(OrderBook book, OrderDecisions decisions) {
        this.book = book;
        this.decisions = decisions;
    }

    void place(String holdId, OrderCommand command, Instant now) {
        if (book.orders.get(holdId) != null) {
            return;
        }
        Map<String, Integer> needs = StockNeeds.of(command.getLines(), book.catalog);
        OrderState hold = OrderStates.hold(holdId, command.getLines(), now);
        hold.setExpiresAt(now.plusSeconds(command.getTtlSeconds()));
        hold.setRequestHash(command.getRequestHash()); // like an order's: a retry with another body is told apart
        StockAllocation allocation = OrderBook.allocation(holdId, needs);
        allocation.setActor(command.getActor()); // for the audit entry of its decision
        book.allocations.put(holdId, allocation);
        book.publish(hold);
        book.reserve(holdId, needs, now);
    }

    /** An order asks to take over the hold {@code holdId}: the hold answers through 'order-commands'. */
    void ask(String holdId, String takerId, Map<String, Integer> needs, Instant now) {
        book.send(holdId, OrderCommand.newBuilder().setOrderId(holdId).setType(OrderCommandType.TAKE_HOLD).setAt(now)
                .setTakerId(takerId).setLines(OrderBook.asLines(needs)).build());
    }

    /** To the hold: an order wants to take it over with exactly the stock it holds. */
    void onTake(OrderState hold, OrderCommand command, Instant now) {
        StockAllocation allocation = book.allocationOf(hold);
        Map<String, Integer> wanted = new HashMap<>();
        command.getLines().forEach(l -> wanted.put(l.getSku(), l.getQuantity()));
        boolean grantable = hold.getKind() == OrderKind.HOLD && hold.getStatus() == OrderStatus.RESERVED
                && hold.getExpiresAt() != null && hold.getExpiresAt().isAfter(now)
                && allocation != null && allocation.getReserved().equals(wanted);
        if (!grantable) {
            refuse(hold.getOrderId(), command.getTakerId(), now);
            return;
        }
        book.expiry.unschedule(hold);
        book.publish(OrderStates.moved(hold, OrderStatus.TAKEN, now));
        book.send(command.getTakerId(), OrderCommand.newBuilder().setOrderId(command.getTakerId())
                .setType(OrderCommandType.HOLD_GRANTED).setAt(now).setTakerId(hold.getOrderId()).build());
    }

    /** No such hold, or it does not match: the order must not wait for it. */
    void refuse(String holdId, String takerId, Instant now) {
        book.send(takerId, OrderCommand.newBuilder().setOrderId(takerId).setType(OrderCommandType.HOLD_REFUSED)
                .setAt(now).setTakerId(holdId).build());
    }

    /** To the order: the hold is ours; its stock reservations are now this order's. */
    void onGranted(OrderState state, String holdId, Instant now) {
        StockAllocation allocation = book.allocations.get(state.getOrderId());
        if (state.getStatus() != OrderStatus.PENDING || allocation == null) {
            return;
        }
        allocation.setOwnerId(holdId);
        allocation.setReserved(new HashMap<>(allocation.getRequested()));
        book.allocations.put(state.getOrderId(), allocation);
        decisions.decide(state, allocation, now);
    }

    /** The hold is gone or does not match: reserve the stock the usual way. */
    void onRefused(OrderState state, Instant now) {
        StockAllocation allocation = book.allocations.get(state.getOrderId());
        if (state.getStatus() != OrderStatus.PENDING || allocation == null) {
            return;
        }
        book.reserve(state.getOrderId(), allocation.getRequested(), now);
    }
}
