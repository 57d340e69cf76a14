package com.scoville.inventory;

import org.apache.kafka.common.header.Headers;
import org.apache.kafka.streams.processor.StreamPartitioner;

import java.util.Optional;
import java.util.Set;

/** Sends an order moved to 'order-intake' to each partition that holds some of its stock (named in a header). */
public final class IntakePartitioner<V> implements StreamPartitioner<String, V> {
    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, V value, Headers headers, int numPartitions) {
        return ReservationProcessor.homes(headers);
    }

    @Override
    public Optional<Set<Integer>> partitions(String topic, String key, V value, int numPartitions) {
        return Optional.empty(); // never asked: Kafka Streams passes the headers
    }
}
