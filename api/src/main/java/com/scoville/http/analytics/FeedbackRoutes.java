package com.scoville.http.analytics;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.Idempotency;
import io.javalin.config.RoutesConfig;
import com.scoville.http.security.Principal;
import io.javalin.http.Context;

import java.util.Map;

/** HTTP for ratings: parse, call {@link FeedbackService}, answer 202 once the rating is taken (once per key). */
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
        Idempotency.Write<FeedbackService.FeedbackRequest> sent = Idempotency.write(ctx, json, FeedbackService.FeedbackRequest.class);
        FeedbackService.FeedbackRequest r = sent.body();
        // a customer rates as itself, whatever the body names
        var write = new Idempotency.Write<>(new FeedbackService.FeedbackRequest(Principal.of(ctx).actingFor(r.customerId()), r.sku(),
                r.taste(), r.heat(), r.orderId(), r.comment()), sent.caller(), sent.key(), sent.requestHash(), sent.actor());
        var taking = feedback.submit(write);
        ctx.future(() -> taking.thenAccept(taken -> Idempotency.replayed(ctx, taken.outcome()).status(202).json(Map.of(
                "customerId", taken.feedback().getCustomerId(), "sku", taken.feedback().getSku(),
                "taste", taken.feedback().getTaste(), "heat", taken.feedback().getHeat(),
                // when it was taken: the same for a retry
                "at", taken.outcome().getAt().toString()))));
    }
}
