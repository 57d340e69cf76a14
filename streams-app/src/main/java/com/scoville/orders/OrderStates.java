package com.scoville.orders;

import com.scoville.Bounds;
import com.scoville.CardNumbers;
import com.scoville.avro.Address;
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

    /**
     * A partner's order refused at intake, as it is kept and published: only bounded values and no card data
     * (a text that holds a card number is dropped), lines unpriced, at most {@code maxLines} of them.
     */
    public static OrderState refused(Order order, OrderValidator.Result validation, int maxLines, Instant now) {
        List<OrderLine> lines = order.getLines() == null ? List.of() : order.getLines().stream()
                .filter(java.util.Objects::nonNull).limit(maxLines)
                .map(l -> OrderLine.newBuilder().setSku(safe(l.getSku(), Bounds.MAX_SKU_LENGTH, ""))
                        .setQuantity(l.getQuantity()).setUnitPriceCents(0).build())
                .toList();
        Address a = order.getShippingAddress();
        Order bounded = Order.newBuilder(order)
                .setCustomerId(safe(order.getCustomerId(), Bounds.MAX_ID_LENGTH, ""))
                .setCurrency(safe(order.getCurrency(), 3, ""))
                .setLines(lines)
                .setPaymentToken(null)
                .setShippingAddress(a == null ? null : Address.newBuilder()
                        .setName(safe(a.getName(), Bounds.MAX_NAME_LENGTH, null))
                        .setLine1(safe(a.getLine1(), Bounds.MAX_TEXT_LENGTH, null))
                        .setLine2(safe(a.getLine2(), Bounds.MAX_TEXT_LENGTH, null))
                        .setCity(safe(a.getCity(), Bounds.MAX_NAME_LENGTH, null))
                        .setRegion(safe(a.getRegion(), Bounds.MAX_NAME_LENGTH, null))
                        .setPostalCode(safe(a.getPostalCode(), Bounds.MAX_NAME_LENGTH, null))
                        .setCountry(safe(a.getCountry(), Bounds.MAX_NAME_LENGTH, null))
                        .build())
                .setReservationId(safe(order.getReservationId(), Bounds.MAX_ID_LENGTH, null))
                .setRequestHash(safe(order.getRequestHash(), Bounds.MAX_ID_LENGTH, null))
                .build();
        List<String> skus = validation.code() == RejectCode.UNKNOWN_SKU ? validation.unknownSkus() : List.of();
        return rejected(pending(bounded, lines, now), validation.code(), skus, validation.reason(), now);
    }

    /** {@code text} cut to {@code max}, or {@code dropped} when it holds a card number (or is null). */
    private static String safe(String text, int max, String dropped) {
        if (text == null) {
            return dropped;
        }
        String clipped = Bounds.clip(text, max);
        // the cut end of a longer digit run could itself read as a card number
        return CardNumbers.containsCardNumber(text) || CardNumbers.containsCardNumber(clipped) ? dropped : clipped;
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
