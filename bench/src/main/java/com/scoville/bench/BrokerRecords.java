package com.scoville.bench;

import com.scoville.clients.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListOffsetsResult;
import org.apache.kafka.clients.admin.ListTopicsOptions;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.common.TopicPartition;

import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Records the broker appended over a stretch of time, from the broker's own log: the end offset of every partition of
 * every topic, internal ones included ({@code __consumer_offsets}, {@code __transaction_state}), before and after.
 * Every record a log holds took one offset, so the difference counts data records, the control records that commit
 * or abort a transaction (one per partition a transaction wrote), and the coordinators' own records. Compaction and
 * retention do not move an end offset, so nothing appended is missed. (The broker's JMX meter
 * {@code BrokerTopicMetrics.MessagesInPerSec} is one registry for every broker in a JVM and cannot be read from
 * another process; the offsets can, for any broker the bench can reach, and a test pins that they count markers.)
 */
final class BrokerRecords implements AutoCloseable {
    /** Records appended between two snapshots, in all and per topic (largest first). */
    record Appended(long records, Map<String, Long> byTopic) { }

    private final Admin admin;

    BrokerRecords(String bootstrap) {
        Map<String, Object> conf = new HashMap<>();
        conf.putAll(KafkaClients.config(bootstrap));
        conf.put(AdminClientConfig.CLIENT_ID_CONFIG, "scoville-bench-records");
        this.admin = Admin.create(conf);
    }

    /** Each partition's end offset now (what a read-uncommitted reader sees: open transactions' records included). */
    Map<TopicPartition, Long> snapshot() {
        try {
            Set<String> topics = admin.listTopics(new ListTopicsOptions().listInternal(true)).names().get(30, TimeUnit.SECONDS);
            Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, OffsetSpec> latest = new HashMap<>();
            described.values().forEach(d -> d.partitions().forEach(p -> latest.put(new TopicPartition(d.name(), p.partition()), OffsetSpec.latest())));
            Map<TopicPartition, ListOffsetsResult.ListOffsetsResultInfo> ends = admin.listOffsets(latest).all().get(30, TimeUnit.SECONDS);
            Map<TopicPartition, Long> out = new HashMap<>();
            ends.forEach((tp, info) -> out.put(tp, info.offset()));
            return out;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Could not read the broker's end offsets", e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while reading the broker's end offsets", e);
        }
    }

    /** What was appended from {@code before} to {@code after}; a partition created in between counts from 0. */
    static Appended between(Map<TopicPartition, Long> before, Map<TopicPartition, Long> after) {
        Map<String, Long> byTopic = new TreeMap<>();
        after.forEach((tp, end) -> {
            long appended = end - before.getOrDefault(tp, 0L);
            if (appended > 0) {
                byTopic.merge(tp.topic(), appended, Long::sum);
            }
        });
        Map<String, Long> largestFirst = new LinkedHashMap<>();
        byTopic.entrySet().stream().sorted(Map.Entry.<String, Long>comparingByValue().reversed())
                .forEach(e -> largestFirst.put(e.getKey(), e.getValue()));
        return new Appended(byTopic.values().stream().mapToLong(Long::longValue).sum(), largestFirst);
    }

    @Override
    public void close() {
        admin.close();
    }
}
