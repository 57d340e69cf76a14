package com.scoville.http.analytics;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import com.scoville.Violation;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.CustomerAggregator;
import com.scoville.analytics.FunnelCounter;
import com.scoville.analytics.RatingsAggregator;
import com.scoville.analytics.SalesAggregator;
import com.scoville.http.ApiException;

import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

/** What one instance answers its peers about its part of a window store, of the customer segments, and of a customer. */
public final class AnalyticsRoutes {
    private static final Set<String> KNOWN_STORES = Stream.concat(
                    Stream.of(SalesAggregator.FAMILY, CustomerAggregator.FAMILY, RatingsAggregator.FAMILY), FunnelCounter.FAMILIES.stream())
            .flatMap(family -> Stream.of(AnalyticsWindow.values()).map(w -> w.store(family)))
            .collect(Collectors.toSet());

    private final WindowGatherer gatherer;
    private final SegmentService segments;

    /** The windows only (tests). */
    public AnalyticsRoutes(WindowGatherer gatherer) {
        this(gatherer, null);
    }

    public AnalyticsRoutes(WindowGatherer gatherer, SegmentService segments) {
        this.gatherer = gatherer;
        this.segments = segments;
    }

    public void register(RoutesConfig routes) {
        routes.get("/internal/windows/{store}", this::windows);
        routes.get("/internal/segments", this::segments);
        routes.get("/internal/customers/{id}", this::customer);
    }

    private void segments(Context ctx) {
        AnalyticsWindow window;
        try {
            window = AnalyticsWindow.valueOf(String.valueOf(ctx.queryParam("window")));
        } catch (IllegalArgumentException e) {
            throw ApiException.badRequest("window must be MINUTE, HOUR or DAY", List.of(new Violation("window", "must be MINUTE, HOUR or DAY")));
        }
        ctx.json(segments.local(window, Instant.ofEpochMilli(millis(ctx, "at"))));
    }

    /** Asked by a peer that does not hold the customer: answered from here only, never forwarded again. */
    private void customer(Context ctx) {
        ctx.json(segments.customer(ctx.pathParam("id"), true)
                .orElseThrow(() -> ApiException.notFound("No customer " + ctx.pathParam("id"))));
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
