package com.scoville.http.kafka;

import com.scoville.http.ApiException;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.Serializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.KeyQuery;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.HostInfo;

import java.time.Duration;
import java.util.Collection;
import java.util.Optional;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * Asks Kafka Streams who owns a key and reads it with IQv2 when this instance does. A key whose owner
 * is unknown (a rebalance), or a store that is restoring or migrating, answers "try again" (503), never
 * a value that may be wrong.
 */
public final class StoreQueries {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);
    private static final Serializer<String> KEYS = new StringSerializer();

    private final KafkaStreams streams;
    private final HostInfo self;

    public StoreQueries(KafkaStreams streams, HostInfo self) {
        this.streams = streams;
        this.self = self;
    }

    /** Where a key lives: here, or on another instance. */
    public sealed interface Owner permits Local, Remote { }

    public record Local(int partition) implements Owner { }

    public record Remote(HostInfo host) implements Owner {
        public String baseUrl() {
            return "http://" + host.host() + ":" + host.port();
        }
    }

    public Owner ownerOf(String store, String key) {
        KeyQueryMetadata metadata;
        try {
            metadata = streams.queryMetadataForKey(store, key, KEYS);
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("Kafka Streams is not running yet", RETRY_AFTER);
        }
        return owner(metadata, self, key);
    }

    /**
     * The owner {@code metadata} names, or 503 when it names none: Kafka answers {@link KeyQueryMetadata#NOT_AVAILABLE}
     * before it knows the group, and a partition with no active host (moving between owners, its owner gone) has the
     * unavailable host with a real partition number, which is not that constant (it was forwarded to
     * http://unavailable:-1 and answered 500).
     */
    static Owner owner(KeyQueryMetadata metadata, HostInfo self, String key) {
        if (metadata == null || metadata.activeHost() == null || HostInfo.unavailable().equals(metadata.activeHost())
                || metadata.partition() < 0) {
            throw ApiException.unavailable("The owner of '" + key + "' is not known now (rebalancing)", RETRY_AFTER);
        }
        return metadata.activeHost().equals(self) ? new Local(metadata.partition()) : new Remote(metadata.activeHost());
    }

    /** Reads a key from this instance's active copy of its partition. */
    public <V> Optional<V> getLocal(String store, String key, int partition) {
        StateQueryRequest<V> request = StateQueryRequest.inStore(store)
                .withQuery(KeyQuery.<String, V>withKey(key))
                .withPartitions(Set.of(partition))
                .requireActive();
        StateQueryResult<V> result = streams.query(request);
        QueryResult<V> partitionResult = result.getPartitionResults().get(partition);
        if (partitionResult == null || partitionResult.isFailure()) {
            String why = partitionResult == null ? "no answer" : partitionResult.getFailureReason() + ": " + partitionResult.getFailureMessage();
            throw ApiException.unavailable("Store " + store + " partition " + partition + " cannot answer now (" + why + ")", RETRY_AFTER);
        }
        return Optional.ofNullable(partitionResult.getResult());
    }

    /**
     * Reads a key where it lives: from this instance's store, mapped by {@code local}, or from the owner's
     * {@code remotePath}. A request that was itself forwarded is never forwarded again (503 instead).
     */
    public <V, R> Optional<R> read(String store, String key, boolean forwarded, Function<V, Optional<R>> local,
                                   RemoteInstances remote, String remotePath, Class<R> remoteType) {
        Owner owner = ownerOf(store, key);
        if (owner instanceof Local here) {
            return this.<V>getLocal(store, key, here.partition()).flatMap(local);
        }
        if (forwarded) {
            throw ApiException.unavailable("This instance no longer owns '" + key + "' (rebalancing)", RETRY_AFTER);
        }
        return remote.get((Remote) owner, remotePath, remoteType, Duration.ofSeconds(2));
    }

    /**
     * The partitions of {@code sourceTopic} whose tasks are active on this instance: what a scan of their store may
     * ask for (a standby copy answers NOT_ACTIVE, and its data may lag).
     */
    public Set<Integer> activePartitions(String sourceTopic) {
        try {
            return streams.metadataForLocalThreads().stream()
                    .flatMap(thread -> thread.activeTasks().stream())
                    .flatMap(task -> task.topicPartitions().stream())
                    .filter(tp -> tp.topic().equals(sourceTopic))
                    .map(TopicPartition::partition)
                    .collect(Collectors.toUnmodifiableSet());
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("Kafka Streams is not running (" + streams.state() + ")", RETRY_AFTER);
        }
    }

    /** Every instance of the application, this one included; 503 while Kafka Streams is not running. */
    public Collection<StreamsMetadata> instances() {
        try {
            return streams.metadataForAllStreamsClients();
        } catch (IllegalStateException e) {
            throw ApiException.unavailable("Kafka Streams is not running (" + streams.state() + ")", RETRY_AFTER);
        }
    }

    public HostInfo self() {
        return self;
    }

    public KafkaStreams streams() {
        return streams;
    }
}
