package com.scoville.http.kafka;

import com.scoville.clients.KafkaClients;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.ListConsumerGroupOffsetsSpec;
import org.apache.kafka.clients.admin.OffsetSpec;
import org.apache.kafka.clients.admin.TopicDescription;
import org.apache.kafka.clients.consumer.OffsetAndMetadata;
import org.apache.kafka.common.TopicPartition;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.LongSupplier;
import java.util.stream.Collectors;

/**
 * Whether the path of orders is stalled: some partition of the topics an order passes (intake to decision) holds records the
 * application has not committed past, and its committed offset has not moved for a while. That is what a dead or
 * restoring owner looks like from outside. Until it moves on, an order acknowledged to a channel may be nowhere
 * but in the topic, so "no such order" cannot be said: the answer is 503, try again.
 * Sampled once a second from the group's committed offsets and the partitions' end offsets. A transaction's commit
 * marker takes an offset too, and Kafka Streams commits past it only with its next record: a partition whose end
 * is ahead of the committed offset is read (read_committed, from the committed offset) before it counts as waiting.
 */
public final class DecisionBacklog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionBacklog.class);
    /**
     * Far longer than a commit interval and a poll, or than a busy instance's lag (the contract fuzzer's load
     * lagged 2 s), shorter than a failover (the session alone is 10 s).
     */
    static final Duration STALL = Duration.ofSeconds(5);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    /**
     * One partition: what the application committed, the end, when the committed offset last moved (nanos), and
     * whether records (not only markers) wait past the committed offset.
     */
    record Progress(long committed, long end, long movedAt, boolean recordsWait, boolean read, long waitingSince, long oldestWrittenAt) {
        /** Records have waited for {@link #STALL} while the committed offset stood still. */
        boolean stalledAt(long now) {
            return recordsWait && now - Math.max(movedAt, waitingSince) >= STALL.toNanos();
        }

        /** The oldest record not committed past was written {@link #STALL} ago or more: the partition moves, but far behind. */
        boolean laggingAt(long now) {
            return recordsWait && now - oldestWrittenAt >= STALL.toNanos();
        }
    }

    /** Tells which of some partitions hold records (not only transaction markers) from an offset on. */
    interface RecordsAhead {
        /**
         * What was found: partitions with records, and those read to their end without any. The rest could not be
         * read. {@code agesMs}: how long ago the first record found was written, where known.
         */
        record Found(java.util.Set<TopicPartition> waiting, java.util.Set<TopicPartition> clear, Map<TopicPartition, Long> agesMs) {
            Found(java.util.Set<TopicPartition> waiting, java.util.Set<TopicPartition> clear) {
                this(waiting, clear, Map.of());
            }
        }

        Found from(Map<TopicPartition, Long> offsets);
    }

    private final String groupId;
    private final List<String> topics;
    private final LongSupplier clock;
    private final Admin admin;
    private final RecordsAhead recordsAhead;
    private final ScheduledExecutorService sampler;
    private volatile Map<TopicPartition, Progress> progress = Map.of();
    private long lastStalled;

    public DecisionBacklog(String bootstrapServers, String groupId, List<String> topics) {
        this(Admin.create(KafkaClients.config(bootstrapServers, Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))), new Peek(bootstrapServers), groupId, topics, System::nanoTime);
    }

    DecisionBacklog(Admin admin, RecordsAhead recordsAhead, String groupId, List<String> topics, LongSupplier clock) {
        this.admin = admin;
        this.recordsAhead = recordsAhead;
        this.groupId = groupId;
        this.topics = List.copyOf(topics);
        this.clock = clock;
        this.sampler = admin == null ? null : Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, "decision-backlog");
            t.setDaemon(true);
            return t;
        });
    }

    public DecisionBacklog start() {
        sampler.scheduleWithFixedDelay(this::sampleQuietly, 0, SAMPLE_EVERY.toMillis(), TimeUnit.MILLISECONDS);
        return this;
    }

    /** Whether some partition is stalled now (as of the latest sample). */
    public boolean stalled() {
        long now = clock.getAsLong();
        return progress.values().stream().anyMatch(p -> p.stalledAt(now));
    }

    /**
     * Whether an order acknowledged a while ago may still be undecided, so that its absence means nothing yet: some
     * partition on its path is stalled, or is moving but holds a record written {@link #STALL} ago or more (an
     * instance restoring or overloaded).
     */
    public boolean mayHideOrders() {
        long now = clock.getAsLong();
        return progress.values().stream().anyMatch(p -> p.stalledAt(now) || p.laggingAt(now));
    }

    /** Partitions stalled now, for the metrics. */
    public long stalledPartitions() {
        long now = clock.getAsLong();
        return progress.values().stream().filter(p -> p.stalledAt(now)).count();
    }

    private void sampleQuietly() {
        try {
            sample();
        } catch (Exception e) {
            // the broker or the group coordinator is away: keep the last picture, it ages into "stalled" by itself
            log.debug("Could not sample the decision backlog: {}", e.toString());
        }
    }

    private void sample() throws Exception {
        Map<String, TopicDescription> described = admin.describeTopics(topics).allTopicNames().get(5, TimeUnit.SECONDS);
        List<TopicPartition> partitions = described.values().stream()
                .flatMap(d -> d.partitions().stream().map(p -> new TopicPartition(d.name(), p.partition()))).toList();
        Map<TopicPartition, OffsetAndMetadata> committed = admin.listConsumerGroupOffsets(Map.of(groupId,
                new ListConsumerGroupOffsetsSpec().topicPartitions(partitions))).partitionsToOffsetAndMetadata(groupId).get(5, TimeUnit.SECONDS);
        Map<TopicPartition, Long> ends = admin.listOffsets(partitions.stream().collect(Collectors.toMap(Function.identity(), tp -> OffsetSpec.latest())))
                .all().get(5, TimeUnit.SECONDS).entrySet().stream().collect(Collectors.toMap(Map.Entry::getKey, e -> e.getValue().offset()));
        Map<TopicPartition, Long> commits = new HashMap<>();
        for (TopicPartition tp : partitions) {
            OffsetAndMetadata c = committed.get(tp);
            commits.put(tp, c == null ? 0L : c.offset());
        }
        update(commits, ends);
    }

    /**
     * Takes a sample: a partition whose committed offset moved (or that is new) moved now. A partition behind its
     * end is read to see whether records wait there, unless neither offset changed since it was last read.
     */
    void update(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        long now = clock.getAsLong();
        Map<TopicPartition, Progress> before = progress;
        Map<TopicPartition, Long> toRead = new HashMap<>();
        committed.forEach((tp, offset) -> {
            Progress old = before.get(tp);
            long end = ends.getOrDefault(tp, offset);
            if (offset < end && (old == null || !old.read() || old.committed() != offset || old.end() != end)) {
                toRead.put(tp, offset);
            }
        });
        RecordsAhead.Found found = toRead.isEmpty() ? new RecordsAhead.Found(java.util.Set.of(), java.util.Set.of()) : recordsAhead.from(toRead);
        Map<TopicPartition, Progress> next = new HashMap<>();
        committed.forEach((tp, offset) -> {
            Progress old = before.get(tp);
            long end = ends.getOrDefault(tp, offset);
            long movedAt = old == null || old.committed() != offset ? now : old.movedAt();
            boolean unread = toRead.containsKey(tp) && !found.waiting().contains(tp) && !found.clear().contains(tp);
            // a partition that could not be read keeps what was known of it, and is read again next time
            boolean recordsWait = offset < end && (toRead.containsKey(tp) && !unread ? found.waiting().contains(tp)
                    : old != null && old.recordsWait());
            // an idle partition's offset stood still for long: its records wait from when they were first seen
            long waitingSince = recordsWait && old != null && old.recordsWait() ? old.waitingSince() : now;
            Long age = found.agesMs().get(tp);
            long oldestWrittenAt = age != null ? now - Duration.ofMillis(Math.max(0, age)).toNanos()
                    : recordsWait && old != null && old.recordsWait() ? old.oldestWrittenAt() : now;
            next.put(tp, new Progress(offset, end, movedAt, recordsWait, !unread, waitingSince, oldestWrittenAt));
        });
        progress = Map.copyOf(next);
        long stalled = stalledPartitions();
        if (stalled != lastStalled) {
            log.info("Partitions stalled on the path of orders: {} {}", stalled, next.entrySet().stream()
                    .filter(e -> e.getValue().stalledAt(now)).map(e -> e.getKey() + " " + e.getValue()).toList());
            lastStalled = stalled;
        }
    }

    /**
     * Reads, read_committed, from given offsets: the partitions where a record comes back (markers and aborted
     * records never do), and those read to their end with none.
     */
    static final class Peek implements RecordsAhead, AutoCloseable {
        private static final int POLLS = 5;
        private final org.apache.kafka.clients.consumer.KafkaConsumer<byte[], byte[]> consumer;

        Peek(String bootstrapServers) {
            Map<String, Object> config = new HashMap<>(KafkaClients.config(bootstrapServers));
            config.put(org.apache.kafka.clients.consumer.ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
            config.put(org.apache.kafka.clients.consumer.ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
            config.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_POLL_RECORDS_CONFIG, 1);
            config.put(org.apache.kafka.clients.consumer.ConsumerConfig.MAX_PARTITION_FETCH_BYTES_CONFIG, 16 * 1024);
            config.put(org.apache.kafka.clients.consumer.ConsumerConfig.CLIENT_ID_CONFIG, "decision-backlog");
            var bytes = new org.apache.kafka.common.serialization.ByteArrayDeserializer();
            this.consumer = new org.apache.kafka.clients.consumer.KafkaConsumer<>(config, bytes, bytes);
        }

        @Override
        public Found from(Map<TopicPartition, Long> offsets) {
            consumer.assign(offsets.keySet());
            offsets.forEach(consumer::seek);
            java.util.Set<TopicPartition> waiting = new java.util.HashSet<>();
            java.util.Set<TopicPartition> clear = new java.util.HashSet<>();
            java.util.Set<TopicPartition> open = new java.util.HashSet<>(offsets.keySet());
            Map<TopicPartition, Long> ages = new HashMap<>();
            for (int i = 0; i < POLLS && !open.isEmpty(); i++) {
                var records = consumer.poll(Duration.ofMillis(200));
                long nowMs = System.currentTimeMillis();
                records.partitions().forEach(tp -> {
                    waiting.add(tp);
                    open.remove(tp);
                    ages.put(tp, nowMs - records.records(tp).get(0).timestamp());
                });
                // one record tells enough of a partition; the others get the next polls
                consumer.pause(records.partitions());
                // a partition read to its (committed) end with nothing returned held markers only
                Map<TopicPartition, Long> ends = consumer.endOffsets(open, Duration.ofSeconds(2));
                for (TopicPartition tp : List.copyOf(open)) {
                    if (consumer.position(tp, Duration.ofSeconds(2)) >= ends.getOrDefault(tp, Long.MAX_VALUE)) {
                        clear.add(tp);
                        open.remove(tp);
                    }
                }
            }
            consumer.assign(List.of());
            return new Found(waiting, clear, ages);
        }

        @Override
        public void close() {
            consumer.close(Duration.ofSeconds(2));
        }
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
            try {
                // the consumer is the sampler's alone: close it only once the sampler has let go
                sampler.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
        if (recordsAhead instanceof Peek peek) {
            peek.close();
        }
    }
}
