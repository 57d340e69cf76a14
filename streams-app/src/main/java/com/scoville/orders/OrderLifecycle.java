package com.scoville.orders;

import com.scoville.avro.OrderStatus;

import java.util.EnumSet;
import java.util.Map;
import java.util.Set;

import static com.scoville.avro.OrderStatus.*;

/**
 * The legal moves of an order. PENDING ends RESERVED or REJECTED by the topology; then
 * RESERVED→PAID→SHIPPED→DELIVERED, RESERVED or PAID → CANCELLED, and an unpaid RESERVED may EXPIRE.
 */
public final class OrderLifecycle {
    private static final Map<OrderStatus, Set<OrderStatus>> NEXT = Map.of(
            PENDING, EnumSet.of(RESERVED, REJECTED),
            RESERVED, EnumSet.of(PAID, CANCELLED, EXPIRED, TAKEN),
            PAID, EnumSet.of(SHIPPED, CANCELLED),
            SHIPPED, EnumSet.of(DELIVERED));

    /** What a client may ask for with PUT /v1/orders/{id}. */
    public static final Set<OrderStatus> REQUESTABLE = EnumSet.of(PAID, SHIPPED, DELIVERED, CANCELLED);

    private OrderLifecycle() { }

    public static boolean canMove(OrderStatus from, OrderStatus to) {
        return NEXT.getOrDefault(from, Set.of()).contains(to);
    }

    /** A state in which the order holds stock. */
    public static boolean holdsStock(OrderStatus status) {
        return status == RESERVED || status == PAID;
    }
}
