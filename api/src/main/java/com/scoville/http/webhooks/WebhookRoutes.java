package com.scoville.http.webhooks;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.HttpRequests;
import com.scoville.http.Idempotency;
import com.scoville.http.security.Principal;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

/** POST/GET /v1/webhooks, DELETE /v1/webhooks/{webhookId}, GET /v1/webhooks/{webhookId}/deliveries. */
public final class WebhookRoutes {
    private static final int DEFAULT_DELIVERIES = 50;

    private final WebhookService webhooks;
    private final ObjectMapper json;

    public WebhookRoutes(WebhookService webhooks, ObjectMapper json) {
        this.webhooks = webhooks;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/webhooks", this::create);
        routes.get("/v1/webhooks", ctx -> ctx.json(java.util.Map.of("items", webhooks.list(Principal.of(ctx)))));
        routes.delete("/v1/webhooks/{webhookId}", this::delete);
        routes.get("/v1/webhooks/{webhookId}/deliveries", this::deliveries);
    }

    private void create(Context ctx) {
        var write = Idempotency.write(ctx, json, WebhookService.WebhookRequest.class);
        var registering = webhooks.register(Principal.of(ctx), write);
        ctx.future(() -> registering.thenAccept(registered -> {
            if (registered.replayed()) {
                ctx.header("Idempotent-Replayed", "true");
            }
            ctx.status(201).json(registered.created());
        }));
    }

    private void delete(Context ctx) {
        String id = HttpRequests.idParam(ctx, "webhookId");
        HttpRequests.requireIdempotencyKey(ctx); // like every write; removing twice is harmless (the second: 404)
        var deleting = webhooks.delete(Principal.of(ctx), com.scoville.http.audit.Actors.of(ctx), id);
        ctx.future(() -> deleting.thenAccept(done -> ctx.status(204)));
    }

    private void deliveries(Context ctx) {
        String id = HttpRequests.idParam(ctx, "webhookId");
        int limit = HttpRequests.intParam(ctx, "limit", DEFAULT_DELIVERIES, 1, DeliveryLog.KEPT);
        ctx.json(java.util.Map.of("items", webhooks.deliveries(Principal.of(ctx), id, limit)));
    }
}
