package com.scoville.catalog;

import com.scoville.avro.Product;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Keeps the global catalog store in step with the compacted topic 'products'. Every instance holds
 * the whole catalog, so intake prices and validates orders without a remote lookup.
 */
public final class CatalogUpdater implements Processor<String, Product, Void, Void> {
    public static final String STORE = "catalog";

    private KeyValueStore<String, Product> catalog;

    public static StoreBuilder<KeyValueStore<String, Product>> store(Serde<Product> productSerde) {
        // A global store restores from its source topic: it needs no changelog of its own.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), productSerde)
                .withLoggingDisabled();
    }

    /** Reads the catalog from a store handed out by the topology. */
    public static Catalog view(org.apache.kafka.streams.state.ReadOnlyKeyValueStore<String, Product> store) {
        return sku -> java.util.Optional.ofNullable(store.get(sku));
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        catalog = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Product> record) {
        if (record.value() == null) {
            catalog.delete(record.key());
        } else {
            catalog.put(record.key(), record.value());
        }
    }

}
