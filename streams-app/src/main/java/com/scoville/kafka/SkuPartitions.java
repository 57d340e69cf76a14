package com.scoville.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition a SKU's stock lives in: the one Kafka's default partitioner gives a record keyed by the SKU
 * (as every stock command is). An order written to that partition of 'orders' is decided by the task that
 * owns the SKU's stock, in one transaction.
 */
public final class SkuPartitions {
    /**
     * A record header saying that an order was written to each partition that holds some of its stock (by the HTTP
     * layer, or by the topology moving a partner's order): every copy is decided where it landed.
     */
    public static final String PLACED_HEADER = "scoville-placed";

    private SkuPartitions() { }

    /** The partitions where the stock of {@code skus} lives. */
    public static java.util.Set<Integer> of(java.util.Collection<String> skus, int partitions) {
        java.util.Set<Integer> homes = new java.util.TreeSet<>();
        skus.forEach(sku -> homes.add(of(sku, partitions)));
        return homes;
    }

    public static int of(String sku, int partitions) {
        return Utils.toPositive(Utils.murmur2(sku.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
