package com.scoville.http.catalog;

import com.scoville.avro.Product;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.http.ApiException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/** The catalog as this instance holds it: the global store, complete on every instance. */
public final class CatalogReader implements Catalog {
    private final KafkaStreams streams;
    /** Looked up once: intake reads the catalog on every request. Dropped if Streams invalidates it. */
    private volatile ReadOnlyKeyValueStore<String, Product> store;

    public CatalogReader(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<Product> find(String sku) {
        try {
            return Optional.ofNullable(store().get(sku));
        } catch (InvalidStateStoreException e) {
            store = null;
            throw unavailable();
        }
    }

    public List<Product> all() {
        List<Product> products = new ArrayList<>();
        try (KeyValueIterator<String, Product> it = store().all()) {
            it.forEachRemaining(kv -> products.add(kv.value));
        } catch (InvalidStateStoreException e) {
            store = null;
            throw unavailable();
        }
        return products;
    }

    private ReadOnlyKeyValueStore<String, Product> store() {
        ReadOnlyKeyValueStore<String, Product> current = store;
        if (current != null) {
            return current;
        }
        try {
            current = streams.store(StoreQueryParameters.fromNameAndType(CatalogUpdater.STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw unavailable();
        }
        store = current;
        return current;
    }

    private static ApiException unavailable() {
        return ApiException.unavailable("The catalog is not loaded yet", Duration.ofSeconds(1));
    }
}
