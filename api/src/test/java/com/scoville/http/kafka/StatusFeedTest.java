package com.scoville.http.kafka;

import com.scoville.avro.Channel;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.StatusChange;
import com.scoville.kafka.Topics;
import com.scoville.registry.InMemorySchemaRegistry;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.ConsumerRecords;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.common.KafkaException;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.PartitionInfo;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.RecordDeserializationException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The status feed on a consumer the test steps through: what it survives, and when it reports itself dead. */
class StatusFeedTest {
    private static final String TOPIC = "order-status";
    private static final TopicPartition PARTITION = new TopicPartition(TOPIC, 0);

    private final SteppedConsumer consumer = new SteppedConsumer();
    private StatusFeed feed;

    @BeforeEach
    void start() {
        Node node = new Node(1, "localhost", 9092);
        consumer.updatePartitions(TOPIC, List.of(new PartitionInfo(TOPIC, 0, node, new Node[] {node}, new Node[] {node})));
        consumer.updateEndOffsets(Map.of(PARTITION, 0L));
        feed = new StatusFeed(consumer, new Topics(new InMemorySchemaRegistry(), 1).orderStatus).start();
    }

    @AfterEach
    void close() {
        feed.close();
    }

    @Test
    void shouldPassOverAnUnreadableRecordAndStillWakeTheWaiters() {
        // given a request waiting for o1
        CompletableFuture<OrderState> waiting = feed.await("o1", s -> s.getStatus() == OrderStatus.RESERVED, Duration.ofSeconds(30));

        // when a record nobody can read comes first, then o1's change
        consumer.step(() -> consumer.setPollException(new RecordDeserializationException(PARTITION, 0, "not Avro", null)));
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "o1", state("o1", OrderStatus.RESERVED))));

        // then
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(10))
                .extracting(OrderState::getStatus).isEqualTo(OrderStatus.RESERVED);
        assertThat(feed.alive()).isTrue();
    }

    @Test
    void shouldGoOnWakingTheOthersWhenOneWaiterThrows() {
        // given a waiter whose condition fails, and one whose does not
        CompletableFuture<OrderState> failing = feed.await("o2", s -> {
            throw new IllegalStateException("broken condition");
        }, Duration.ofSeconds(30));
        CompletableFuture<OrderState> waiting = feed.await("o2", s -> true, Duration.ofSeconds(30));
        CompletableFuture<OrderState> later = feed.await("o3", s -> true, Duration.ofSeconds(30));

        // when
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "o2", state("o2", OrderStatus.PENDING))));
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "o3", state("o3", OrderStatus.PENDING))));

        // then the failing waiter fails alone, and the feed reads on
        assertThat(waiting).succeedsWithin(Duration.ofSeconds(10));
        assertThat(failing).failsWithin(Duration.ofSeconds(10));
        assertThat(later).succeedsWithin(Duration.ofSeconds(10));
        assertThat(feed.alive()).isTrue();
    }

    @Test
    void shouldReportItselfDeadWhenItsConsumerFailsForGood() {
        assertThat(feed.alive()).isTrue();

        consumer.step(() -> consumer.setPollException(new KafkaException("fenced for good")));

        await().atMost(Duration.ofSeconds(10)).until(() -> !feed.alive());
    }

    @Test
    void shouldKeepTheFirstDecisionWhenARacingBodyIsDecidedUnderTheSameId() {
        // given o4 decided for one body, then a racing body decided elsewhere under the same id, then o4 paid
        OrderState first = decided("o4", "2026-11-25T12:00:00Z", OrderStatus.RESERVED);
        OrderState racing = decided("o4", "2026-11-25T12:00:00.005Z", OrderStatus.RESERVED);
        OrderState paid = OrderState.newBuilder(first).setStatus(OrderStatus.PAID).setUpdatedAt(Instant.parse("2026-11-25T12:01:00Z"))
                .setHistory(new ArrayList<>(first.getHistory())).build();
        paid.getHistory().add(StatusChange.newBuilder().setStatus(OrderStatus.PAID).setAt(paid.getUpdatedAt()).build());
        CompletableFuture<OrderState> done = feed.await("o4", s -> s.getStatus() == OrderStatus.PAID, Duration.ofSeconds(30));

        // when
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "o4", first)));
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "o4", racing)));
        await().atMost(Duration.ofSeconds(10)).until(() -> feed.latest("o4").isPresent());
        OrderState afterRace = feed.latest("o4").orElseThrow();
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "o4", paid)));

        // then the racing decision, though later, never replaces the order; its moves do
        assertThat(done).succeedsWithin(Duration.ofSeconds(10));
        assertThat(afterRace).isEqualTo(first);
        assertThat(feed.latest("o4")).contains(paid);
    }

    @Test
    void shouldTellARacingBodyDecidedInTheSameMillisecondFromTheOrder() {
        // given two bodies under one id, placed and decided in the same milliseconds (equal histories)
        OrderState first = decided("o5", "2026-11-25T12:00:00Z", OrderStatus.RESERVED);
        first.setRequestHash("hash-of-the-first-body");
        OrderState racing = decided("o5", "2026-11-25T12:00:00Z", OrderStatus.RESERVED);
        racing.setRequestHash("hash-of-the-racing-body");

        // when
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 0, "o5", first)));
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 1, "o5", racing)));
        CompletableFuture<OrderState> afterBoth = feed.await("o6", s -> true, Duration.ofSeconds(30));
        consumer.step(() -> consumer.addRecord(new ConsumerRecord<>(TOPIC, 0, 2, "o6", state("o6", OrderStatus.PENDING))));

        // then the order stays the first body's
        assertThat(afterBoth).succeedsWithin(Duration.ofSeconds(10));
        assertThat(feed.latest("o5")).contains(first);
    }

    private static OrderState decided(String id, String placedAt, OrderStatus status) {
        Instant at = Instant.parse(placedAt);
        return OrderState.newBuilder(state(id, status)).setCreatedAt(at).setUpdatedAt(at.plusMillis(20))
                .setHistory(new ArrayList<>(List.of(StatusChange.newBuilder().setStatus(OrderStatus.PENDING).setAt(at).build(),
                        StatusChange.newBuilder().setStatus(status).setAt(at.plusMillis(20)).build()))).build();
    }

    private static OrderState state(String id, OrderStatus status) {
        Instant at = Instant.parse("2026-11-25T12:00:00Z");
        return OrderState.newBuilder().setOrderId(id).setKind(OrderKind.ORDER).setCustomerId("c").setChannel(Channel.WEB)
                .setStatus(status).setLines(List.of()).setCreatedAt(at).setUpdatedAt(at).build();
    }

    /**
     * A MockConsumer whose poll waits (like a real one) for the test's next step instead of spinning, and runs
     * it before answering.
     */
    private static final class SteppedConsumer extends MockConsumer<String, OrderState> {
        private final BlockingQueue<Runnable> steps = new LinkedBlockingQueue<>();

        SteppedConsumer() {
            super("latest");
        }

        void step(Runnable step) {
            steps.add(step);
        }

        @Override
        public ConsumerRecords<String, OrderState> poll(Duration timeout) {
            try {
                Runnable step = steps.poll(timeout.toMillis(), TimeUnit.MILLISECONDS);
                if (step != null) {
                    synchronized (this) {
                        step.run();
                    }
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
            return super.poll(Duration.ZERO);
        }
    }
}
