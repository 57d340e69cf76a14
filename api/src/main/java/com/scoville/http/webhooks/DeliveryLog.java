package com.scoville.http.webhooks;

import com.scoville.avro.WebhookDelivery;
import com.scoville.kafka.Topic;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Predicate;

/**
 * The latest {@link #KEPT} delivery attempts of each webhook, newest first, on every instance: read from the topic
 * {@code webhook-deliveries} (kept a day), which every dispatching instance writes, so any instance answers
 * GET /v1/webhooks/{id}/deliveries whichever delivered. Forgotten with the webhook.
 */
public final class DeliveryLog implements AutoCloseable {
    /** Attempts kept per webhook. */
    public static final int KEPT = 100;

    private final Map<String, Deque<WebhookDelivery>> byWebhook = new ConcurrentHashMap<>();
    /** Whether a webhook is still registered: attempts of removed ones are not kept. */
    private final Predicate<String> registered;
    private volatile TopicReplica<WebhookDelivery> replica;

    public DeliveryLog(Predicate<String> registered) {
        this.registered = registered;
    }

    public DeliveryLog follow(String bootstrapServers, Topic<String, WebhookDelivery> topic) {
        replica = new TopicReplica<>(bootstrapServers, topic, "webhook-deliveries", (id, d) -> add(d)).start();
        return this;
    }

    void add(WebhookDelivery delivery) {
        if (delivery == null || !registered.test(delivery.getWebhookId())) {
            return;
        }
        Deque<WebhookDelivery> log = byWebhook.computeIfAbsent(delivery.getWebhookId(), id -> new ArrayDeque<>());
        synchronized (log) {
            log.addFirst(delivery);
            while (log.size() > KEPT) {
                log.removeLast();
            }
        }
    }

    /** Up to {@code limit} attempts of {@code webhookId}, newest first. */
    public List<WebhookDelivery> latest(String webhookId, int limit) {
        Deque<WebhookDelivery> log = byWebhook.get(webhookId);
        if (log == null) {
            return List.of();
        }
        synchronized (log) {
            List<WebhookDelivery> out = new ArrayList<>(Math.min(limit, log.size()));
            for (WebhookDelivery d : log) {
                if (out.size() >= limit) {
                    break;
                }
                out.add(d);
            }
            return out;
        }
    }

    /** Drops what was kept of a removed webhook. */
    public void forget(String webhookId) {
        byWebhook.remove(webhookId);
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
    }
}
