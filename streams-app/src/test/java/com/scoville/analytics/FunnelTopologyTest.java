package com.scoville.analytics;

import com.scoville.ScovilleDriver;
import com.scoville.avro.Channel;
import com.scoville.avro.FunnelMarks;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.SalesTotals;
import com.scoville.avro.StatusChange;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

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

    private long count(AnalyticsWindow window, String key, Instant at) {
        WindowStore<String, SalesTotals> store = scoville.driver.getWindowStore(window.store(FunnelCounter.FAMILY));
        SalesTotals totals = store.fetch(key, window.startOf(at).toEpochMilli());
        return totals == null ? 0 : totals.getOrders();
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
    void shouldCountTheStepsOfAHistoryWhoseOwnRecordsWereNeverSeen() {
        // when the first state seen of an order is its delivery (the counter came after the rest)
        status.pipeInput("seen-late", delivered("seen-late", ScovilleDriver.START));
        // then every step of its history counts, once
        for (FunnelStep step : List.of(FunnelStep.PLACED, FunnelStep.RESERVED, FunnelStep.PAID, FunnelStep.SHIPPED, FunnelStep.DELIVERED)) {
            assertThat(day(step)).as(step.name()).isEqualTo(1);
        }
    }

    @Test
    void shouldForgetAnOrderADayPastTheGraceAndStillNotCountItsRepeat() {
        // given an order delivered at START
        OrderState old = delivered("old", ScovilleDriver.START);
        status.pipeInput("old", old);
        KeyValueStore<String, FunnelMarks> marks = scoville.driver.getKeyValueStore(FunnelCounter.MARKS_STORE);
        assertThat(marks.get("old")).isNotNull();
        // when a day and the grace pass, and other orders moved meanwhile
        Duration past = ScovilleDriver.GRACE.plus(Duration.ofDays(1)).plus(FunnelCounter.SWEEP_INTERVAL);
        status.pipeInput("recent", delivered("recent", ScovilleDriver.START.plus(past)));
        scoville.advance(past);
        // then its marks are gone, the recent order's kept
        assertThat(marks.get("old")).isNull();
        assertThat(marks.get("recent")).isNotNull();
        // and a repeat of it now is too late to count again
        status.pipeInput("old", old);
        assertThat(day(FunnelStep.DELIVERED)).isEqualTo(1);
    }

    /** An order's delivered state as the order processor publishes it, every step a minute after the one before. */
    private static OrderState delivered(String orderId, Instant placedAt) {
        List<StatusChange> history = new ArrayList<>();
        List<OrderStatus> steps = List.of(OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID, OrderStatus.SHIPPED, OrderStatus.DELIVERED);
        for (int i = 0; i < steps.size(); i++) {
            history.add(new StatusChange(steps.get(i), placedAt.plus(Duration.ofMinutes(i))));
        }
        Instant last = history.get(history.size() - 1).getAt();
        return OrderState.newBuilder().setOrderId(orderId).setCustomerId("c-" + orderId).setChannel(Channel.WEB)
                .setStatus(OrderStatus.DELIVERED).setLines(List.of(line("GHOST-150", 1))).setCreatedAt(placedAt)
                .setUpdatedAt(last).setHistory(history).build();
    }
}
