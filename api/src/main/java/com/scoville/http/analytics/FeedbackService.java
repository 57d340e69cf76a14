package com.scoville.http.analytics;

import com.scoville.Bounds;
import com.scoville.Violation;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Feedback;
import com.scoville.catalog.Catalog;
import com.scoville.http.ApiException;
import com.scoville.http.Idempotency;
import com.scoville.http.kafka.CommandOutcomes;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.kafka.ServiceContext;
import com.scoville.kafka.Topics;

import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Takes a customer's taste and heat rating of a sauce onto the topic 'feedback', where the analytics count it.
 * A rating is keyed by its command id (not its SKU, which is in the body): a retry reaches the partition that
 * counted the first, whatever its body says, and the analytics sum all partitions anyway.
 */
public final class FeedbackService {
    private final Topics topics;
    private final KafkaWriter writer;
    private final CommandOutcomes outcomes;
    private final Catalog catalog;
    private final Clock clock;

    public FeedbackService(ServiceContext context) {
        this.topics = context.topics();
        this.writer = context.writer();
        this.outcomes = context.outcomes();
        this.catalog = context.catalog();
        this.clock = context.clock();
    }

    /** The body of POST /v1/feedback. */
    public record FeedbackRequest(String customerId, String sku, Integer taste, Integer heat, String orderId, String comment) { }

    /** A rating taken, and what became of its command. */
    public record Taken(Feedback feedback, CommandOutcome outcome) { }

    public CompletableFuture<Taken> submit(Idempotency.Write<FeedbackRequest> write) {
        FeedbackRequest r = write.body();
        List<Violation> violations = new ArrayList<>();
        Bounds.requiredText(violations, "customerId", r.customerId(), Bounds.MAX_ID_LENGTH);
        if (r.sku() == null || !Bounds.SKU.matcher(r.sku()).matches() || catalog.find(r.sku()).isEmpty()) {
            violations.add(new Violation("sku", "must name a product of the catalog"));
        }
        if (r.taste() == null || r.taste() < 1 || r.taste() > 5) {
            violations.add(new Violation("taste", "must be 1 to 5"));
        }
        if (r.heat() == null || r.heat() < 1 || r.heat() > 5) {
            violations.add(new Violation("heat", "must be 1 to 5"));
        }
        Bounds.text(violations, "orderId", r.orderId(), Bounds.MAX_ID_LENGTH);
        Bounds.text(violations, "comment", r.comment(), Bounds.MAX_COMMENT_LENGTH);
        if (!violations.isEmpty()) {
            throw ApiException.unprocessable("The rating cannot be taken", violations);
        }
        String commandId = write.commandId("feedback");
        Feedback feedback = Feedback.newBuilder().setCustomerId(r.customerId()).setSku(r.sku()).setTaste(r.taste())
                .setHeat(r.heat()).setOrderId(r.orderId()).setComment(r.comment()).setAt(clock.instant())
                .setCommandId(commandId).setRequestHash(write.requestHash()).build();
        return outcomes.submit(commandId, write.requestHash(), "rating", () -> writer.send(topics.feedback, commandId, feedback))
                .thenApply(outcome -> new Taken(feedback, outcome));
    }
}
