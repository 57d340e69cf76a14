package com.scoville.catalog;

import com.scoville.api.ApiException;
import com.scoville.avro.Product;
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

    public CatalogReader(KafkaStreams streams) {
        this.streams = streams;
    }

    @Override
    public Optional<Product> find(String sku) {
        return Optional.ofNullable(store().get(sku));
    }

    public List<Product> all() {
        List<Product> products = new ArrayList<>();
        try (KeyValueIterator<String, Product> it = store().all()) {
            it.forEachRemaining(kv -> products.add(kv.value));
        }
        return products;
    }

    private ReadOnlyKeyValueStore<String, Product> store() {
        try {
            return streams.store(StoreQueryParameters.fromNameAndType(CatalogUpdater.STORE, QueryableStoreTypes.keyValueStore()));
        } catch (InvalidStateStoreException | IllegalStateException e) {
            throw ApiException.unavailable("The catalog is not loaded yet", Duration.ofSeconds(1));
        }
    }
}
