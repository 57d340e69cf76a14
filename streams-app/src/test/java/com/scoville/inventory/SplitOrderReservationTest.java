package com.scoville.inventory;

import com.scoville.ScovilleDriver;
import com.scoville.ScovilleTopology;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.avro.ReservationAnswer;
import com.scoville.devstack.DemoCatalog;
import com.scoville.kafka.SkuPartitions;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * An order whose stock lives in two partitions: each partition reserves its part and answers, and the order
 * processor decides from the answers (two hops). The driver runs partition 0; partition 1's answer is written
 * by the test.
 */
class SplitOrderReservationTest {
    private static final ScovilleTopology.Settings TWO_PARTITIONS = new ScovilleTopology.Settings(ScovilleDriver.TTL,
            Duration.ofSeconds(1), 50, 1000, ScovilleDriver.GRACE, 2);
    private final ScovilleDriver scoville = new ScovilleDriver(topics -> ScovilleTopology.build(TWO_PARTITIONS, topics)).withDemoCatalog();
    private final String here = skuIn(0);
    private final String elsewhere = skuIn(1);
    private final TestInputTopic<String, Order> orders = scoville.driver.createInputTopic(scoville.topics.orders.name(),
            scoville.topics.orders.keySerde().serializer(), scoville.topics.orders.valueSerde().serializer());
    private final TestInputTopic<String, ReservationAnswer> answersIn = scoville.driver.createInputTopic(
            scoville.topics.reservationAnswers.name(), scoville.topics.reservationAnswers.keySerde().serializer(),
            scoville.topics.reservationAnswers.valueSerde().serializer());
    private final TestOutputTopic<String, ReservationAnswer> answers = scoville.output(scoville.topics.reservationAnswers);
    private final TestOutputTopic<String, OrderState> status = scoville.output(scoville.topics.orderStatus);
    private final TestOutputTopic<String, Order> intake = scoville.output(scoville.topics.orderIntake);

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldReserveThisPartitionsPartAndAnswerWithoutDeciding() {
        // when the HTTP layer's copy for partition 0 arrives
        placeCopy("split");
        // then
        assertThat(answers.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getRequested()).containsOnlyKeys(here, elsewhere);
            assertThat(a.getReserved()).containsExactlyEntriesOf(Map.of(here, 2));
            assertThat(a.getShortages()).isEmpty();
        });
        assertThat(scoville.order("split").getStatus()).isEqualTo(OrderStatus.PENDING);
        assertThat(status.isEmpty()).isTrue();
        assertThat(scoville.stock(here).getReserved()).isEqualTo(2);
    }

    @Test
    void shouldReserveTheOrderWhenEveryPartitionHasAnsweredYes() {
        // given
        placeCopy("split");
        ReservationAnswer first = answers.readValue();
        // when partition 1 answers
        answersIn.pipeInput("split", answerOfPartition1(first, true));
        // then
        assertThat(status.readValuesToList()).singleElement().satisfies(s -> assertThat(s.getStatus()).isEqualTo(OrderStatus.RESERVED));
        assertThat(scoville.order("split").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.order("split").getExpiresAt()).isEqualTo(scoville.now().plus(ScovilleDriver.TTL));
        // and only its reservation's expiry is left in the index, not its deadline for answers
        assertThat(scoville.expiryIndex()).containsExactly("split");
        assertThat(scoville.ordersCounter("accepted-total")).isEqualTo(1);
        assertThat(scoville.ordersCounter("reserved-total")).isEqualTo(1);
    }

    @Test
    void shouldWaitForAnAnswerDelayedByAFailoverRatherThanRejectTheOrder() {
        // given partition 1's owner is dead or restoring for minutes (the fault bench saw answers 80 s late)
        placeCopy("slow");
        ReservationAnswer first = answers.readValue();
        scoville.advance(ScovilleDriver.TTL.minusSeconds(10));
        assertThat(scoville.order("slow").getStatus()).isEqualTo(OrderStatus.PENDING);
        // when its answer comes at last
        answersIn.pipeInput("slow", answerOfPartition1(first, true));
        // then the order is reserved, not lost to a deadline
        assertThat(scoville.order("slow").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.stock(here).getReserved()).isEqualTo(2);
        assertThat(scoville.ordersCounter("rejected-total")).isZero();
    }

    @Test
    void shouldRejectTheOrderAndGiveBackThisPartitionsPartWhenAnotherIsShort() {
        // given
        placeCopy("split");
        ReservationAnswer first = answers.readValue();
        // when partition 1 says no
        answersIn.pipeInput("split", answerOfPartition1(first, false));
        // then
        OrderState rejected = scoville.order("split");
        assertThat(rejected.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.getRejectReason().getSkus()).containsExactly(elsewhere);
        assertThat(rejected.getExpiresAt()).isNull();
        assertThat(scoville.stock(here).getReserved()).isZero();
    }

    @Test
    void shouldRejectTheOrderWhenAPartitionNeverAnswers() {
        // given a copy whose twin for partition 1 was never written
        placeCopy("orphan");
        // when
        scoville.advance(ScovilleDriver.TTL.plusSeconds(2));
        // then
        OrderState rejected = scoville.order("orphan");
        assertThat(rejected.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(rejected.getRejectReason().getCode()).isEqualTo(RejectCode.UNKNOWN);
        assertThat(rejected.getRejectReason().getSkus()).containsExactly(elsewhere);
        assertThat(rejected.getExpiresAt()).isNull();
        assertThat(scoville.stock(here).getReserved()).isZero();
        assertThat(scoville.ordersCounter("accepted-total")).isEqualTo(1);
        assertThat(scoville.ordersCounter("rejected-total")).isEqualTo(1);
    }

    @Test
    void shouldAnswerWhatThisPartitionIsShortOfAndRememberTheRefusal() {
        // given this partition's SKU is all reserved
        int onHand = scoville.stock(here).getOnHand();
        scoville.place("all-of-it", line(here, onHand));
        // when a copy of a split order wanting two of it arrives
        placeCopy("too-late");
        // then this partition answers that it is short, with what is free
        assertThat(answers.readValuesToList()).singleElement().satisfies(a -> {
            assertThat(a.getReserved()).isEmpty();
            assertThat(a.getShortages()).containsExactlyEntriesOf(Map.of(here, 0));
        });
        // and when stock comes back and the same copy comes again, it is not reserved after all
        scoville.restock(here, 10);
        placeCopy("too-late");
        assertThat(answers.isEmpty()).isTrue();
        assertThat(scoville.stock(here).getReserved()).isEqualTo(onHand);
    }

    @Test
    void shouldGiveBackALateAnswerForAnOrderAlreadyDecided() {
        // given an order rejected at its deadline
        placeCopy("late");
        ReservationAnswer first = answers.readValue();
        scoville.advance(ScovilleDriver.TTL.plusSeconds(2));
        int elsewhereBefore = scoville.stock(elsewhere).getReserved();
        // when partition 1's answer comes after all, having reserved (the driver applies the release it causes
        // to partition 0's book, so the release is seen on stock-commands)
        TestOutputTopic<String, com.scoville.avro.StockCommand> commands = scoville.output(scoville.topics.stockCommands);
        answersIn.pipeInput("late", answerOfPartition1(first, true));
        // then
        assertThat(scoville.order("late").getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(commands.readValuesToList()).filteredOn(c -> c.getSku().equals(elsewhere)).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo(com.scoville.avro.StockCommandType.RELEASE);
            assertThat(c.getQuantity()).isEqualTo(1);
        });
        assertThat(scoville.stock(elsewhere).getReserved()).isEqualTo(elsewhereBefore);
    }

    @Test
    void shouldCopyAPartnersOrderToEachPartitionOfItsStock() {
        // when a partner's order (no placement header) arrives
        orders.pipeInput("partner-1", order("partner-1", Channel.WHOLESALE, line(here, 1), line(elsewhere, 1)));
        // then it is copied to order-intake, once for each of the two partitions
        List<TestRecord<String, Order>> copies = intake.readRecordsToList();
        assertThat(copies).hasSize(2).allSatisfy(r ->
                assertThat(ReservationProcessor.homes(r.headers())).contains(java.util.Set.of(0, 1)));
    }

    @Test
    void shouldCopyAPartnersOrderWithoutAnActorItCouldNotProve() {
        // when a partner's order names an actor without the HTTP layer's seal
        Order forged = order("partner-2", Channel.WHOLESALE, line(here, 1), line(elsewhere, 1));
        forged.setActor(com.scoville.avro.Actor.newBuilder().setSubject("backoffice").setRoles(List.of("admin")).build());
        orders.pipeInput("partner-2", forged);
        // then its copies have none, and no seal
        assertThat(intake.readRecordsToList()).hasSize(2).allSatisfy(r -> {
            assertThat(r.value().getActor()).isNull();
            assertThat(r.headers().lastHeader(com.scoville.audit.ActorSeal.HEADER)).isNull();
        });
    }

    @Test
    void shouldKeepASealedActorOnTheCopiesThroughOrderIntake() {
        // given a sealed order that arrives where its key falls, not where its stock is
        com.scoville.avro.Actor shop = com.scoville.avro.Actor.newBuilder().setSubject("web-shop").setRoles(List.of("channel")).build();
        Order order = order("moved-1", Channel.WEB, line(here, 1), line(elsewhere, 1));
        order.setActor(shop);
        orders.pipeInput(new TestRecord<>("moved-1", order, ScovilleDriver.sealed(TWO_PARTITIONS, order)));
        List<TestRecord<String, Order>> copies = intake.readRecordsToList();
        assertThat(copies).hasSize(2).allSatisfy(r -> assertThat(r.value().getActor()).isEqualTo(shop));
        // when this partition's copy comes back from order-intake
        TestInputTopic<String, Order> intakeIn = scoville.driver.createInputTopic(scoville.topics.orderIntake.name(),
                scoville.topics.orderIntake.keySerde().serializer(), scoville.topics.orderIntake.valueSerde().serializer());
        intakeIn.pipeInput(copies.get(0));
        // then its answer still names who placed it
        assertThat(answers.readValue().getActor()).isEqualTo(shop);
    }

    @Test
    void shouldRecordTheOrderOnceWhenItIsDecidedFromEveryPartitionsAnswer() {
        // given an order placed by a channel, whose copy here answers (no entry yet: nothing is decided)
        com.scoville.avro.Actor shop = com.scoville.avro.Actor.newBuilder().setSubject("web-shop").setRoles(List.of("channel")).build();
        Order order = order("split", Channel.WEB, line(here, 2), line(elsewhere, 1));
        order.setActor(shop);
        TestOutputTopic<String, com.scoville.avro.AuditEntry> audit = scoville.output(scoville.topics.audit);
        audit.readValuesToList(); // the demo catalog's restocks
        orders.pipeInput(new TestRecord<>("split", order, ScovilleDriver.sealed(TWO_PARTITIONS, order).add(SkuPartitions.PLACED_HEADER, new byte[] {1})));
        assertThat(audit.isEmpty()).isTrue();
        ReservationAnswer first = answers.readValue();
        assertThat(first.getActor()).isEqualTo(shop);

        // when partition 1 answers yes
        answersIn.pipeInput("split", answerOfPartition1(first, true));

        // then the decision has one entry, naming who placed the order
        assertThat(audit.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.getAction()).isEqualTo("order.place");
            assertThat(e.getOutcome()).isEqualTo(com.scoville.avro.AuditOutcome.APPLIED);
            assertThat(e.getActor()).isEqualTo(shop);
        });
    }

    private void placeCopy(String orderId) {
        org.apache.kafka.common.header.Headers headers = new RecordHeaders().add(SkuPartitions.PLACED_HEADER, new byte[] {1});
        orders.pipeInput(new TestRecord<>(orderId, order(orderId, Channel.WEB, line(here, 2), line(elsewhere, 1)), headers));
    }

    /** What partition 1 would answer: its SKU reserved, or short. */
    private ReservationAnswer answerOfPartition1(ReservationAnswer first, boolean yes) {
        Map<String, Integer> reserved = new HashMap<>();
        Map<String, Integer> shortages = new HashMap<>();
        if (yes) {
            reserved.put(elsewhere, 1);
        } else {
            shortages.put(elsewhere, 0);
        }
        return ReservationAnswer.newBuilder(first).setReserved(reserved).setShortages(shortages).build();
    }

    private static String skuIn(int partition) {
        return DemoCatalog.INITIAL_STOCK.keySet().stream().sorted()
                .filter(sku -> SkuPartitions.of(sku, 2) == partition).findFirst().orElseThrow();
    }
}
