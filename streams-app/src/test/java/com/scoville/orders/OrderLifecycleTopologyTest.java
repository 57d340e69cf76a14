package com.scoville.orders;

import com.scoville.ScovilleDriver;
import com.scoville.avro.Channel;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockEvent;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

class OrderLifecycleTopologyTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldReserveAndPriceAnOrderWhenStockSuffices() {
        // when
        OrderState state = scoville.place("o1", line("GHOST-150", 2), line("VERDE-250", 1));
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(state.getTotalCents()).isEqualTo(2 * 1299 + 899);
        assertThat(state.getHistory()).extracting(h -> h.getStatus()).containsExactly(OrderStatus.PENDING, OrderStatus.RESERVED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(2);
        assertThat(scoville.stock("VERDE-250").getReserved()).isEqualTo(1);
    }

    @Test
    void shouldStampStockCommandsAndAnswersWithTheTimeOfTheOrderThatCausedThem() {
        // given an order accepted an hour before the processor sees it (a backlog)
        Instant acceptedAt = scoville.now().minus(Duration.ofHours(1));
        TestOutputTopic<String, StockCommand> commands = scoville.output(scoville.topics.stockCommands);
        TestOutputTopic<String, StockEvent> answers = scoville.output(scoville.topics.stockEvents);
        // when an order that names a hold (the saga; the hold is gone, so it reserves each SKU) comes
        Order late = order("late", Channel.WEB, line("GHOST-150", 1), line("REAPER-100", 1));
        late.setReservationId("gone");
        OrderState state = scoville.placeAt(late, acceptedAt);
        // then the loop through the SKUs' partitions keeps the order's time, so its answers are not queued
        // behind orders accepted later
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(commands.readRecordsToList()).hasSize(2)
                .allSatisfy(r -> assertThat(r.getRecordTime()).isEqualTo(acceptedAt));
        assertThat(answers.readRecordsToList()).hasSize(2)
                .allSatisfy(r -> assertThat(r.getRecordTime()).isEqualTo(acceptedAt));
    }

    @Test
    void shouldChargeTheWholesalePriceOnTheWholesaleChannel() {
        OrderState state = scoville.place(order("w1", Channel.WHOLESALE, line("GHOST-150", 10)));
        assertThat(state.getLines().get(0).getUnitPriceCents()).isEqualTo(899);
        assertThat(state.getTotalCents()).isEqualTo(8990);
    }

