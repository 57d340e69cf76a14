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
 * back office's) take at most {@code concurrency / (owners in flight + 1)}, so however many owners hang, a thread is
 * left for the next one. One owner holds at most its share of the {@code buffer} of waiting messages
 * ({@code buffer / (owners waiting + 1)}, never below a floor): past it, its new messages go straight to
 * {@code webhook-dlq} ("backlog full"), so a dead endpoint neither fills the buffer (which stops reading for every
 * owner) nor holds the offsets back. Retries wait as {@link Backoff} says; after the last attempt the message goes
 * to {@code webhook-dlq}. Every attempt is written to {@code webhook-deliveries}.
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

    /** The error of a message dead-lettered without an attempt, its owner over its share of the buffer. */
    static final String BACKLOG_FULL = "backlog full";
    /** The share of the buffer any owner may hold, however many owners wait (unless the buffer is smaller). */
    private static final int MIN_SHARE = 100;

    private final Map<String, Lane> lanes = new HashMap<>();
    private final Map<String, Gate> gates = new HashMap<>();
    /** Messages enqueued and not finished, per owner (absent: none). */
    private final Map<String, Integer> waiting = new HashMap<>();
    /** Messages dead-lettered for a full backlog, per owner, for a log line now and then (not each). */
    private final Map<String, Long> overflowed = new HashMap<>();
    private final WebhookRegistry registry;
    private final Attempts sender;
    private final Backoff backoff;
    private final Outcomes outcomes;
    private final int concurrency;
    private final int buffer;
    private final ExecutorService senders;
    private final ScheduledExecutorService timers = Executors.newSingleThreadScheduledExecutor(KafkaWriter.daemon("webhook-retries"));
    /** Told when a message is delivered, dead-lettered or dropped (its webhook removed, its partition revoked). */
    private final BiConsumer<OffsetTracker.Assignment, Long> handled;

    DeliveryLanes(WebhookRegistry registry, Attempts sender, Backoff backoff, int concurrency, int buffer, Outcomes outcomes,
                  BiConsumer<OffsetTracker.Assignment, Long> handled) {
        this.registry = registry;
        this.sender = sender;
        this.backoff = backoff;
        this.outcomes = outcomes;
        this.concurrency = concurrency;
        this.buffer = buffer;
        this.senders = Executors.newFixedThreadPool(concurrency, KafkaWriter.daemon("webhook-sender"));
        this.handled = handled;
    }

    void enqueue(Message m) {
        boolean start;
        synchronized (this) {
            int mine = waiting.getOrDefault(m.owner(), 0);
            int owners = waiting.size() + (mine == 0 ? 1 : 0);
            if (mine >= share(owners)) {
                long count = overflowed.merge(m.owner(), 1L, Long::sum);
                if (count == 1 || count % 1000 == 0) {
                    log.warn("Webhooks of {} hold {} undelivered messages, their share of the buffer: {} new ones dead-lettered so far",
                            m.owner(), mine, count);
                }
                start = false;
            } else {
                waiting.merge(m.owner(), 1, Integer::sum);
                start = true;
            }
        }
        if (!start) {
            overflow(m);
            return;
        }
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

    /** What one owner may hold of the buffer while {@code owners} owners have messages waiting. */
    private int share(int owners) {
        return Math.max(buffer / (owners + 1), Math.min(MIN_SHARE, buffer / 2));
    }

    /** Deliveries one owner may have in flight now: however many owners hang, one more finds a thread. */
    private int inFlightCap() {
        return Math.max(1, concurrency / (gates.size() + 1));
    }

    /** A message whose owner is over its share: to webhook-dlq without an attempt, so its offset moves on. */
    private void overflow(Message m) {
        Webhook webhook = registry.find(m.webhookId()).orElse(null);
        if (webhook == null || m.from().revoked()) {
            handled.accept(m.from(), m.offset());
            return;
        }
        deadLetter(webhook, m, 0, BACKLOG_FULL, () -> handled.accept(m.from(), m.offset()));
    }

    /** Runs {@code task} on a sender thread once its owner has fewer than its share in flight. */
    private void gate(String owner, Runnable task) {
        synchronized (this) {
            Gate g = gates.computeIfAbsent(owner, id -> new Gate());
            if (g.inFlight >= inFlightCap()) {
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
                    // an owner over the cap (more owners came since it started these) gives the thread up
                    next = g.inFlight > inFlightCap() ? null : g.waiting.pollFirst();
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
            deadLetter(webhook, m, attempt, result.error(), () -> finish(m));
        }
    }

    /** The message goes to webhook-dlq; only once Kafka holds it does {@code then} run (else it tries again later). */
    private void deadLetter(Webhook webhook, Message m, int attempts, String error, Runnable then) {
        CompletableFuture<?> written;
        try {
            written = outcomes.deadLettered(webhook, m, attempts, error);
        } catch (RuntimeException e) {
            written = CompletableFuture.failedFuture(e); // e.g. the registry unreachable while serializing
        }
        written.whenComplete((ack, failure) -> {
            if (failure != null) {
                log.warn("Webhook message {} could not be dead-lettered: tried again later", m.id(), failure);
                timers.schedule(() -> deadLetter(webhook, m, attempts, error, then), backoff.max().toMillis(), TimeUnit.MILLISECONDS);
                return;
            }
            if (attempts > 0) { // a full backlog's are counted in enqueue, not each logged
                log.info("Webhook message {} ({}) to {} dead-lettered after {} attempts: {}", m.id(), m.type().wireName(), m.webhookId(), attempts, error);
            }
            record(m, attempts, DeliveryOutcome.DEAD_LETTERED, new WebhookSender.Result(false, 0, error));
            then.run();
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
            int left = waiting.merge(m.owner(), -1, Integer::sum);
            if (left <= 0) {
                waiting.remove(m.owner());
                overflowed.remove(m.owner());
            }
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
