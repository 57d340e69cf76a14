package com.scoville.analytics;

import com.scoville.avro.SalesTotals;
import com.scoville.kafka.StateStores;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The MINUTE, HOUR and DAY window stores of one family of totals, and adding to them. Shared by the
 * aggregators so that each owns its stores and none repeats the windowing. A record older than the
 * partition's stream time minus the grace period is too late and is counted nowhere (and reported).
 *
 * <p>Each window size keeps the totals it wrote last, as an object: consecutive adds to one key and window (the
 * funnel's one key, a busy SKU's sales) read them from there rather than fetch and deserialise them from the store
 * again. Only this processor writes its task's stores, and a new processor (Kafka Streams makes the topology anew
 * when a task restarts or is revived) starts with none, so what is kept is what the store holds; a change that fails
 * before its put forgets it.
 */
public final class WindowedTotals {
    private final Map<AnalyticsWindow, WindowStore<String, SalesTotals>> stores = new EnumMap<>(AnalyticsWindow.class);
    private final Map<AnalyticsWindow, Written> lastWritten = new EnumMap<>(AnalyticsWindow.class);
    private final Duration grace;
    private long streamTime = Long.MIN_VALUE;
    private long droppedLate;

    public WindowedTotals(ProcessorContext<?, ?> context, String family, Duration grace) {
        for (AnalyticsWindow w : AnalyticsWindow.values()) {
            stores.put(w, context.getStateStore(w.store(family)));
        }
        this.grace = grace;
    }

    public static List<StoreBuilder<WindowStore<String, SalesTotals>>> stores(String family, Serde<SalesTotals> serde) {
        List<StoreBuilder<WindowStore<String, SalesTotals>>> builders = new ArrayList<>();
        for (AnalyticsWindow w : AnalyticsWindow.values()) {
            builders.add(StateStores.window(w.store(family), w.retention, w.size, Serdes.String(), serde));
        }
        return builders;
    }

    /** Whether an event at {@code at} still counts: not older than stream time minus grace. */
    public boolean accept(Instant at) {
        long ts = at.toEpochMilli();
        streamTime = Math.max(streamTime, ts);
        if (ts < streamTime - grace.toMillis()) {
            droppedLate++;
            return false;
        }
        return true;
    }

    /**
     * Moves stream time to {@code at} without counting anything: a record that carries older events (an order's
     * status history) sets the clock by its latest one before the older ones are judged late or not.
     */
    public void advanceTo(Instant at) {
        streamTime = Math.max(streamTime, at.toEpochMilli());
    }

    /** The totals last put in a window of one size: its key, start and value. */
    private record Written(String key, long start, SalesTotals totals) {
        boolean holds(String otherKey, long otherStart) {
            return start == otherStart && key.equals(otherKey);
        }
    }

    /** Adds to the totals of {@code key} in the window of every size that holds {@code at}. */
    public void add(String key, Instant at, Consumer<SalesTotals> change) {
        long ts = at.toEpochMilli();
        for (Map.Entry<AnalyticsWindow, WindowStore<String, SalesTotals>> e : stores.entrySet()) {
            AnalyticsWindow window = e.getKey();
            long start = window.startOf(ts);
            Written last = lastWritten.remove(window); // kept again only once the put is done
            SalesTotals totals = last != null && last.holds(key, start) ? last.totals() : e.getValue().fetch(key, start);
            if (totals == null) {
                totals = SalesTotals.newBuilder().setLastEventAt(Instant.EPOCH).build();
            }
            change.accept(totals);
            if (at.isAfter(totals.getLastEventAt())) {
                totals.setLastEventAt(at);
            }
            e.getValue().put(key, totals, start);
            lastWritten.put(window, new Written(key, start, totals));
        }
    }

    public long droppedLate() {
        return droppedLate;
    }
}
