package com.scoville.bench;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * Places orders as a sales channel does against several instances: round robin, and on an error (no answer, 5xx,
 * 429, 409 in progress) the same request with the same {@code Idempotency-Key} again on the next instance, after a
 * short pause growing with each attempt, up to a number of attempts. Every failed attempt counts as an error of the
 * tracker; an order still not acknowledged after its last attempt is unacknowledged.
 */
final class ChannelClient {
    /** What became of one order: acknowledged with its id (after {@code attempts}), or not. */
    record Placed(String orderId, int attempts) {
        boolean acknowledged() {
            return orderId != null;
        }
    }

    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);

    private final List<Api> instances;
    private final int attempts;
    private final OrderTracker tracker;
    private final LongAdder unacknowledged = new LongAdder();
    private final LongAdder retried = new LongAdder();

    ChannelClient(List<Api> instances, int attempts, OrderTracker tracker) {
        this.instances = List.copyOf(instances);
        this.attempts = attempts;
        this.tracker = tracker;
    }

    /** Places order {@code n} (its first attempt on instance {@code n mod instances}). */
    CompletableFuture<Placed> place(long n, String idempotencyKey, Map<String, Object> body) {
        long sentAt = tracker.sending();
        return attempt(n, 0, idempotencyKey, body, sentAt);
    }

    private CompletableFuture<Placed> attempt(long n, int attempt, String key, Map<String, Object> body, long sentAt) {
        Api api = instances.get((int) ((n + attempt) % instances.size()));
        return api.send("POST", "/v1/orders", body, Map.of("Idempotency-Key", key)).handle((answer, error) -> {
            if (error == null && (answer.status() == 200 || answer.status() == 202) && answer.text("orderId") != null) {
                tracker.accepted(answer.text("orderId"), sentAt);
                return CompletableFuture.completedFuture(new Placed(answer.text("orderId"), attempt + 1));
            }
            tracker.error(error != null ? Api.errorKind(error) : "HTTP " + answer.status() + " " + Problem.title(answer));
            boolean retryable = error != null || answer.status() >= 500 || answer.status() == 429 || Problem.inProgress(answer);
            if (!retryable || attempt + 1 >= attempts) {
                unacknowledged.increment();
                return CompletableFuture.completedFuture(new Placed(null, attempt + 1));
            }
            retried.increment();
            long pause = FIRST_PAUSE.toMillis() * (attempt + 1);
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> attempt(n, attempt + 1, key, body, sentAt));
        }).thenCompose(f -> f);
    }

    long unacknowledged() {
        return unacknowledged.sum();
    }

    long retried() {
        return retried.sum();
    }
}
