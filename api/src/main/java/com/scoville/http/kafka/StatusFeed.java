package com.scoville.http.kafka;

import com.scoville.avro.OrderState;
import com.scoville.kafka.Topic;
import org.apache.kafka.clients.consumer.Consumer;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Tails 'order-status': wakes the requests waiting for an order or hold to change, and keeps the latest state
 * of the orders that changed recently ({@link #latest}).
 */
public final class StatusFeed extends TopicFeed<OrderState> {
    /** How many orders' latest states are kept: the most recently changed ones. */
    private static final int RECENT_ORDERS = 100_000;

    private final Map<String, OrderState> recent = new LinkedHashMap<>(1024, 0.75f, false) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, OrderState> eldest) {
            return size() > RECENT_ORDERS;
        }
    };

    public StatusFeed(String bootstrapServers, Topic<String, OrderState> topic) {
        super(bootstrapServers, topic, "status-feed");
    }

    /** A feed on {@code consumer} (tests pass a MockConsumer). */
    StatusFeed(Consumer<String, OrderState> consumer, Topic<String, OrderState> topic) {
        super(consumer, topic, "status-feed");
    }

    @Override
    public StatusFeed start() {
        super.start();
        return this;
    }

    /**
     * The latest state of {@code orderId} seen on the topic since this instance started, if it changed recently.
     * It can be ahead of the order store: a decision made where the stock lives reaches the topic first.
     */
    public Optional<OrderState> latest(String orderId) {
        synchronized (recent) {
            return Optional.ofNullable(recent.get(orderId));
        }
    }

    @Override
    protected void seen(String orderId, OrderState state) {
        synchronized (recent) {
            OrderState before = recent.remove(orderId); // re-inserted: the eldest entry is the least recently changed
            recent.put(orderId, before != null && before.getUpdatedAt().isAfter(state.getUpdatedAt()) ? before : state);
        }
    }
}
