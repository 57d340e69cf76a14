package com.scoville.bench.twin;

import java.util.List;
import java.util.Map;

/**
 * What the twin starts with, copied from the Scoville run it is compared with: the products and their prices, each
 * stocked SKU's sellable units when that run's load began, and each bundle's components.
 */
public record TwinSeed(List<Product> products, Map<String, Integer> onHand, Map<String, Map<String, Integer>> bundles) {
    /** A product's catalog prices (the wholesale one for the WHOLESALE channel). */
    public record Product(String sku, long priceCents, long wholesalePriceCents) { }

    public TwinSeed {
        products = List.copyOf(products);
        onHand = Map.copyOf(onHand);
        bundles = Map.copyOf(bundles);
    }
}
