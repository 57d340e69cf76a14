package com.scoville.orders;

import com.scoville.avro.OrderState;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * Which orders and holds expire when: keys are the expiry time first, zero-padded, so that one range scan
 * finds everything due, oldest first.
 */
final class ExpiryIndex {
    private static final String FIRST = "0";

    private final KeyValueStore<String, String> store;

    ExpiryIndex(KeyValueStore<String, String> store) {
        this.store = store;
    }

    void schedule(OrderState state) {
        if (state.getExpiresAt() != null) {
            store.put(key(state.getExpiresAt(), state.getOrderId()), state.getOrderId());
        }
    }

    void unschedule(OrderState state) {
        if (state.getExpiresAt() != null) {
            store.delete(key(state.getExpiresAt(), state.getOrderId()));
        }
    }

    /** The ids due at {@code now}, taken out of the index. */
    List<String> takeDue(Instant now) {
        List<KeyValue<String, String>> due = new ArrayList<>();
        try (KeyValueIterator<String, String> it = store.range(FIRST, upTo(now))) {
            it.forEachRemaining(due::add);
        }
        List<String> ids = new ArrayList<>(due.size());
        for (KeyValue<String, String> entry : due) {
            store.delete(entry.key);
            ids.add(entry.value);
        }
        return ids;
    }

    static String key(Instant expiresAt, String orderId) {
        return String.format("%015d|%s", expiresAt.toEpochMilli(), orderId);
    }

    /** The upper bound of a scan for everything due at {@code now} ('}' sorts after every id character). */
    static String upTo(Instant now) {
        return String.format("%015d|}", now.toEpochMilli());
    }
}
