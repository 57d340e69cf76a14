package com.scoville.http.orders;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.Bounds;
import com.scoville.Violation;
import com.scoville.avro.OrderStatus;
import com.scoville.http.ApiException;
import com.scoville.http.HttpRequests;
import com.scoville.http.Idempotency;
import com.scoville.orders.OrderLifecycle;
import io.javalin.config.RoutesConfig;
import com.scoville.http.security.Principal;
import io.javalin.http.Context;

import java.time.Duration;
import java.util.List;

/** HTTP for orders: parse, call {@link OrderService}, map the answer. */
public final class OrderRoutes {
    /** A status or channel name: the longest is 9 letters. */
    private static final int MAX_NAME_PARAM = 32;
    private final OrderService orders;
    private final ObjectMapper json;

    private final OrderListing listing;

    public OrderRoutes(OrderService orders, OrderListing listing, ObjectMapper json) {
        this.orders = orders;
        this.listing = listing;
        this.json = json;
    }

    /** The body of PUT /v1/orders/{orderId}. */
    public record MoveRequest(String status) { }

    public void register(RoutesConfig routes) {
        routes.post("/v1/orders", this::place);
        routes.get("/v1/orders", this::list);
        routes.get("/v1/orders/{orderId}", this::get);
        routes.put("/v1/orders/{orderId}", this::move);
    }

    private void place(Context ctx) {
        Idempotency.Write<OrderRequest> write = Idempotency.write(ctx, json, OrderRequest.class);
        Duration wait = HttpRequests.preferWait(ctx);
        OrderRequest request = OrderAccess.place(Principal.of(ctx), write.body());
        var placing = orders.place(write.caller(), write.key(), request, write.requestHash(), wait, write.actor());
        ctx.future(() -> placing.thenAccept(placed -> {
            OrderView order = placed.order();
            ctx.header("Location", "/v1/orders/" + order.orderId());
            if (placed.replay()) {
                ctx.header("Idempotent-Replayed", "true");
            }
            ctx.status(!wait.isZero() && order.isDecided() || placed.replay() && order.isDecided() ? 200 : 202).json(order);
        }));
    }

    private void list(Context ctx) {
        OrderListing.Filter filter = new OrderListing.Filter(HttpRequests.textParam(ctx, "customerId", Bounds.MAX_ID_LENGTH),
                HttpRequests.textParam(ctx, "status", MAX_NAME_PARAM), HttpRequests.textParam(ctx, "channel", MAX_NAME_PARAM),
                HttpRequests.instantParam(ctx, "from"), HttpRequests.instantParam(ctx, "to"),
                HttpRequests.intParam(ctx, "limit", 50, 1, 200), HttpRequests.textParam(ctx, "cursor", HttpRequests.MAX_CURSOR_LENGTH));
        Principal principal = Principal.of(ctx);
        ctx.json(OrderAccess.visible(principal, listing.list(OrderAccess.listing(principal, filter), HttpRequests.forwarded(ctx))));
    }

    private void get(Context ctx) {
        String orderId = HttpRequests.idParam(ctx, "orderId");
        Duration wait = HttpRequests.preferWait(ctx);
        String afterStatus = HttpRequests.textParam(ctx, "afterStatus", MAX_NAME_PARAM);
        var finding = orders.findAfter(orderId, afterStatus, wait, HttpRequests.forwarded(ctx));
        Principal principal = Principal.of(ctx);
        ctx.future(() -> finding.thenAccept(found ->
                ctx.json(OrderAccess.visible(principal, found).orElseThrow(() -> ApiException.notFound("No order " + orderId)))));
    }

    private void move(Context ctx) {
        String orderId = HttpRequests.idParam(ctx, "orderId");
        Idempotency.Write<MoveRequest> write = Idempotency.write(ctx, json, MoveRequest.class);
        OrderStatus target = parseTarget(write.body().status());
        Principal principal = Principal.of(ctx);
        var moving = orders.move(orderId, target, write, current -> OrderAccess.move(principal, current, target));
        ctx.future(() -> moving.thenAccept(moved -> Idempotency.replayed(ctx, moved.outcome()).json(moved.order())));
    }

    private static OrderStatus parseTarget(String status) {
        try {
            OrderStatus target = OrderStatus.valueOf(status == null ? "" : status.trim().toUpperCase());
            if (OrderLifecycle.REQUESTABLE.contains(target)) {
                return target;
            }
        } catch (IllegalArgumentException e) {
            // fall through to the validation error
        }
        throw ApiException.unprocessable("status must be one of PAID, SHIPPED, DELIVERED, CANCELLED",
                List.of(new Violation("status", "must be one of PAID, SHIPPED, DELIVERED, CANCELLED")));
    }
}
