package com.scoville.analytics;

import com.scoville.ScovilleDriver;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.SalesTotals;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

class FunnelTopologyTest {
    private static final String TOTAL = Dimension.TOTAL.key(Dimension.ALL);
    private static final String WEB = Dimension.CHANNEL.key("WEB");

    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestInputTopic<String, OrderState> status = scoville.driver.createInputTopic(
            scoville.topics.orderStatus.name(), scoville.topics.orderStatus.keySerde().serializer(),
            scoville.topics.orderStatus.valueSerde().serializer());

    @AfterEach
    void close() {
        scoville.close();
    }

    /** A step's count in a window: what both families hold of it, as a query adds them. */
    private long count(AnalyticsWindow window, String key, Instant at) {
        long sum = 0;
        for (String family : FunnelCounter.FAMILIES) {
            sum += stored(family, window, at).getOrDefault(key, 0L);
        }
        return sum;
    }

    private Map<String, Long> stored(String family, AnalyticsWindow window, Instant at) {
        WindowStore<String, SalesTotals> store = scoville.driver.getWindowStore(window.store(family));
        SalesTotals totals = store.fetch(FunnelCounter.KEY, window.startOf(at).toEpochMilli());
        return totals == null ? Map.of() : totals.getCounts();
    }

    private long day(FunnelStep step) {
        return count(AnalyticsWindow.DAY, step.key(TOTAL), ScovilleDriver.START);
    }

    @Test
    void shouldCountAnOrderOnceInEveryStepItReachesOnItsWayToDelivery() {
        // given an order placed (and reserved) on the web
        scoville.place(order("f1", Channel.WEB, line("GHOST-150", 1)));
        // when it is paid, shipped and delivered a minute apart
        for (OrderCommandType move : List.of(OrderCommandType.PAY, OrderCommandType.SHIP, OrderCommandType.DELIVER)) {
            scoville.advance(Duration.ofMinutes(1));
            scoville.command("f1", move);
        }
        assertThat(scoville.order("f1").getStatus()).isEqualTo(OrderStatus.DELIVERED);
        // then each step counts once, in total and for its channel
        for (FunnelStep step : List.of(FunnelStep.PLACED, FunnelStep.RESERVED, FunnelStep.PAID, FunnelStep.SHIPPED, FunnelStep.DELIVERED)) {
            assertThat(day(step)).as(step.name()).isEqualTo(1);
            assertThat(count(AnalyticsWindow.HOUR, step.key(WEB), ScovilleDriver.START)).as(step.name()).isEqualTo(1);
        }
        for (FunnelStep step : List.of(FunnelStep.REJECTED, FunnelStep.EXPIRED, FunnelStep.CANCELLED)) {
            assertThat(day(step)).as(step.name()).isZero();
        }
        // and each in the minute it happened: paid in the second minute, delivered in the fourth
        assertThat(count(AnalyticsWindow.MINUTE, FunnelStep.PAID.key(TOTAL), ScovilleDriver.START.plusSeconds(60))).isEqualTo(1);
        assertThat(count(AnalyticsWindow.MINUTE, FunnelStep.PAID.key(TOTAL), ScovilleDriver.START)).isZero();
        assertThat(count(AnalyticsWindow.MINUTE, FunnelStep.DELIVERED.key(TOTAL), ScovilleDriver.START.plusSeconds(180))).isEqualTo(1);
    }

    @Test
    void shouldCountARejectionUnderItsReason() {
        // given 120 reapers in stock
        // when one order wants too many and another names no sauce we sell
        scoville.place(order("short", Channel.POS, line("REAPER-100", 121)));
        scoville.place(order("unknown", Channel.WEB, line("NOT-A-SAUCE", 1)));
        // then both were placed and rejected, each under its reason
        assertThat(day(FunnelStep.PLACED)).isEqualTo(2);
        assertThat(day(FunnelStep.REJECTED)).isEqualTo(2);
        assertThat(day(FunnelStep.RESERVED)).isZero();
        Instant at = ScovilleDriver.START;
        assertThat(count(AnalyticsWindow.DAY, FunnelStep.rejectionKey(TOTAL, com.scoville.avro.RejectCode.OUT_OF_STOCK), at)).isEqualTo(1);
        assertThat(count(AnalyticsWindow.DAY, FunnelStep.rejectionKey(TOTAL, com.scoville.avro.RejectCode.UNKNOWN_SKU), at)).isEqualTo(1);
        assertThat(count(AnalyticsWindow.DAY, FunnelStep.rejectionKey(Dimension.CHANNEL.key("POS"), com.scoville.avro.RejectCode.OUT_OF_STOCK), at))
                .isEqualTo(1);
    }

