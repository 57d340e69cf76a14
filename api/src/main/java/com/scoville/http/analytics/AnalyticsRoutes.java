package com.scoville.http.analytics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import com.scoville.Violation;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.CustomerAggregator;
import com.scoville.analytics.RatingsAggregator;
import com.scoville.analytics.SalesAggregator;
import com.scoville.http.ApiException;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What one instance answers its peers about its part of a window store. */
public final class AnalyticsRoutes {
    private static final Set<String> KNOWN_STORES = Stream.of(SalesAggregator.FAMILY, CustomerAggregator.FAMILY, RatingsAggregator.FAMILY)
            .flatMap(family -> Stream.of(AnalyticsWindow.values()).map(w -> w.store(family)))
            .collect(Collectors.toSet());

    private final WindowGatherer gatherer;

    public AnalyticsRoutes(WindowGatherer gatherer) {
        this.gatherer = gatherer;
    }

    public void register(RoutesConfig routes) {
        routes.get("/internal/windows/{store}", this::windows);
    }

    private void windows(Context ctx) {
        String store = ctx.pathParam("store");
        if (!KNOWN_STORES.contains(store)) {
            throw ApiException.notFound("No window store " + store);
        }
        Instant from = Instant.ofEpochMilli(millis(ctx, "from"));
        Instant to = Instant.ofEpochMilli(millis(ctx, "to"));
        ctx.json(gatherer.local(store, from, to));
    }

    private static long millis(Context ctx, String name) {
        try {
            return Long.parseLong(ctx.queryParam(name));
        } catch (NumberFormatException e) {
            throw ApiException.badRequest(name + " must be epoch milliseconds", List.of(new Violation(name, "must be epoch milliseconds")));
        }
    }
}
