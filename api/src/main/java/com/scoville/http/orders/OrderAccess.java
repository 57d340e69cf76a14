package com.scoville.http.orders;

import com.scoville.avro.OrderStatus;
import com.scoville.http.ApiException;
import com.scoville.http.Page;
import com.scoville.http.security.Principal;
import com.scoville.http.security.Role;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * What each role may do with orders (CONTRACT.md, section Security), past the route check of {@code RouteAccess}:
 * a customer orders for itself and sees only its own orders; a channel orders on its own channel and sees that
 * channel's orders; an analyst sees orders without addresses; an admin (and a peer instance) anything. An order
 * the caller may not see is "not found", not "forbidden": its existence is not the caller's business.
 */
public final class OrderAccess {
    /** Channel moves: payment and cancellation; shipping is the back office's. */
    private static final Set<OrderStatus> CHANNEL_MOVES = Set.of(OrderStatus.PAID, OrderStatus.CANCELLED);
    /** What a customer may still cancel: an order not paid yet. */
    private static final Set<String> UNPAID = Set.of("PENDING", "RESERVED");

    private OrderAccess() { }

    /** The order as {@code principal} may place it: a customer's is its own; a channel's is on its channel. */
    public static OrderRequest place(Principal principal, OrderRequest request) {
        if (principal.unrestricted()) {
            return request;
        }
        if (principal.is(Role.CHANNEL)) {
            String channel = request.channel() == null ? principal.channel() : request.channel().trim().toUpperCase(java.util.Locale.ROOT);
            if (!channel.equals(principal.channel())) {
                throw forbidden("A " + principal.channel() + " token places orders on channel " + principal.channel() + " only");
            }
            return new OrderRequest(request.customerId(), channel, request.lines(), request.paymentToken(),
                    request.shippingAddress(), request.reservationId());
        }
        // a customer: whatever the body says, the order is the token's subject's, and never at wholesale prices
        if (request.channel() != null && request.channel().trim().equalsIgnoreCase("WHOLESALE")) {
            throw forbidden("Wholesale prices are for the wholesale channel");
        }
        return new OrderRequest(principal.subject(), request.channel(), request.lines(), request.paymentToken(),
                request.shippingAddress(), request.reservationId());
    }

    /** The order as {@code principal} may see it: empty when it is another's; an analyst's without the address. */
    public static Optional<OrderView> visible(Principal principal, Optional<OrderView> order) {
        return order.filter(o -> maySee(principal, o)).map(o -> redacted(principal, o));
    }

    /** A listing narrowed to what {@code principal} may see. */
    public static OrderListing.Filter listing(Principal principal, OrderListing.Filter f) {
        if (principal.is(Role.CUSTOMER) && !principal.unrestricted()) {
            return new OrderListing.Filter(principal.subject(), f.status(), f.channel(), f.from(), f.to(), f.limit(), f.cursor());
        }
        if (principal.is(Role.CHANNEL) && !principal.unrestricted()) {
            return new OrderListing.Filter(f.customerId(), f.status(), principal.channel(), f.from(), f.to(), f.limit(), f.cursor());
        }
        return f;
    }

    /** A page as {@code principal} may see it (a listing already narrowed by {@link #listing}). */
    public static Page<OrderView> visible(Principal principal, Page<OrderView> page) {
        if (!principal.is(Role.ANALYST) || principal.unrestricted()) {
            return page;
        }
        List<OrderView> items = page.items().stream().map(o -> redacted(principal, o)).toList();
        return new Page<>(items, page.nextCursor());
    }

    /** Whether {@code principal} may move {@code order} to {@code target}: 404 for another's order, 403 for a move not its own. */
    public static void move(Principal principal, OrderView order, OrderStatus target) {
        if (principal.unrestricted()) {
            return;
        }
        if (!maySee(principal, order)) {
            throw ApiException.notFound("No order " + order.orderId());
        }
        if (principal.is(Role.CHANNEL)) {
            if (!CHANNEL_MOVES.contains(target)) {
                throw forbidden("A channel moves its orders to PAID or CANCELLED only");
            }
            return;
        }
        if (target != OrderStatus.CANCELLED || !UNPAID.contains(order.status())) {
            throw forbidden("A customer may only cancel its own unpaid order");
        }
    }

    private static boolean maySee(Principal principal, OrderView order) {
        if (principal.unrestricted() || principal.is(Role.ANALYST)) {
            return true;
        }
        if (principal.is(Role.CHANNEL) && principal.channel().equals(order.channel())) {
            return true;
        }
        return principal.is(Role.CUSTOMER) && principal.subject().equals(order.customerId());
    }

    private static OrderView redacted(Principal principal, OrderView o) {
        if (!principal.is(Role.ANALYST) || principal.unrestricted()
                || principal.is(Role.CHANNEL) && principal.channel().equals(o.channel())) {
            return o;
        }
        return new OrderView(o.orderId(), o.customerId(), o.channel(), o.status(), o.lines(), o.totalCents(), o.currency(),
                o.createdAt(), o.updatedAt(), o.history(), o.rejectReason(), o.rejectedSkus(), o.rejectMessage(),
                o.reservationId(), o.expiresAt(), o.paidAt(), null, o.requestHash());
    }

    private static ApiException forbidden(String detail) {
        return new ApiException(ApiException.Kind.FORBIDDEN, detail, List.of(), null, null);
    }
}
