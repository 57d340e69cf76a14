package com.scoville.http.kafka;

import com.scoville.avro.OrderState;
import com.scoville.kafka.Topic;
import org.apache.kafka.clients.consumer.Consumer;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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

    /**
     * Keeps a state only when it carries on from the one kept: a second decision under a known id (two bodies
     * that raced for one key and landed where their stocks live) is not the order, and the order processor
     * gives its stock back.
     */
    @Override
    protected void seen(String orderId, OrderState state) {
        synchronized (recent) {
            OrderState before = recent.remove(orderId); // re-inserted: the eldest entry is the least recently changed
            recent.put(orderId, before == null || carriesOn(state, before) ? state : before);
        }
    }

    /**
     * Whether {@code later} is {@code earlier} moved on: the same body (lines and request hash; two racing bodies
     * can be decided in the same millisecond, with equal histories) and {@code earlier}'s history followed by
     * nothing or more changes.
     */
    static boolean carriesOn(OrderState later, OrderState earlier) {
        return later.getLines().equals(earlier.getLines()) && Objects.equals(later.getRequestHash(), earlier.getRequestHash())
                && historyExtends(later.getHistory(), earlier.getHistory());
    }

    /** Whether a history is {@code earlier} followed by nothing or more changes. */
    public static <C> boolean historyExtends(List<C> later, List<C> earlier) {
        return later.size() >= earlier.size() && later.subList(0, earlier.size()).equals(earlier);
    }
}