    @Test
    void shouldRejectAllLinesAndReleaseTheReservedOnesWhenOneLineIsShort() {
        // given only 120 reapers
        // when an order wants 1 ghost and 121 reapers
        OrderState state = scoville.place("o2", line("GHOST-150", 1), line("REAPER-100", 121));
        // then nothing stays reserved and the short SKU is named
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.OUT_OF_STOCK);
        assertThat(state.getRejectReason().getSkus()).containsExactly("REAPER-100");
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
        assertThat(scoville.stock("REAPER-100").getReserved()).isZero();
        assertThat(scoville.reservedBySku().values()).allMatch(v -> v == 0);
    }

    @Test
    void shouldReserveTheComponentsOfABundle() {
        scoville.place("b1", line("INFERNO-PACK", 2));
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(2);
        assertThat(scoville.stock("SCORPION-100").getReserved()).isEqualTo(2);
        assertThat(scoville.stock("REAPER-100").getReserved()).isEqualTo(2);
        assertThat(scoville.stock("INFERNO-PACK")).isNull();
    }

    @Test
    void shouldRejectAPartnerOrderWithAnUnknownSkuAndWriteNothingToStock() {
        OrderState state = scoville.place("p1", line("NOT-A-SAUCE", 1));
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.UNKNOWN_SKU);
        assertThat(state.getRejectReason().getSkus()).containsExactly("NOT-A-SAUCE");
    }

    @Test
    void shouldRejectAPartnerOrderWithABadQuantityAsInvalid() {
        OrderState state = scoville.place("p2", line("GHOST-150", 0));
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
    }

    @Test
    void shouldKeepTheFirstRecordWhenTheSameOrderIdArrivesTwice() {
        scoville.place("dup", line("GHOST-150", 1));
        scoville.statusChanges();
        scoville.place("dup", line("GHOST-150", 5));
        assertThat(scoville.order("dup").getLines().get(0).getQuantity()).isEqualTo(1);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(1);
        assertThat(scoville.statusChanges()).isEmpty();
    }

    @Test
    void shouldCommitStockWhenShippedAndCountRevenueWhenPaid() {
        scoville.place("o3", line("HABANERO-150", 3));
        scoville.command("o3", OrderCommandType.PAY);
        OrderState shipped = scoville.command("o3", OrderCommandType.SHIP);
        assertThat(shipped.getStatus()).isEqualTo(OrderStatus.SHIPPED);
        assertThat(scoville.stock("HABANERO-150").getOnHand()).isEqualTo(397);
        assertThat(scoville.stock("HABANERO-150").getReserved()).isZero();
        assertThat(scoville.command("o3", OrderCommandType.DELIVER).getStatus()).isEqualTo(OrderStatus.DELIVERED);
        List<SaleEvent> sales = scoville.sales();
        assertThat(sales).hasSize(1);
        assertThat(sales.get(0).getTotalCents()).isEqualTo(3 * 999);
        assertThat(sales.get(0).getLines().get(0).getRevenueCents()).isEqualTo(3 * 999);
    }

    @Test
    void shouldReleaseStockAndRefundWhenAPaidOrderIsCancelled() {
        scoville.place("o4", line("CHIPOTLE-150", 2));
        scoville.command("o4", OrderCommandType.PAY);
        OrderState cancelled = scoville.command("o4", OrderCommandType.CANCEL);
        assertThat(cancelled.getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(scoville.stock("CHIPOTLE-150").getReserved()).isZero();
        assertThat(scoville.sales()).extracting(SaleEvent::getTotalCents).containsExactly(1798L, -1798L);
    }

    @Test
    void shouldIgnoreAnIllegalMove() {
        scoville.place("o5", line("CHIPOTLE-150", 1));
        OrderState afterShip = scoville.command("o5", OrderCommandType.SHIP);
        assertThat(afterShip.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.stock("CHIPOTLE-150").getOnHand()).isEqualTo(320);
    }

    @Test
    void shouldExpireAnUnpaidReservationAndGiveItsStockBack() {
        scoville.place("o6", line("SRIRACHA-250", 4));
        scoville.advance(Duration.ofMinutes(14));
        assertThat(scoville.order("o6").getStatus()).isEqualTo(OrderStatus.RESERVED);
        scoville.advance(Duration.ofMinutes(2));
        assertThat(scoville.order("o6").getStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(scoville.stock("SRIRACHA-250").getReserved()).isZero();
    }

    @Test
    void shouldNotExpireAPaidOrder() {
        scoville.place("o7", line("SRIRACHA-250", 1));
        scoville.command("o7", OrderCommandType.PAY);
        scoville.advance(Duration.ofMinutes(30));
        assertThat(scoville.order("o7").getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(scoville.stock("SRIRACHA-250").getReserved()).isEqualTo(1);
    }

    @Test
    void shouldLetAnOrderTakeOverAHoldWithoutReservingAgain() {
        OrderState hold = scoville.placeHold("h1", 600, line("REAPER-100", 120));
        assertThat(hold.getStatus()).isEqualTo(OrderStatus.RESERVED);
        var order = order("o8", Channel.WEB, line("REAPER-100", 120));
        order.setReservationId("h1");
        OrderState state = scoville.place(order);
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.order("h1").getStatus()).isEqualTo(OrderStatus.TAKEN);
        assertThat(scoville.stock("REAPER-100").getReserved()).isEqualTo(120);
        // and cancelling the order gives the held stock back
        scoville.command("o8", OrderCommandType.CANCEL);
        assertThat(scoville.stock("REAPER-100").getReserved()).isZero();
    }

    @Test
    void shouldRejectAHoldThatCannotBeMetInFull() {
        OrderState hold = scoville.placeHold("h2", 600, line("REAPER-100", 121), line("GHOST-150", 1));
        assertThat(hold.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(hold.getRejectReason().getShortages()).singleElement().satisfies(s -> {
            assertThat(s.getSku()).isEqualTo("REAPER-100");
            assertThat(s.getRequested()).isEqualTo(121);
            assertThat(s.getAvailable()).isEqualTo(120);
        });
        assertThat(scoville.statusChanges()).last().satisfies(published ->
                assertThat(published.getRejectReason().getShortages()).hasSize(1));
        assertThat(scoville.reservedBySku().values()).allMatch(v -> v == 0);
    }

    @Test
    void shouldReleaseAHoldWhenItsTtlPasses() {
        scoville.placeHold("h3", 60, line("GHOST-250", 5));
        scoville.advance(Duration.ofSeconds(61));
        assertThat(scoville.order("h3").getStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(scoville.stock("GHOST-250").getReserved()).isZero();
    }

    @Test
    void shouldNotifyEachSubscriberOnceOnRestock() {
        scoville.subscribe("REAPER-100", "alice");
        scoville.subscribe("REAPER-100", "bob");
        scoville.restock("REAPER-100", 10);
        scoville.restock("REAPER-100", 10);
        assertThat(scoville.notifications()).extracting(n -> n.getCustomerId()).containsExactlyInAnyOrder("alice", "bob");
    }

    @Test
    void shouldNameTheChannelASubscriptionWasTakenThroughOnItsNotification() {
        // given one subscription through the web shop, one direct, and one moved from a channel to direct
        scoville.subscribeThrough("WEB", "REAPER-100", "carol");
        scoville.subscribe("REAPER-100", "dave");
        scoville.subscribeThrough("MOBILE", "REAPER-100", "erin");
        scoville.subscribe("REAPER-100", "erin");

        // when the SKU is restocked
        scoville.restock("REAPER-100", 10);

        // then each notification names the channel of its latest subscription, or none
        assertThat(scoville.notifications()).extracting(n -> n.getCustomerId() + "@" + n.getChannel())
                .containsExactlyInAnyOrder("carol@WEB", "dave@null", "erin@null");
    }
}
