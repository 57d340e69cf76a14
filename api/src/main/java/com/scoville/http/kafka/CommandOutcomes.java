package com.scoville.http.kafka;

import com.scoville.avro.CommandOutcome;
import com.scoville.http.Idempotency;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.function.Supplier;

/**
 * Sends a client's command and answers once the processor that applies it has said what became of its command
 * id. Every outcome of an id names the fingerprint of the request that holds it, so any one of them tells a
 * waiting request whether its body is the one applied: the same fingerprint is success (first time or retry),
 * another is 422. With no outcome within the wait, the answer is 409 with Retry-After, never a guess.
 */
public final class CommandOutcomes {
    private final TopicFeed<CommandOutcome> feed;
    private final Duration wait;

    public CommandOutcomes(TopicFeed<CommandOutcome> feed, Duration wait) {
        this.feed = feed;
        this.wait = wait;
    }

    /**
     * Sends the command ({@code send} completes on the broker's acknowledgement) and completes with its
     * outcome; {@code what} names the write in errors (e.g. "restock of GHOST-150").
     */
    public CompletableFuture<CommandOutcome> submit(String commandId, String requestHash, String what,
                                                    Supplier<CompletableFuture<?>> send) {
        // registered before sending, so an outcome cannot slip by between the two
        CompletableFuture<CommandOutcome> outcome = feed.await(commandId, o -> true, wait);
        CompletableFuture<?> sent;
        try {
            sent = send.get();
        } catch (RuntimeException e) {
            outcome.cancel(false);
            throw e;
        }
        return sent.whenComplete((ack, error) -> {
                    if (error != null) {
                        outcome.cancel(false);
                    }
                })
                .thenCompose(ack -> outcome)
                .thenApply(o -> {
                    if (o == null) {
                        throw new CompletionException(Idempotency.inProgress(what));
                    }
                    if (!Idempotency.sameRequest(o.getRequestHash(), requestHash)) {
                        throw new CompletionException(Idempotency.reused(what));
                    }
                    return o;
                });
    }

    /** Requests waiting for an outcome (for metrics: back to zero when they end). */
    public int waiting() {
        return feed.waiting();
    }
}
