package com.scoville.catalog;

import com.scoville.avro.Product;

import java.util.Optional;

/** Read access to the catalog, wherever it is kept (the global store in the topology, a map in tests). */
@FunctionalInterface
public interface Catalog {
    Optional<Product> find(String sku);
}
