package com.scoville.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.api.HttpRequests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.util.Map;

/** HTTP for ratings: parse, call {@link FeedbackService}, answer 202 once the rating is in Kafka. */
public final class FeedbackRoutes {
    private final FeedbackService feedback;
    private final ObjectMapper json;

    public FeedbackRoutes(FeedbackService feedback, ObjectMapper json) {
        this.feedback = feedback;
        this.json = json;
    }

    public void register(RoutesConfig routes) {
        routes.post("/v1/feedback", this::submit);
    }

    private void submit(Context ctx) {
        FeedbackService.FeedbackRequest request = HttpRequests.body(ctx, json, FeedbackService.FeedbackRequest.class);
        var taking = feedback.submit(request);
        ctx.future(() -> taking.thenAccept(f -> ctx.status(202).json(Map.of(
                "customerId", f.getCustomerId(), "sku", f.getSku(), "taste", f.getTaste(), "heat", f.getHeat(),
                "at", f.getAt().toString()))));
    }
}
