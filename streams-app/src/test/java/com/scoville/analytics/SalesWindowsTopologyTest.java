package com.scoville.analytics;

import com.scoville.ScovilleDriver;
import com.scoville.avro.Channel;
import com.scoville.avro.Feedback;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.SalesTotals;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

class SalesWindowsTopologyTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestInputTopic<String, OrderCommand> commands = scoville.driver.createInputTopic(
            scoville.topics.orderCommands.name(), scoville.topics.orderCommands.keySerde().serializer(),
            scoville.topics.orderCommands.valueSerde().serializer());

    @AfterEach
    void close() {
        scoville.close();
    }

    private void pay(String orderId, Instant at) {
        commands.pipeInput(orderId, OrderCommand.newBuilder().setOrderId(orderId).setType(OrderCommandType.PAY).setAt(at).build());
    }

    private SalesTotals totals(AnalyticsWindow window, String family, String key, Instant at) {
        WindowStore<String, SalesTotals> store = scoville.driver.getWindowStore(window.store(family));
        return store.fetch(key, window.startOf(at).toEpochMilli());
    }

    @Test
    void shouldCountAPaymentInTheWindowsOfItsPaymentTimeByEveryDimension() {
        // given two reserved orders
        scoville.place(order("a", Channel.WEB, line("GHOST-150", 2), line("REAPER-100", 1)));
        scoville.place(order("b", Channel.POS, line("GHOST-150", 1)));
        // when both are paid at 12:00:30
        Instant paidAt = ScovilleDriver.START.plusSeconds(30);
        pay("a", paidAt);
        pay("b", paidAt);
        // then the minute, hour and day windows hold them
        for (AnalyticsWindow w : AnalyticsWindow.values()) {
            SalesTotals total = totals(w, SalesAggregator.FAMILY, "TOTAL|*", paidAt);
            assertThat(total.getRevenueCents()).isEqualTo(2 * 1299 + 1599 + 1299);
            assertThat(total.getOrders()).isEqualTo(2);
            assertThat(total.getUnits()).isEqualTo(4);
        }
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "PRODUCT|GHOST-150", paidAt).getUnits()).isEqualTo(3);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "PRODUCT|GHOST-150", paidAt).getOrders()).isEqualTo(2);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "CHANNEL|POS", paidAt).getRevenueCents()).isEqualTo(1299);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "HEAT_LEVEL|10", paidAt).getRevenueCents()).isEqualTo(1599);
        // and a customer's first payment is new
        assertThat(totals(AnalyticsWindow.DAY, CustomerAggregator.FAMILY, "TOTAL|*", paidAt).getNewCustomers()).isEqualTo(2);
    }

    @Test
    void shouldSubtractARefundInTheWindowOfTheCancellation() {
        scoville.place(order("r", Channel.WEB, line("VERDE-250", 2)));
        pay("r", ScovilleDriver.START);
        scoville.advance(Duration.ofMinutes(5));
        scoville.command("r", OrderCommandType.CANCEL);
        Instant cancelledAt = ScovilleDriver.START.plus(Duration.ofMinutes(5));
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "TOTAL|*", ScovilleDriver.START).getRevenueCents()).isEqualTo(1798);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "TOTAL|*", cancelledAt).getRevenueCents()).isEqualTo(-1798);
        assertThat(totals(AnalyticsWindow.HOUR, SalesAggregator.FAMILY, "TOTAL|*", cancelledAt).getRevenueCents()).isZero();
        assertThat(totals(AnalyticsWindow.HOUR, SalesAggregator.FAMILY, "TOTAL|*", cancelledAt).getOrders()).isZero();
    }

    @Test
    void shouldPutALateButGracefulPaymentInItsOwnWindowAndDropOneBeyondGrace() {
        scoville.place(order("now", Channel.WEB, line("GHOST-250", 1)));
        scoville.place(order("late", Channel.WHOLESALE, line("GHOST-250", 1)));
        scoville.place(order("too-late", Channel.WHOLESALE, line("GHOST-250", 1)));
        pay("now", ScovilleDriver.START);
        Instant thirtyMinutesAgo = ScovilleDriver.START.minus(Duration.ofMinutes(30));
        pay("late", thirtyMinutesAgo);
        Instant twoHoursAgo = ScovilleDriver.START.minus(Duration.ofHours(2));
        pay("too-late", twoHoursAgo);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "TOTAL|*", thirtyMinutesAgo).getRevenueCents()).isEqualTo(1249);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "TOTAL|*", ScovilleDriver.START).getRevenueCents()).isEqualTo(1799);
        assertThat(totals(AnalyticsWindow.MINUTE, SalesAggregator.FAMILY, "TOTAL|*", twoHoursAgo)).isNull();
    }

    @Test
    void shouldCountAReturningCustomerOnTheSecondPaidOrder() {
        var first = order("c1", Channel.WEB, line("CHIPOTLE-150", 1));
        var second = order("c2", Channel.WEB, line("CHIPOTLE-150", 1));
        second.setCustomerId(first.getCustomerId());
        scoville.place(first);
        scoville.place(second);
        pay("c1", ScovilleDriver.START);
        pay("c2", ScovilleDriver.START);
        SalesTotals day = totals(AnalyticsWindow.DAY, CustomerAggregator.FAMILY, "TOTAL|*", ScovilleDriver.START);
        assertThat(day.getNewCustomers()).isEqualTo(1);
        assertThat(day.getReturningCustomers()).isEqualTo(1);
    }

    @Test
    void shouldAverageRatingsByProductAndHeatLevel() {
        TestInputTopic<String, Feedback> feedback = scoville.driver.createInputTopic(scoville.topics.feedback.name(),
                scoville.topics.feedback.keySerde().serializer(), scoville.topics.feedback.valueSerde().serializer());
        feedback.pipeInput("REAPER-100", Feedback.newBuilder().setCustomerId("x").setSku("REAPER-100").setTaste(5).setHeat(5).setAt(ScovilleDriver.START).build());
        feedback.pipeInput("REAPER-100", Feedback.newBuilder().setCustomerId("y").setSku("REAPER-100").setTaste(3).setHeat(4).setAt(ScovilleDriver.START).build());
        SalesTotals reaper = totals(AnalyticsWindow.DAY, RatingsAggregator.FAMILY, "PRODUCT|REAPER-100", ScovilleDriver.START);
        assertThat(reaper.getRatings()).isEqualTo(2);
        assertThat(reaper.getTasteSum()).isEqualTo(8);
        assertThat(totals(AnalyticsWindow.DAY, RatingsAggregator.FAMILY, "HEAT_LEVEL|10", ScovilleDriver.START).getHeatSum()).isEqualTo(9);
    }
}
