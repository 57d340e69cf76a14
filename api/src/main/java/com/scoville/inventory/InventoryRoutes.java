package com.scoville.inventory;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.api.HttpRequests;
import com.scoville.avro.OrderLine;
import com.scoville.orders.OrderRequest;
import io.javalin.config.RoutesConfig;
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
        routes.get("/v1/inventory/{sku}", ctx -> ctx.json(inventory.stock(ctx.pathParam("sku"), HttpRequests.forwarded(ctx))));
        routes.post("/v1/inventory/reserve", this::hold);
        routes.get("/v1/inventory/reservations/{reservationId}", ctx -> ctx.json(inventory.findHold(ctx.pathParam("reservationId"),
                HttpRequests.forwarded(ctx)).orElseThrow(() -> com.scoville.api.ApiException.notFound("No reservation " + ctx.pathParam("reservationId")))));
        routes.delete("/v1/inventory/reservations/{reservationId}", this::release);
        routes.post("/v1/inventory/{sku}/restock", this::restock);
        routes.post("/v1/inventory/{sku}/subscriptions", this::subscribe);
    }

    private void hold(Context ctx) {
        HoldRequest request = HttpRequests.body(ctx, json, HoldRequest.class);
        List<OrderLine> lines = request.lines() == null ? List.of() : request.lines().stream().map(OrderRequest.Line::toAvro).toList();
        int ttl = request.ttlSeconds() == null ? 900 : request.ttlSeconds();
        var holding = inventory.hold(lines, ttl, HttpRequests.caller(ctx), ctx.header("Idempotency-Key"));
        ctx.future(() -> holding.thenAccept(hold -> ctx.status(201)
                .header("Location", "/v1/inventory/reservations/" + hold.reservationId()).json(hold)));
    }

    private void release(Context ctx) {
        var releasing = inventory.release(ctx.pathParam("reservationId"));
        ctx.future(() -> releasing.thenRun(() -> ctx.status(204)));
    }

    private void restock(Context ctx) {
        RestockRequest request = HttpRequests.body(ctx, json, RestockRequest.class);
        String sku = ctx.pathParam("sku");
        int quantity = request.quantity() == null ? 0 : request.quantity();
        var restocking = inventory.restock(sku, quantity);
        ctx.future(() -> restocking.thenRun(() -> ctx.status(202).json(Map.of("sku", sku, "quantity", quantity))));
    }

    private void subscribe(Context ctx) {
        SubscribeRequest request = HttpRequests.body(ctx, json, SubscribeRequest.class);
        String sku = ctx.pathParam("sku");
        var subscribing = inventory.subscribe(sku, request.customerId());
        ctx.future(() -> subscribing.thenRun(() -> ctx.status(201).json(Map.of("sku", sku, "customerId", request.customerId()))));
    }
}
