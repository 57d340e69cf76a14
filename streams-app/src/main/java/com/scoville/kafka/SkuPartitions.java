package com.scoville.kafka;

import org.apache.kafka.common.utils.Utils;

import java.nio.charset.StandardCharsets;

/**
 * The partition a SKU's stock lives in: the one Kafka's default partitioner gives a record keyed by the SKU
 * (as every stock command is). An order written to that partition of 'orders' is decided by the task that
 * owns the SKU's stock, in one transaction.
 */
public final class SkuPartitions {
    private SkuPartitions() { }

    public static int of(String sku, int partitions) {
        return Utils.toPositive(Utils.murmur2(sku.getBytes(StandardCharsets.UTF_8))) % partitions;
    }
}
