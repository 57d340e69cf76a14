package com.scoville.api;

import io.javalin.config.RoutesConfig;

import java.util.Map;
import java.util.function.BooleanSupplier;

/** Liveness (the process answers) and readiness (Kafka Streams is RUNNING, so queries can be answered). */
public final class HealthRoutes {
    private final BooleanSupplier ready;

    public HealthRoutes(BooleanSupplier ready) {
        this.ready = ready;
    }

    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> ctx.json(Map.of("status", "UP")));
        routes.get("/health/ready", ctx -> {
            boolean up = ready.getAsBoolean();
            ctx.status(up ? 200 : 503).json(Map.of("status", up ? "UP" : "DOWN"));
        });
    }
}
