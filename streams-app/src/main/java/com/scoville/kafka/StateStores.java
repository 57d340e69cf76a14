package com.scoville.kafka;

import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;
import org.apache.kafka.streams.state.WindowStore;

import java.time.Duration;
import java.util.Collection;
import java.util.LinkedHashSet;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The processors' state stores: RocksDB (key-value) or memory (windows) behind a record cache, logged to a
 * changelog. The cache means a key written many times within one commit interval (a hot SKU's level, a window's running total) reaches the
 * changelog once, at commit; interactive queries that bypass it see the store as of the last commit.
 */
public final class StateStores {
    private StateStores() {
    }

    public static <K, V> StoreBuilder<KeyValueStore<K, V>> keyValue(String name, Serde<K> keySerde, Serde<V> valueSerde) {
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(name), keySerde, valueSerde).withCachingEnabled();
    }

    /**
     * Window stores are kept in memory and rebuilt from their changelog at start. Kafka Streams 4.4 keeps no
     * checkpoint for a persistent window store that saw no write (the applied commands of a quiet partition): under
     * exactly-once it then takes the whole task, RocksDB stores included, for corrupted and wipes it at every start,
     * even after a clean stop. In memory, the RocksDB stores beside them keep their state across restarts; what a
     * window store holds is bounded by its retention.
     */
    public static <K, V> StoreBuilder<WindowStore<K, V>> window(String name, Duration retention, Duration size,
                                                                Serde<K> keySerde, Serde<V> valueSerde) {
        return Stores.windowStoreBuilder(Stores.inMemoryWindowStore(name, retention, size, false), keySerde, valueSerde)
                .withCachingEnabled();
    }

    /**
     * A processor with the stores it owns: Streams connects them when the processor is added. Two processors
     * sharing a store name the same builder instance.
     */
    public static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> owning(
            Supplier<Processor<KIn, VIn, KOut, VOut>> processor, Collection<? extends StoreBuilder<?>> stores) {
        Set<StoreBuilder<?>> owned = new LinkedHashSet<>(stores);
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return processor.get();
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return owned;
            }
        };
    }
}
