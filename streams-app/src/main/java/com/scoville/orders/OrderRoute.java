package com.scoville.orders;

import com.scoville.avro.OrderLine;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.StockNeeds;
import com.scoville.kafka.SkuPartitions;

import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Which way an order is decided. An order is written to every partition that holds some of its stock: where all
 * of it is in one partition, that partition decides in one hop; otherwise each partition reserves its part and
 * the order processor decides from their answers (two hops). An order that takes over a hold goes through the
 * saga of the order processor.
 */
public final class OrderRoute {
    private OrderRoute() { }

    /** The units of each SKU an order needs (bundles expanded), and the partitions that hold them. */
    public record Placement(Map<String, Integer> needs, Set<Integer> partitions) { }

    /** Where an order's stock lives; empty for an order taking over a hold. Lines must be valid (known SKUs). */
    public static Optional<Placement> placement(List<OrderLine> lines, String reservationId, Catalog catalog, int partitions) {
        return needs(lines, reservationId, catalog).map(needs -> new Placement(needs, SkuPartitions.of(needs.keySet(), partitions)));
    }

    /** The units of each SKU an order needs where its stock lives; empty for an order taking over a hold. */
    public static Optional<Map<String, Integer>> needs(List<OrderLine> lines, String reservationId, Catalog catalog) {
        if (reservationId != null || lines.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of(StockNeeds.of(lines, catalog));
    }
}
