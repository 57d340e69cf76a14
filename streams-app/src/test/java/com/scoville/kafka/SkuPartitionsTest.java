package com.scoville.kafka;

import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.constraints.IntRange;
import net.jqwik.api.constraints.StringLength;
import org.apache.kafka.clients.producer.internals.BuiltInPartitioner;
import org.apache.kafka.common.serialization.StringSerializer;

import static org.assertj.core.api.Assertions.assertThat;

/** An order written where its SKU's stock lives must land where the SKU's stock commands land. */
class SkuPartitionsTest {
    @Property(tries = 500)
    void shouldPickThePartitionKafkaGivesARecordKeyedByTheSku(@ForAll @StringLength(min = 1, max = 64) String sku,
                                                               @ForAll @IntRange(min = 1, max = 64) int partitions) {
        byte[] key = new StringSerializer().serialize("stock-commands", sku);
        assertThat(SkuPartitions.of(sku, partitions)).isEqualTo(BuiltInPartitioner.partitionForKey(key, partitions));
    }
}