    @Test
    void shouldCountAnUnpaidReservationThatExpires() {
        scoville.place(order("late", Channel.MOBILE, line("SRIRACHA-250", 2)));
        scoville.advance(ScovilleDriver.TTL.plusMinutes(1));
        assertThat(scoville.order("late").getStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(day(FunnelStep.RESERVED)).isEqualTo(1);
        assertThat(day(FunnelStep.EXPIRED)).isEqualTo(1);
        assertThat(day(FunnelStep.PAID)).isZero();
        assertThat(count(AnalyticsWindow.DAY, FunnelStep.EXPIRED.key(Dimension.CHANNEL.key("MOBILE")), ScovilleDriver.START)).isEqualTo(1);
    }

    @Test
    void shouldNotCountAStatusTwiceWhenTheTopicRepeatsIt() {
        // given an order paid and then cancelled
        scoville.place(order("twice", Channel.WEB, line("VERDE-250", 1)));
        scoville.command("twice", OrderCommandType.PAY);
        scoville.command("twice", OrderCommandType.CANCEL);
        List<OrderState> published = scoville.statusChanges();
        assertThat(published).isNotEmpty();
        // when every state it went through comes again (a republish, a replayed partition)
        for (OrderState state : published) {
            status.pipeInput(state.getOrderId(), state);
        }
        // then nothing counts twice
        assertThat(day(FunnelStep.PLACED)).isEqualTo(1);
        assertThat(day(FunnelStep.RESERVED)).isEqualTo(1);
        assertThat(day(FunnelStep.PAID)).isEqualTo(1);
        assertThat(day(FunnelStep.CANCELLED)).isEqualTo(1);
    }

    @Test
    void shouldCountAnOrderOnceWhenTwoBodiesRaceUnderItsId() {
        // given an order decided in one hop
        scoville.place(order("raced", Channel.WEB, line("GHOST-150", 1)));
        // when a second body under the same id, for another sauce, is decided where its stock is (and not kept)
        scoville.place(order("raced", Channel.WEB, line("VERDE-250", 1)));
        assertThat(scoville.order("raced").getLines()).singleElement().satisfies(l -> assertThat(l.getSku()).isEqualTo("GHOST-150"));
        // then the order was placed and reserved once
        assertThat(day(FunnelStep.PLACED)).isEqualTo(1);
        assertThat(day(FunnelStep.RESERVED)).isEqualTo(1);
        assertThat(count(AnalyticsWindow.MINUTE, FunnelStep.RESERVED.key(WEB), ScovilleDriver.START)).isEqualTo(1);
    }

    @Test
    void shouldTellARefusalAtTheStockFromTheSameRefusalComingBackAtTheSameInstant() {
        // given an order refused by the saga (the hold it takes over does not exist)
        Order taking = order("same", Channel.WEB, line("REAPER-100", 121));
        taking.setReservationId("no-such-hold");
        scoville.place(taking);
        assertThat(scoville.order("same").getStatus()).isEqualTo(OrderStatus.REJECTED);
        // when the same lines under the same id are refused where the stock is, in the same millisecond
        scoville.place(order("same", Channel.WEB, line("REAPER-100", 121)));
        // then the order was placed and rejected once
        assertThat(day(FunnelStep.PLACED)).isEqualTo(1);
        assertThat(day(FunnelStep.REJECTED)).isEqualTo(1);
    }

    @Test
    void shouldCountAPartnersResentRefusedOrderOnce() {
        // when a partner sends an order of a sauce we do not sell three times under one id
        for (int i = 0; i < 3; i++) {
            scoville.placeKeyed("resent", order("resent", Channel.WHOLESALE, line("NOT-A-SAUCE", 1)));
            scoville.advance(Duration.ofSeconds(10));
        }
        assertThat(scoville.order("resent").getStatus()).isEqualTo(OrderStatus.REJECTED);
        // then it was placed and rejected once, under its reason once
        assertThat(day(FunnelStep.PLACED)).isEqualTo(1);
        assertThat(day(FunnelStep.REJECTED)).isEqualTo(1);
        assertThat(count(AnalyticsWindow.DAY, FunnelStep.rejectionKey(TOTAL, com.scoville.avro.RejectCode.UNKNOWN_SKU),
                ScovilleDriver.START)).isEqualTo(1);
    }

    @Test
    void shouldKeepEveryCountOfAWindowInOneRecord() {
        // when orders of two channels are placed, reserved, rejected and paid in one minute
        scoville.place(order("w1", Channel.WEB, line("GHOST-150", 1)));
        scoville.place(order("p1", Channel.POS, line("REAPER-100", 121)));
        scoville.command("w1", OrderCommandType.PAY);
        // then each family holds one key per window (one changelog record per window and commit), whatever the counts
        for (String family : FunnelCounter.FAMILIES) {
            WindowStore<String, SalesTotals> store = scoville.driver.getWindowStore(AnalyticsWindow.MINUTE.store(family));
            List<String> keys = new ArrayList<>();
            try (var all = store.all()) {
                all.forEachRemaining(kv -> keys.add(kv.key.key()));
            }
            assertThat(keys).as(family).containsExactly(FunnelCounter.KEY);
        }
        // and the decisions are counted where they were made, the payment where it was taken
        assertThat(stored(FunnelCounter.AT_STOCK, AnalyticsWindow.MINUTE, ScovilleDriver.START))
                .containsEntry(FunnelStep.PLACED.key(TOTAL), 2L).containsEntry(FunnelStep.REJECTED.key(Dimension.CHANNEL.key("POS")), 1L)
                .doesNotContainKey(FunnelStep.PAID.key(TOTAL));
        assertThat(stored(FunnelCounter.FAMILY, AnalyticsWindow.MINUTE, ScovilleDriver.START))
                .containsOnly(Map.entry(FunnelStep.PAID.key(TOTAL), 1L), Map.entry(FunnelStep.PAID.key(WEB), 1L));
    }
}
