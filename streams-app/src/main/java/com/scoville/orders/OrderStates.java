package com.scoville.orders;

import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.avro.RejectReason;
import com.scoville.avro.StatusChange;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Builds order states: a new order or hold, and each move with its time appended to the history. */
public final class OrderStates {
    private OrderStates() { }

    public static OrderState pending(Order order, List<OrderLine> pricedLines, Instant now) {
        long total = pricedLines.stream().mapToLong(l -> Math.multiplyExact(l.getUnitPriceCents(), (long) l.getQuantity())).sum();
        return OrderState.newBuilder()
                .setOrderId(order.getOrderId())
                .setKind(OrderKind.ORDER)
                .setCustomerId(order.getCustomerId() == null ? "" : order.getCustomerId())
                .setChannel(order.getChannel() == null ? Channel.UNKNOWN : order.getChannel())
                .setStatus(OrderStatus.PENDING)
                .setLines(pricedLines)
                .setTotalCents(total)
                .setCurrency(order.getCurrency())
                .setCreatedAt(order.getCreatedAt() == null ? now : order.getCreatedAt())
                .setUpdatedAt(now)
                .setHistory(new ArrayList<>(List.of(change(OrderStatus.PENDING, now))))
                .setReservationId(order.getReservationId())
                .setRequestHash(order.getRequestHash())
                .setShippingAddress(order.getShippingAddress())
                .build();
    }

    public static OrderState hold(String holdId, List<OrderLine> lines, Instant now) {
        return OrderState.newBuilder()
                .setOrderId(holdId)
                .setKind(OrderKind.HOLD)
                .setCustomerId("")
                .setChannel(Channel.UNKNOWN)
                .setStatus(OrderStatus.PENDING)
                .setLines(lines)
                .setCreatedAt(now)
                .setUpdatedAt(now)
                .setHistory(new ArrayList<>(List.of(change(OrderStatus.PENDING, now))))
                .build();
    }

    /** A copy of {@code state} moved to {@code status} at {@code now}. */
    public static OrderState moved(OrderState state, OrderStatus status, Instant now) {
        List<StatusChange> history = new ArrayList<>(state.getHistory());
        history.add(change(status, now));
        return OrderState.newBuilder(state).setStatus(status).setUpdatedAt(now).setHistory(history).build();
    }

    public static OrderState rejected(OrderState state, RejectCode code, List<String> skus, String message, Instant now) {
        OrderState moved = moved(state, OrderStatus.REJECTED, now);
        moved.setRejectReason(RejectReason.newBuilder().setCode(code).setSkus(skus).setMessage(message).setShortages(List.of()).build());
        return moved;
    }

    private static StatusChange change(OrderStatus status, Instant at) {
        return StatusChange.newBuilder().setStatus(status).setAt(at).build();
    }
}
