package com.scoville.catalog;

import com.scoville.avro.BundleComponent;
import com.scoville.avro.OrderLine;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;

import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Turns order lines into units of stock per SKU: a bundle needs its components, never stock of its own,
 * and the same SKU on several lines (or in several bundles) is counted once with the sum.
 */
public final class StockNeeds {
    private StockNeeds() { }

    /**
     * The units each stocked SKU must give; lines must name known SKUs (validation comes first). Within
     * {@link com.scoville.Bounds} the sums stay far below an int (and below a shelf's most units); the exact
     * arithmetic is the last guard.
     */
    public static Map<String, Integer> of(List<OrderLine> lines, Catalog catalog) {
        Map<String, Integer> needs = new TreeMap<>();
        for (OrderLine line : lines) {
            Product product = catalog.find(line.getSku())
                    .orElseThrow(() -> new IllegalArgumentException("unknown SKU " + line.getSku()));
            if (product.getType() == ProductType.BUNDLE) {
                for (BundleComponent c : product.getComponents()) {
                    needs.merge(c.getSku(), Math.multiplyExact(c.getQuantity(), line.getQuantity()), Math::addExact);
                }
            } else {
                needs.merge(line.getSku(), line.getQuantity(), Math::addExact);
            }
        }
        return needs;
    }
}
