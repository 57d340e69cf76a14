package com.scoville.orders;

import com.scoville.ScovilleDriver;
import com.scoville.ScovilleTopology;
import com.scoville.avro.Channel;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockEvent;
import com.scoville.avro.StockEventType;
import com.scoville.kafka.Topic;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The order processor's own work: the saga (orders written to 'order-requests', holds), the moves clients ask
 * for, and the expiry index.
 */
class SagaTopologyTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestInputTopic<String, Order> sagaIn = input(scoville, scoville.topics.orderRequests);
    private final TestInputTopic<String, OrderCommand> commandsIn = input(scoville, scoville.topics.orderCommands);
    private final TestOutputTopic<String, StockCommand> stockCommands = scoville.output(scoville.topics.stockCommands);
    private final TestOutputTopic<String, OrderState> status = scoville.output(scoville.topics.orderStatus);

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldReserveAnOrderWrittenToTheSagaWithoutAHoldSkuBySku() {
        // when an order naming no hold comes on 'order-requests' (as every order did before the one-hop path)
        sagaIn.pipeInput("legacy", order("legacy", Channel.WEB, line("GHOST-150", 2)));
        // then the saga reserves it with a stock command
        assertThat(scoville.order("legacy").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(stockCommands.readValuesToList()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo(StockCommandType.RESERVE);
            assertThat(c.getOwnerId()).isEqualTo("legacy");
            assertThat(c.getQuantity()).isEqualTo(2);
        });
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(2);
    }

    @Test
    void shouldRejectAnInvalidOrderSentToTheSagaAndLeaveTheHoldItNamesAlone() {
        // given a hold
        scoville.placeHold("h1", 600, line("GHOST-150", 1));
        // when an order taking it over names a SKU the catalog does not know (it left the catalog after the API checked)
        Order taker = order("taker", Channel.WEB, line("GONE-100", 1));
        taker.setReservationId("h1");
        sagaIn.pipeInput("taker", taker);
        // then
        OrderState state = scoville.order("taker");
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.UNKNOWN_SKU);
        assertThat(scoville.ordersCounter("rejected-total")).isEqualTo(1);
        assertThat(scoville.order("h1").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(1);
    }

    @Test
    void shouldKnowASagaOrderByItsOrderIdWhateverItsKey() {
        // when
        Order order = order("by-id", Channel.WEB, line("GHOST-150", 1));
        order.setReservationId("gone");
        sagaIn.pipeInput("batch-1", order);
        // then
        assertThat(scoville.order("by-id").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.order("batch-1")).isNull();
    }

    @Test
    void shouldTakeTheKeyAsTheIdOfASagaOrderWithABlankOrderId() {
        // when
        Order order = order("", Channel.WEB, line("GHOST-150", 1));
        order.setReservationId("gone");
        sagaIn.pipeInput("by-key", order);
        // then
        assertThat(scoville.order("by-key").getStatus()).isEqualTo(OrderStatus.RESERVED);
    }

    @Test
    void shouldApplyAMoveToTheOrderItNamesWhateverItsKey() {
        // given
        scoville.place("o", line("GHOST-150", 1));
        TestOutputTopic<String, CommandOutcome> outcomes = scoville.output(scoville.topics.commandOutcomes);
        // when a PAY for "o" comes under another key
        commandsIn.pipeInput("other", OrderCommand.newBuilder().setOrderId("o").setType(OrderCommandType.PAY)
                .setAt(scoville.now()).setCommandId("pay-o").setRequestHash("h").build());
        // then
        assertThat(scoville.order("o").getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(scoville.order("other")).isNull();
        assertThat(outcomes.readValuesToList()).singleElement().satisfies(o -> assertThat(o.getApplied()).isTrue());
    }

    @Test
    void shouldApplySeveralMovesThatCameBeforeTheDecisionInTheOrderTheyCame() {
        // given a PAY and then a SHIP that reach the order processor before the order's decision
        scoville.command("early", OrderCommandType.PAY);
        scoville.command("early", OrderCommandType.SHIP);
        // when
        scoville.place("early", line("GHOST-150", 2));
        // then both are applied, the payment first
        assertThat(scoville.order("early").getHistory()).extracting(h -> h.getStatus())
                .containsExactly(OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID, OrderStatus.SHIPPED);
        assertThat(scoville.stock("GHOST-150").getOnHand()).isEqualTo(238);
    }

    @Test
    void shouldStampThePaymentAndEndTheReservationsExpiryWhenAnOrderIsPaid() {
        // given
        scoville.place("o", line("GHOST-150", 1));
        scoville.advance(Duration.ofMinutes(1));
        // when
        OrderState paid = scoville.command("o", OrderCommandType.PAY);
        // then
        assertThat(paid.getPaidAt()).isEqualTo(scoville.now());
        assertThat(paid.getExpiresAt()).isNull();
    }

    @Test
    void shouldKeepInTheExpiryIndexOnlyWhatCanStillExpire() {
        // given orders paid, cancelled and left open, and a hold taken over by an order
        scoville.place("paid", line("GHOST-150", 1));
        scoville.command("paid", OrderCommandType.PAY);
        scoville.place("cancelled", line("GHOST-150", 1));
        scoville.command("cancelled", OrderCommandType.CANCEL);
        scoville.place("open", line("GHOST-150", 1));
        scoville.placeHold("h", 600, line("VERDE-250", 1));
        Order taker = order("taker", Channel.WEB, line("VERDE-250", 1));
        taker.setReservationId("h");
        scoville.place(taker);
        // then only the open order and the order that took the hold over can still expire
        assertThat(scoville.order("h").getStatus()).isEqualTo(OrderStatus.TAKEN);
        assertThat(scoville.expiryIndex()).containsExactlyInAnyOrder("open", "taker");
    }

    @Test
    void shouldReserveTheUsualWayWhenTheHoldAnOrderNamesDoesNotMatchIt() {
        // given a hold of two
        scoville.placeHold("h", 600, line("GHOST-150", 2));
        // when an order naming it wants three
        Order taker = order("taker", Channel.WEB, line("GHOST-150", 3));
        taker.setReservationId("h");
        OrderState state = scoville.place(taker);
        // then the hold stays, and the order reserves its own three
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.order("h").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(5);
    }

    @Test
    void shouldGiveBackAReservationAnsweredAfterItsHoldWasDecided() {
        // given a hold rejected for one SKU, whose other SKU was reserved and given back
        scoville.placeHold("h", 600, line("REAPER-100", 121), line("SCORPION-100", 1));
        stockCommands.readValuesToList();
        // when that other SKU's reservation is answered once more (a stock command retried, and answered twice)
        input(scoville, scoville.topics.stockEvents).pipeInput("h", StockEvent.newBuilder().setType(StockEventType.RESERVED)
                .setOwnerId("h").setSku("SCORPION-100").setQuantity(1).setAvailable(149).setAt(scoville.now()).build());
        // then it is given straight back, and the hold stays rejected
        assertThat(stockCommands.readValuesToList()).singleElement().satisfies(c -> {
            assertThat(c.getType()).isEqualTo(StockCommandType.RELEASE);
            assertThat(c.getSku()).isEqualTo("SCORPION-100");
            assertThat(c.getOwnerId()).isEqualTo("h");
            assertThat(c.getQuantity()).isEqualTo(1);
        });
        assertThat(scoville.order("h").getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(scoville.stock("SCORPION-100").getReserved()).isZero();
    }

    @Test
    void shouldNameTheShortSkusOfASagaDecisionInOrder() {
        // when a hold is short of three SKUs
        OrderState hold = scoville.placeHold("h", 600, line("SCORPION-100", 151), line("REAPER-100", 121),
                line("GHOST-250", 181), line("VERDE-250", 1));
        // then
        assertThat(hold.getRejectReason().getSkus()).containsExactly("GHOST-250", "REAPER-100", "SCORPION-100");
        assertThat(hold.getRejectReason().getShortages()).extracting(s -> s.getSku())
                .containsExactly("GHOST-250", "REAPER-100", "SCORPION-100");
    }

    @Test
    void shouldRepublishTheOrderAsItIsWhenAnotherDecisionWithTheSameLinesArrives() {
        // given an order reserved at the start and paid a second later
        OrderState reserved = scoville.place("o", line("GHOST-150", 2));
        scoville.advance(Duration.ofSeconds(1));
        OrderState paid = scoville.command("o", OrderCommandType.PAY);
        status.readValuesToList();
        // when another decision for it, with the same lines, stamped the very moment it was paid, comes on 'order-status'
        OrderState other = OrderState.newBuilder(reserved).setUpdatedAt(paid.getUpdatedAt()).build();
        other.getHistory().get(other.getHistory().size() - 1).setAt(paid.getUpdatedAt());
        input(scoville, scoville.topics.orderStatus).pipeInput("o", other);
        // then it is not taken for the order's own change: the topic ends with the order as it is, and its stock is kept
        assertThat(status.readValuesToList()).last().satisfies(s -> assertThat(s.getStatus()).isEqualTo(OrderStatus.PAID));
        assertThat(scoville.order("o").getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(2);
    }

    @Test
    void shouldExpireAnOrderOnAnExpireCommandOnlyOnceItIsDue() {
        // given a topology whose expiry scan is an hour apart, and an order reserved for 15 minutes
        try (ScovilleDriver slowScan = new ScovilleDriver(topics -> ScovilleTopology.build(new ScovilleTopology.Settings(
                ScovilleDriver.TTL, Duration.ofHours(1), 50, 1000, ScovilleDriver.GRACE, 1), topics)).withDemoCatalog()) {
            slowScan.place("o", line("GHOST-150", 3));
            // when an EXPIRE comes before the order is due, and another after
            OrderState early = slowScan.command("o", OrderCommandType.EXPIRE);
            slowScan.advance(ScovilleDriver.TTL.plusSeconds(1));
            OrderState due = slowScan.command("o", OrderCommandType.EXPIRE);
            // then only the second expires it, and its stock is back
            assertThat(early.getStatus()).isEqualTo(OrderStatus.RESERVED);
            assertThat(due.getStatus()).isEqualTo(OrderStatus.EXPIRED);
            assertThat(slowScan.stock("GHOST-150").getReserved()).isZero();
        }
    }

    private static <V> TestInputTopic<String, V> input(ScovilleDriver scoville, Topic<String, V> topic) {
        return scoville.driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }
}
