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
 * Sampled once a second from the group's committed offsets and the partitions' end offsets.
 */
public final class DecisionBacklog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(DecisionBacklog.class);
    /** Longer than any commit interval and a poll, far shorter than a failover. */
    static final Duration STALL = Duration.ofSeconds(2);
    private static final Duration SAMPLE_EVERY = Duration.ofSeconds(1);

    /** One partition: what the application committed, the end, and when the committed offset last moved (nanos). */
    record Progress(long committed, long end, long movedAt) {
        boolean stalledAt(long now) {
            return committed < end && now - movedAt >= STALL.toNanos();
        }
    }

    private final String groupId;
    private final List<String> topics;
    private final LongSupplier clock;
    private final Admin admin;
    private final ScheduledExecutorService sampler;
    private volatile Map<TopicPartition, Progress> progress = Map.of();

    public DecisionBacklog(String bootstrapServers, String groupId, List<String> topics) {
        this(Admin.create(KafkaClients.config(bootstrapServers, Map.of(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 5000, AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 4000))),
                groupId, topics, System::nanoTime);
    }

    DecisionBacklog(Admin admin, String groupId, List<String> topics, LongSupplier clock) {
        this.admin = admin;
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

    /** Takes a sample: a partition whose committed offset moved (or that is new) moved now. */
    void update(Map<TopicPartition, Long> committed, Map<TopicPartition, Long> ends) {
        long now = clock.getAsLong();
        Map<TopicPartition, Progress> before = progress;
        Map<TopicPartition, Progress> next = new HashMap<>();
        committed.forEach((tp, offset) -> {
            Progress old = before.get(tp);
            long movedAt = old == null || old.committed() != offset ? now : old.movedAt();
            next.put(tp, new Progress(offset, ends.getOrDefault(tp, offset), movedAt));
        });
        progress = Map.copyOf(next);
    }

    @Override
    public void close() {
        if (sampler != null) {
            sampler.shutdownNow();
        }
        if (admin != null) {
            admin.close(Duration.ofSeconds(2));
        }
    }
}
