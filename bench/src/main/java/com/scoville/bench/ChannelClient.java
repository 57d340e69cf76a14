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
 * pause doubling with each attempt (0.2 s, 0.4 s, 0.8 s … at most 5 s), up to a number of attempts. Every failed
 * attempt counts as an error of the tracker; an order still not acknowledged after its last attempt is unacknowledged.
 */
final class ChannelClient {
    /** What became of one order: acknowledged with its id (after {@code attempts}), or not. */
    record Placed(String orderId, int attempts) {
        boolean acknowledged() {
            return orderId != null;
        }
    }

    private static final Duration FIRST_PAUSE = Duration.ofMillis(200);
    private static final Duration LONGEST_PAUSE = Duration.ofSeconds(5);

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
            long pause = pauseAfter(attempt + 1).toMillis();
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(pause, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> attempt(n, attempt + 1, key, body, sentAt));
        }).thenCompose(f -> f);
    }

    /** The pause after the {@code failed}-th failed attempt: doubling, so that a channel outlasts a failover. */
    static Duration pauseAfter(int failed) {
        Duration doubled = FIRST_PAUSE.multipliedBy(1L << Math.min(failed - 1, 10));
        return doubled.compareTo(LONGEST_PAUSE) > 0 ? LONGEST_PAUSE : doubled;
    }

    long unacknowledged() {
        return unacknowledged.sum();
    }

    long retried() {
        return retried.sum();
    }
}
