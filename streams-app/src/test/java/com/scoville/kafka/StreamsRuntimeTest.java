package com.scoville.kafka;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.KafkaStreams.State;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Properties;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness from the Kafka Streams state: DOWN only when a restart is the one way out. */
class StreamsRuntimeTest {

    @Test
    void shouldBeAliveWhileStartingRebalancingOrRunning() {
        assertThat(StreamsRuntime.alive(State.CREATED, false)).isTrue();
        assertThat(StreamsRuntime.alive(State.REBALANCING, false)).isTrue();
        assertThat(StreamsRuntime.alive(State.RUNNING, false)).isTrue();
    }

    @Test
    void shouldBeDeadInErrorEvenWhileClosing() {
        assertThat(StreamsRuntime.alive(State.PENDING_ERROR, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.ERROR, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.ERROR, true)).isFalse();
    }

    @Test
    void shouldBeDeadWhenStoppedWithoutBeingClosed() {
        assertThat(StreamsRuntime.alive(State.NOT_RUNNING, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.PENDING_SHUTDOWN, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.NOT_RUNNING, true)).isTrue();
    }

    @Test
    void shouldJoinAsAStaticMemberNamedAfterTheAdvertisedAddressUnlessTurnedOff() {
        String key = StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG);

        Properties byDefault = StreamsRuntime.properties(ScovilleConfig.from(Map.of()), "k:9092", "10.0.0.7:7070", "dlq");
        Properties off = StreamsRuntime.properties(ScovilleConfig.from(Map.of("STATIC_MEMBERSHIP", "false")), "k:9092", "10.0.0.7:7070", "dlq");

        // Kafka takes letters, digits, '.', '_' and '-' in a group instance id: the address's colon is replaced
        assertThat(byDefault.get(key)).isEqualTo("scoville-10.0.0.7-7070");
        assertThat(off).doesNotContainKey(key);
        assertThat(StreamsRuntime.staticMemberId("shop", "[::1]:80")).isEqualTo("shop----1--80");
    }

    @Test
    void shouldHeartbeatEverySecondSoThatEachRoundOfARebalanceReachesEveryMemberSoon() {
        Properties p = StreamsRuntime.properties(ScovilleConfig.from(Map.of("SESSION_TIMEOUT_MS", "30000")), "k:9092", "10.0.0.7:7070", "dlq");

        // not a third of the session (Kafka's advice, 10 s here): a killed member still leaves after its session
        assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG))).isEqualTo(1000);
        assertThat(p.get(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG))).isEqualTo(30000);
    }

    @Test
    void shouldGiveTheRecordCachesRoomForAHotSkusBacklog() {
        // 10 MB (Kafka's default) let a partner's backlog on one SKU evict the funnel's windows once per order
        Properties p = StreamsRuntime.properties(ScovilleConfig.from(Map.of()), "k:9092", "10.0.0.7:7070", "dlq");

        assertThat(p.get(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG)).isEqualTo(64L * 1024 * 1024);
    }

    @Test
    void shouldLeaveCommitsToTheCommitPaceNotToTheBytesTransactionalStoresWouldHold() {
        Properties p = StreamsRuntime.properties(ScovilleConfig.from(Map.of()), "k:9092", "10.0.0.7:7070", "dlq");

        assertThat(new StreamsConfig(p).getLong(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG)).isNegative();
        assertThat(new StreamsConfig(p).getBoolean(StreamsConfig.TRANSACTIONAL_STATE_STORES_CONFIG)).isFalse();
    }

    @Test
    void shouldSendOneProduceRequestAtATimeSoThatATransactionsBatchesArriveInOrder() {
        // five in flight let a later batch overtake a retried first one: refused by transactions v2, and sent again
        Properties p = StreamsRuntime.properties(ScovilleConfig.from(Map.of()), "k:9092", "10.0.0.7:7070", "dlq");

        assertThat(p.get(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION))).isEqualTo(1);
        assertThat(new StreamsConfig(p).getProducerConfigs("c").get(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION)).isEqualTo(1);
    }

    @Test
    void shouldLeaveTheConsumersFetchWaitToKafka() {
        // A record at the broker ends a fetch's wait at once; the wait only sets how often an idle consumer asks again
        // (each ask costs the broker). The global stores restore their topics of one partition each (Topics).
        Properties p = StreamsRuntime.properties(ScovilleConfig.from(Map.of()), "k:9092", "10.0.0.7:7070", "dlq");
        StreamsConfig config = new StreamsConfig(p);

        assertThat(config.getGlobalConsumerConfigs("c").getOrDefault(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS)).isEqualTo(ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS);
        assertThat(config.getRestoreConsumerConfigs("c").getOrDefault(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS)).isEqualTo(ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS);
        assertThat(config.getMainConsumerConfigs("g", "c", 0).getOrDefault(ConsumerConfig.FETCH_MAX_WAIT_MS_CONFIG, ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS)).isEqualTo(ConsumerConfig.DEFAULT_FETCH_MAX_WAIT_MS);
    }
}
