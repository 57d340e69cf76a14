package com.scoville.http.webhooks;

import com.scoville.avro.DeliveryOutcome;
import com.scoville.avro.Webhook;
import com.scoville.http.Json;
import com.scoville.registry.SchemaRegistryException;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SerializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class WebhookDispatcherTest {
    private static final TopicPartition PARTITION = new TopicPartition("order-status", 0);

    private final MockConsumer<String, byte[]> consumer = new MockConsumer<>("latest");
    private final WebhookRegistry registry = new WebhookRegistry();
    private final OffsetTracker offsets = new OffsetTracker();
    private final TestClock clock = new TestClock();
    private final List<String> received = new CopyOnWriteArrayList<>();
    /** What the record at each offset does when read: "ok", "registry down" (until healed) or "corrupt". */
    private final Map<Long, String> records = new java.util.concurrent.ConcurrentHashMap<>();
    private final AtomicInteger registryFailuresLeft = new AtomicInteger();
    /** The event types a record of the topic can be (as WebhookEvents says per topic), and how many records were decoded. */
    private volatile Set<EventType> topicTypes = java.util.EnumSet.of(EventType.ORDER_STATUS);
    private final AtomicInteger decoded = new AtomicInteger();
    private WebhookDispatcher dispatcher;
    private DeliveryLanes lanes;

    @BeforeEach
    void start() {
        registry.apply("wh_a", Webhook.newBuilder().setId("wh_a").setUrl("https://a.example.com/").setEvents(List.of("order.status"))
                .setChannel("WEB").setSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").setCreatedAt(Instant.EPOCH).build());
        DeliveryLanes.Outcomes outcomes = new DeliveryLanes.Outcomes() {
            @Override
            public void attempted(DeliveryLanes.Message m, int attempt, DeliveryOutcome outcome, WebhookSender.Result result) { }

            @Override
            public CompletableFuture<?> deadLettered(Webhook webhook, DeliveryLanes.Message m, int attempts, String error) {
                return CompletableFuture.completedFuture(null);
            }
        };
        WebhookDispatcher.EventReader reader = new WebhookDispatcher.EventReader() {
            @Override
            public Optional<WebhookEvents.Event> of(String topic, String key, byte[] value) {
                return read(topic, key, value);
            }

            @Override
            public Set<EventType> typesOf(String topic) {
                return topicTypes;
            }
        };
        dispatcher = new WebhookDispatcher(consumer, List.of(PARTITION.topic()), reader, registry, offsets,
                o -> lanes = new DeliveryLanes(registry, (w, id, body) -> {
                    received.add(body);
                    return new WebhookSender.Result(true, 204, "");
                }, new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 3), 4, 100, outcomes, o::handled),
                Json.mapper(), 100, clock);
        consumer.updateBeginningOffsets(Map.of(PARTITION, 0L));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        dispatcher.subscribe();
        consumer.rebalance(List.of(PARTITION));
        consumer.seek(PARTITION, 0);
    }

    @AfterEach
    void stop() {
        lanes.close();
    }

    private Optional<WebhookEvents.Event> read(String topic, String key, byte[] value) {
        decoded.incrementAndGet();
        long offset = Long.parseLong(key);
        String kind = records.get(offset);
        if (kind.equals("registry down") && registryFailuresLeft.getAndDecrement() > 0) {
            throw new SerializationException("Cannot fetch schema id 7 for a record on topic " + topic,
                    new SchemaRegistryException(0, 0, "GET /schemas/ids/7: connection refused"));
        }
        if (kind.equals("corrupt")) {
            throw new SerializationException("Cannot read Avro record with schema id 7 (corrupt data?)", new java.io.EOFException());
        }
        return Optional.of(new WebhookEvents.Event(EventType.ORDER_STATUS, "WEB", "o1", Instant.EPOCH, Map.of("n", offset)));
    }

    private void arrive(long offset, String kind) {
        records.put(offset, kind);
        consumer.addRecord(new ConsumerRecord<>(PARTITION.topic(), PARTITION.partition(), offset, Long.toString(offset), new byte[] {1}));
    }

    private long committed() {
        var c = consumer.committed(Set.of(PARTITION)).get(PARTITION);
        return c == null ? -1 : c.offset();
    }

    @Test
    void shouldPassOverWithoutDecodingARecordNoWebhookIsSubscribedTo() {
        // given the only webhook hears of order changes, and the topic's records are back-in-stock notices
        topicTypes = java.util.EnumSet.of(EventType.BACK_IN_STOCK);
        arrive(0, "corrupt");
        arrive(1, "ok");

        // when the dispatcher reads them
        dispatcher.pollOnce();
        clock.advance(Duration.ofSeconds(1));
        dispatcher.pollOnce();

        // then neither was decoded or delivered, and the offset moved past both
        assertThat(decoded).hasValue(0);
        assertThat(received).isEmpty();
        assertThat(committed()).isEqualTo(2);
    }

    @Test
    void shouldDecodeEveryRecordOfATopicSomeWebhookIsSubscribedTo() {
        arrive(0, "ok");

        dispatcher.pollOnce();

        assertThat(decoded).hasValue(1);
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 1);
    }

    @Test
    void shouldReadARecordAgainWhenTheRegistryWasAwayAndDeliverItInOrder() {
        // given the registry fails once while the first of two records is read
        registryFailuresLeft.set(1);
        arrive(0, "registry down");
        arrive(1, "ok");

        // when the dispatcher reads them
        dispatcher.pollOnce();

        // then neither is handed over nor committed: the partition goes back to the first and waits
        assertThat(consumer.position(PARTITION)).isZero();
        assertThat(consumer.paused()).containsExactly(PARTITION);
        assertThat(received).isEmpty();
        assertThat(offsets.committable()).isEmpty();

        // when the wait is over and the broker serves the records again
        clock.advance(DecodeFailures.FIRST_WAIT.plusMillis(1));
        dispatcher.pollOnce();
        assertThat(consumer.paused()).isEmpty();
        arrive(0, "registry down");
        arrive(1, "ok");
        dispatcher.pollOnce();

        // then both are delivered, in order, and the offset moves past them
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2 && offsets.pending() == 0);
        assertThat(received).hasSize(2);
        assertThat(received.get(0)).contains("\"data\":{\"n\":0}");
        assertThat(received.get(1)).contains("\"data\":{\"n\":1}");
        clock.advance(Duration.ofSeconds(1));
        dispatcher.pollOnce();
        assertThat(committed()).isEqualTo(2);
    }

    @Test
    void shouldPassOverARecordThatCanNeverBeRead() {
        // given a corrupt record between two good ones
        arrive(0, "ok");
        arrive(1, "corrupt");
        arrive(2, "ok");

        // when the dispatcher reads them
        dispatcher.pollOnce();

        // then the good ones are delivered, the corrupt one is passed over, and the offset moves past all three
        await().atMost(Duration.ofSeconds(5)).until(() -> received.size() == 2 && offsets.pending() == 0);
        assertThat(consumer.paused()).isEmpty();
        clock.advance(Duration.ofSeconds(1));
        dispatcher.pollOnce();
        assertThat(committed()).isEqualTo(3);
    }

    /** A clock the test moves. */
    static final class TestClock extends Clock {
        private volatile Instant now = Instant.parse("2026-12-02T08:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
