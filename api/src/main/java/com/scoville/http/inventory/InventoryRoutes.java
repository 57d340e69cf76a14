package com.scoville.http.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.avro.OrderLine;
import com.scoville.http.HttpRequests;
import com.scoville.http.Idempotency;
import com.scoville.http.orders.OrderRequest;
import io.javalin.config.RoutesConfig;
import com.scoville.http.security.Principal;
import com.scoville.http.security.Role;
import io.javalin.http.Context;

import java.util.List;
import java.util.Map;

/** HTTP for stock: parse, call {@link InventoryService}, map the answer. */
public final class InventoryRoutes {
    private final InventoryService inventory;
    private final ObjectMapper json;

    public InventoryRoutes(InventoryService inventory, ObjectMapper json) {
        this.inventory = inventory;
        this.json = json;
    }

    public record HoldRequest(List<OrderRequest.Line> lines, Integer ttlSeconds) { }

    public record RestockRequest(Integer quantity) { }

    public record SubscribeRequest(String customerId) { }

    public void register(RoutesConfig routes) {
        routes.get("/v1/inventory/{sku}", ctx -> ctx.json(inventory.stock(HttpRequests.skuParam(ctx), HttpRequests.forwarded(ctx))));
        routes.post("/v1/inventory/reserve", this::hold);
        routes.get("/v1/inventory/reservations/{reservationId}", this::findHold);
        routes.delete("/v1/inventory/reservations/{reservationId}", this::release);
        routes.post("/v1/inventory/{sku}/restock", this::restock);
        routes.post("/v1/inventory/{sku}/subscriptions", this::subscribe);
    }

    private void hold(Context ctx) {
        Idempotency.Write<HoldRequest> write = Idempotency.write(ctx, json, HoldRequest.class);
        HoldRequest request = write.body();
        List<OrderLine> lines = request.lines() == null ? List.of() : request.lines().stream().map(OrderRequest.Line::toAvro).toList();
        int ttl = request.ttlSeconds() == null ? 900 : request.ttlSeconds();
        var holding = inventory.hold(lines, ttl, write);
        ctx.future(() -> holding.thenAccept(hold -> ctx.status(201)
                .header("Location", "/v1/inventory/reservations/" + hold.reservationId()).json(hold)));
    }

    private void findHold(Context ctx) {
        String id = HttpRequests.idParam(ctx, "reservationId");
        ctx.json(inventory.findHold(id, HttpRequests.forwarded(ctx))
                .orElseThrow(() -> com.scoville.http.ApiException.notFound("No reservation " + id)));
    }

    private void release(Context ctx) {
        Idempotency.Write<Void> write = Idempotency.bodiless(ctx);
        var releasing = inventory.release(HttpRequests.idParam(ctx, "reservationId"), write);
        ctx.future(() -> releasing.thenAccept(outcome -> Idempotency.replayed(ctx, outcome).status(204)));
    }

    private void restock(Context ctx) {
        String sku = HttpRequests.skuParam(ctx);
        Idempotency.Write<RestockRequest> write = Idempotency.write(ctx, json, RestockRequest.class);
        int quantity = write.body().quantity() == null ? 0 : write.body().quantity();
        var restocking = inventory.restock(sku, quantity, write);
        ctx.future(() -> restocking.thenAccept(outcome -> Idempotency.replayed(ctx, outcome).status(202).json(Map.of("sku", sku, "quantity", quantity))));
    }

    private void subscribe(Context ctx) {
        String sku = HttpRequests.skuParam(ctx);
        Idempotency.Write<SubscribeRequest> write = Idempotency.write(ctx, json, SubscribeRequest.class);
        Principal principal = Principal.of(ctx);
        String customerId = principal.actingFor(write.body().customerId());
        // a channel's subscription is heard of on that channel's webhooks
        String channel = principal.is(Role.CHANNEL) ? principal.channel() : null;
        var subscribing = inventory.subscribe(sku, customerId, channel, write);
        ctx.future(() -> subscribing.thenAccept(outcome -> Idempotency.replayed(ctx, outcome).status(201).json(Map.of("sku", sku, "customerId", customerId))));
    }
}
