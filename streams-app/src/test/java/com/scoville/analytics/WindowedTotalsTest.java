package com.scoville.analytics;

import com.scoville.avro.SalesTotals;
import com.scoville.kafka.Topics;
import com.scoville.registry.InMemorySchemaRegistry;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.EnumMap;
import java.util.Map;

import static com.scoville.ScovilleDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One family's MINUTE, HOUR and DAY windows on their own, over in-memory stores. */
class WindowedTotalsTest {
    private static final String FAMILY = "test";

    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final Map<AnalyticsWindow, WindowStore<String, SalesTotals>> stores = new EnumMap<>(AnalyticsWindow.class);
    private final WindowedTotals totals;

    WindowedTotalsTest() {
        for (StoreBuilder<WindowStore<String, SalesTotals>> builder
                : WindowedTotals.stores(FAMILY, new Topics(new InMemorySchemaRegistry(), 1).storeSerde(SalesTotals.class))) {
            WindowStore<String, SalesTotals> store = builder.withCachingDisabled().withLoggingDisabled().build();
            store.init(context.getStateStoreContext(), store);
            context.addStateStore(store);
        }
        for (AnalyticsWindow window : AnalyticsWindow.values()) {
            stores.put(window, context.getStateStore(window.store(FAMILY)));
        }
        totals = new WindowedTotals(context, FAMILY, Duration.ofMinutes(5));
    }

    @Test
    void shouldAddEveryChangeToTheWindowOfEachSizeThatHoldsIt() {
        // when three orders of one key in one minute, one of another key between them, and one a minute later
        totals.add("a", START, t -> t.setOrders(t.getOrders() + 1));
        totals.add("b", START.plusSeconds(1), t -> t.setOrders(t.getOrders() + 1));
        totals.add("a", START.plusSeconds(2), t -> t.setOrders(t.getOrders() + 1));
        totals.add("a", START.plusSeconds(3), t -> t.setOrders(t.getOrders() + 1));
        totals.add("a", START.plusSeconds(60), t -> t.setOrders(t.getOrders() + 1));
        // then each window holds what happened in it
        assertThat(orders(AnalyticsWindow.MINUTE, "a", START)).isEqualTo(3);
        assertThat(orders(AnalyticsWindow.MINUTE, "a", START.plusSeconds(60))).isEqualTo(1);
        assertThat(orders(AnalyticsWindow.MINUTE, "b", START)).isEqualTo(1);
        assertThat(orders(AnalyticsWindow.HOUR, "a", START)).isEqualTo(4);
        assertThat(orders(AnalyticsWindow.DAY, "a", START)).isEqualTo(4);
        assertThat(stores.get(AnalyticsWindow.DAY).fetch("a", AnalyticsWindow.DAY.startOf(START).toEpochMilli()).getLastEventAt())
                .isEqualTo(START.plusSeconds(60));
    }

    @Test
    void shouldStartAgainFromTheStoreAfterAChangeThatFailed() {
        // given one order counted
        totals.add("a", START, t -> t.setOrders(t.getOrders() + 1));
        // when a change fails half way, after it changed the totals it was given
        assertThatThrownBy(() -> totals.add("a", START, t -> {
            t.setOrders(t.getOrders() + 100);
            throw new IllegalStateException("failed");
        })).hasMessage("failed");
        // then the store holds what it held, and the next change starts from there, not from the failed one's totals
        assertThat(orders(AnalyticsWindow.MINUTE, "a", START)).isEqualTo(1);
        totals.add("a", START, t -> t.setOrders(t.getOrders() + 1));
        for (AnalyticsWindow window : AnalyticsWindow.values()) {
            assertThat(orders(window, "a", START)).as(window.name()).isEqualTo(2);
        }
    }

    private long orders(AnalyticsWindow window, String key, Instant at) {
        SalesTotals stored = stores.get(window).fetch(key, window.startOf(at).toEpochMilli());
        return stored == null ? 0 : stored.getOrders();
    }
}
