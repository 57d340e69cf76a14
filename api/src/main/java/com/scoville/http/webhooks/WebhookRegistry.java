package com.scoville.http.webhooks;

import com.scoville.avro.Webhook;
import com.scoville.kafka.Topic;

import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;

/**
 * The webhooks registered, as the compacted topic {@code webhooks} says, on every instance: any instance lists
 * them and the dispatcher finds who hears of an event. A write of this instance is seen here as soon as Kafka
 * acknowledges it; another instance's within a poll (about a second).
 */
public final class WebhookRegistry implements AutoCloseable {
    private final Map<String, Webhook> byId = new ConcurrentHashMap<>();
    private final List<Consumer<String>> removalListeners = new CopyOnWriteArrayList<>();
    private volatile TopicReplica<Webhook> replica;

    /** An empty registry, filled by hand (tests) or by {@link #follow}. */
    public WebhookRegistry() { }

    /** Reads the topic to its end, then follows it. */
    public WebhookRegistry follow(String bootstrapServers, Topic<String, Webhook> topic) {
        replica = new TopicReplica<>(bootstrapServers, topic, "webhook-registry", this::apply).start();
        return this;
    }

    void apply(String id, Webhook webhook) {
        if (id == null) {
            return;
        }
        if (webhook == null) {
            if (byId.remove(id) != null) {
                removalListeners.forEach(l -> l.accept(id));
            }
        } else {
            byId.put(id, webhook);
        }
    }

    /** Told the id of each webhook removed, by any instance. */
    public WebhookRegistry onRemoved(Consumer<String> listener) {
        removalListeners.add(listener);
        return this;
    }

    public Optional<Webhook> find(String id) {
        return Optional.ofNullable(byId.get(id));
    }

    public Collection<Webhook> all() {
        return List.copyOf(byId.values());
    }

    /** The webhooks subscribed to {@code type} that may hear of an event of {@code channel} (null: no channel's). */
    public List<Webhook> recipients(EventType type, String channel) {
        return byId.values().stream()
                .filter(w -> w.getEvents().contains(type.wireName()))
                .filter(w -> w.getChannel() == null || !type.backOfficeOnly() && w.getChannel().equals(channel))
                .toList();
    }

    /** Whether some webhook is subscribed to one of {@code types}, whatever its channel. */
    public boolean anySubscribedTo(java.util.Set<EventType> types) {
        return byId.values().stream().anyMatch(w -> types.stream().anyMatch(t -> w.getEvents().contains(t.wireName())));
    }

    public boolean alive() {
        return replica == null || replica.alive();
    }

    @Override
    public void close() {
        if (replica != null) {
            replica.close();
        }
    }
}
