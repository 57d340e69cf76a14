package com.scoville.http;

import io.javalin.config.RoutesConfig;

import java.util.Map;
import java.util.function.BooleanSupplier;

/**
 * Liveness and readiness, for an orchestrator. Live: nothing has failed for good (Kafka Streams is not in
 * ERROR or stopped on its own, the status feed still reads); DOWN means only a restart helps. Ready: Kafka
 * Streams is RUNNING, so queries can be answered; not ready during start, rebalances and restores.
 */
public final class HealthRoutes {
    private final BooleanSupplier streamsAlive;
    private final BooleanSupplier feedAlive;
    private final BooleanSupplier ready;

    public HealthRoutes(BooleanSupplier streamsAlive, BooleanSupplier feedAlive, BooleanSupplier ready) {
        this.streamsAlive = streamsAlive;
        this.feedAlive = feedAlive;
        this.ready = ready;
    }

    public void register(RoutesConfig routes) {
        routes.get("/health/live", ctx -> {
            boolean streams = streamsAlive.getAsBoolean();
            boolean feed = feedAlive.getAsBoolean();
            boolean up = streams && feed;
            ctx.status(up ? 200 : 503).json(Map.of("status", status(up),
                    "checks", Map.of("kafkaStreams", status(streams), "statusFeed", status(feed))));
        });
        routes.get("/health/ready", ctx -> {
            boolean up = ready.getAsBoolean();
            ctx.status(up ? 200 : 503).json(Map.of("status", status(up)));
        });
    }

    private static String status(boolean up) {
        return up ? "UP" : "DOWN";
    }
}
