package com.scoville.http.webhooks;

import com.scoville.avro.DeliveryOutcome;
import com.scoville.avro.Webhook;
import com.scoville.http.kafka.KafkaWriter;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.BiConsumer;

/**
 * Delivers messages in order per lane (one webhook and one ordering key, e.g. an order id): a lane's next message
 * starts only when the one before it was delivered or dead-lettered, so a receiver sees one order's changes in
 * the order they happened, retries included. Lanes of different keys and webhooks go on independently, within a
 * bound on deliveries in flight ({@code concurrency} threads) of which one owner's webhooks (a channel's, or the
 * back office's) take at most half, so a slow or dead endpoint delays only its own owner's lanes, however many
 * webhooks that owner registers. Retries wait as {@link Backoff} says; after the last attempt the
 * message goes to {@code webhook-dlq}. Every attempt is written to {@code webhook-deliveries}.
 */
final class DeliveryLanes implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DeliveryLanes.class);

    /** Makes one attempt (the HTTP call). */
    interface Attempts {
        WebhookSender.Result attempt(Webhook webhook, String messageId, String body);
    }

    /** Where attempts and dead letters are written (Kafka in the service, memory in tests). */
    interface Outcomes {
        void attempted(Message m, int attempt, DeliveryOutcome outcome, WebhookSender.Result result);

        /** Completes once the dead letter is durable; a failure makes the lane try again later. */
        CompletableFuture<?> deadLettered(Webhook webhook, Message m, int attempts, String error);
    }

    /**
     * One body for one webhook of {@code owner} (a channel, or the back office), from the record at {@code offset}
     * of {@code from}.
     */
    record Message(String id, String webhookId, String owner, EventType type, String laneKey, String body,
                   OffsetTracker.Assignment from, long offset) { }

    private static final class Lane {
        final Deque<Message> queue = new ArrayDeque<>();
        boolean busy;
    }

    private static final class Gate {
        int inFlight;
        final Deque<Runnable> waiting = new ArrayDeque<>();
    }

    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Gate> gates = new HashMap<>();
    private final WebhookRegistry registry;
    private final Attempts sender;
    private final Backoff backoff;
    private final Outcomes outcomes;
    private final int perOwner;
    private final ExecutorService senders;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(KafkaWriter.daemon("webhook-retries"));
    /** Told when a message is delivered, dead-lettered or dropped (its webhook removed, its partition revoked). */
    private final BiConsumer<OffsetTracker.Assignment, Long> handled;

    DeliveryLanes(WebhookRegistry registry, Attempts sender, Backoff backoff, int concurrency, Outcomes outcomes,
                  BiConsumer<OffsetTracker.Assignment, Long> handled) {
        this.registry = registry;
        this.sender = sender;
        this.backoff = backoff;
        this.outcomes = outcomes;
        this.perOwner = Math.max(1, concurrency / 2);
        this.senders = Executors.newFixedThreadPool(concurrency, KafkaWriter.daemon("webhook-sender"));
        this.handled = handled;
    }

    void enqueue(Message m) {
        boolean start;
        synchronized (this) {
            Lane lane = lanes.computeIfAbsent(m.webhookId() + "\n" + m.laneKey(), k -> new Lane());
            lane.queue.addLast(m);
            start = !lane.busy;
            lane.busy = true;
        }
        if (start) {
            gate(m.owner(), () -> attempt(m, 1));
        }
    }

    /** Runs {@code task} on a sender thread once its owner has fewer than its share in flight. */
    private void gate(String owner, Runnable task) {
        synchronized (this) {
            Gate g = gates.computeIfAbsent(owner, id -> new Gate());
            if (g.inFlight >= perOwner) {
                g.waiting.addLast(task);
                return;
            }
            g.inFlight++;
        }
        run(owner, task);
    }

    private void run(String owner, Runnable task) {
        senders.execute(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                log.error("A webhook delivery task failed", e);
            } finally {
                Runnable next;
                synchronized (this) {
                    Gate g = gates.get(owner);
                    next = g.waiting.pollFirst();
                    if (next == null) {
                        g.inFlight--;
                        if (g.inFlight == 0) {
                            gates.remove(owner);
                        }
                    }
                }
                if (next != null) {
                    run(owner, next);
                }
            }
        });
    }

    private void attempt(Message m, int attempt) {
        Webhook webhook = registry.find(m.webhookId()).orElse(null);
        if (webhook == null || m.from().revoked()) {
            finish(m); // removed since, or another instance owns the record now and delivers it
            return;
        }
        WebhookSender.Result result;
        try {
            result = sender.attempt(webhook, m.id(), m.body());
        } catch (RuntimeException e) {
            result = WebhookSender.Result.failed(0, e.getClass().getSimpleName()); // an attempt that broke is a failed one, never a stuck lane
        }
        if (result.delivered()) {
            record(m, attempt, DeliveryOutcome.DELIVERED, result);
            finish(m);
        } else if (backoff.retriesAfter(attempt)) {
            record(m, attempt, DeliveryOutcome.FAILED, result);
            timers.schedule(() -> gate(m.owner(), () -> attempt(m, attempt + 1)),
                    backoff.delayAfter(attempt).toMillis(), TimeUnit.MILLISECONDS);
        } else {
            record(m, attempt, DeliveryOutcome.FAILED, result);
            deadLetter(webhook, m, attempt, result.error());
        }
    }

    /** The message goes to webhook-dlq; only once Kafka holds it does the lane move on (else it tries again later). */
    private void deadLetter(Webhook webhook, Message m, int attempts, String error) {
        CompletableFuture<?> written;
        try {
            written = outcomes.deadLettered(webhook, m, attempts, error);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e); // e.g. the registry unreachable while serializing
        }
        written.whenComplete((ack, failure) -> {
            if (failure != null) {
                log.warn("Webhook message {} could not be dead-lettered: tried again later", m.id(), failure);
                timers.schedule(() -> deadLetter(webhook, m, attempts, error), backoff.max().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            log.info("Webhook message {} ({}) to {} dead-lettered after {} attempts: {}", m.id(), m.type().wireName(), m.webhookId(), attempts, error);
            record(m, attempts, DeliveryOutcome.DEAD_LETTERED, new WebhookSender.Result(false, 0, error));
            finish(m);
        });
    }

    private void record(Message m, int attempt, DeliveryOutcome outcome, WebhookSender.Result result) {
        try {
            outcomes.attempted(m, attempt, outcome, result);
        } catch (RuntimeException e) {
            log.warn("Delivery log of webhook {} lost an attempt: {}", m.webhookId(), e.toString());
        }
    }

    /** The lane's head is done: the next of the lane (if any) starts. */
    private void finish(Message m) {
        handled.accept(m.from(), m.offset());
        Message next;
        synchronized (this) {
            String key = m.webhookId() + "\n" + m.laneKey();
            Lane lane = lanes.get(key);
            lane.queue.pollFirst();
            next = lane.queue.peekFirst();
            if (next == null) {
                lanes.remove(key);
            }
        }
        if (next != null) {
            Message n = next;
            gate(n.owner(), () -> attempt(n, 1));
        }
    }

    @Override
    public void close() {
        timers.shutdownNow();
        senders.shutdownNow();
    }
}
