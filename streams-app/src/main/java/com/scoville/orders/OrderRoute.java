package com.scoville.orders;

import com.scoville.avro.OrderLine;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.StockNeeds;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Which way an order is decided. An order of one stocked SKU (one or more lines of it, no bundle, no hold to
 * take over) is decided in one hop by the task that owns that SKU's stock; every other order goes through
 * the saga of the order processor, which asks each SKU and decides when all have answered.
 */
public final class OrderRoute {
    private OrderRoute() { }

    /** The one SKU and the units an order needs of it. */
    public record SingleSku(String sku, int quantity) { }

    /** The single SKU of an order decided in one hop; empty for the saga. Lines must be valid (known SKUs). */
    public static Optional<SingleSku> singleSku(List<OrderLine> lines, String reservationId, Catalog catalog) {
        if (reservationId != null || lines.isEmpty()) {
            return Optional.empty();
        }
        String sku = lines.get(0).getSku();
        if (!lines.stream().allMatch(l -> l.getSku().equals(sku))) {
            return Optional.empty();
        }
        Map<String, Integer> needs = StockNeeds.of(lines, catalog);
        // a bundle needs its components, never itself: it takes the saga even when made of one SKU
        Integer units = needs.get(sku);
        return needs.size() == 1 && units != null ? Optional.of(new SingleSku(sku, units)) : Optional.empty();
    }
}
