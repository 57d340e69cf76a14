package com.scoville.inventory;

import com.scoville.avro.StockLevel;
import com.scoville.kafka.Topics;
import com.scoville.registry.InMemorySchemaRegistry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.Stores;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static com.scoville.ScovilleDriver.START;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** One partition's stock book on its own, over in-memory stores. */
class StockBookTest {
    private final MockProcessorContext<Object, Object> context = new MockProcessorContext<>();
    private final KeyValueStore<String, StockLevel> levels = store(StockBook.LEVELS_STORE,
            new Topics(new InMemorySchemaRegistry(), 1).storeSerde(StockLevel.class));
    private final StockBook book;

    StockBookTest() {
        store(StockBook.RESERVATIONS_STORE, Serdes.Integer());
        book = StockBook.of(context);
    }

    @Test
    void shouldRefuseANeedOfNothingAsShortAndRememberTheRefusal() {
        // given
        book.restock("HOT", 5, START);
        // when
        Map<String, Integer> shortages = book.reserveAll(Map.of("HOT", 0), "o", START);
        // then
        assertThat(shortages).containsExactlyEntriesOf(Map.of("HOT", 5));
        assertThat(book.level("HOT", START).getReserved()).isZero();
        assertThat(book.decided("HOT", "o")).isTrue();
    }

    @Test
    void shouldNeverSaveALevelThatBreaksTheInvariantEvenWhenTheStoreHeldOne() {
        // given a level with more reserved than on hand (a store written before the invariant was checked)
        levels.put("HOT", StockLevel.newBuilder().setSku("HOT").setOnHand(1).setReserved(5).setUpdatedAt(START).build());
        // when a restock would save it still broken
        assertThatThrownBy(() -> book.restock("HOT", 2, START)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("HOT");
        // then the store is left as it was, for the transaction to be aborted
        assertThat(levels.get("HOT").getOnHand()).isEqualTo(1);
    }

    private <V> KeyValueStore<String, V> store(String name, Serde<V> serde) {
        KeyValueStore<String, V> store = Stores.keyValueStoreBuilder(Stores.inMemoryKeyValueStore(name), Serdes.String(), serde)
                .withLoggingDisabled().build();
        store.init(context.getStateStoreContext(), store);
        context.addStateStore(store);
        return store;
    }
}
