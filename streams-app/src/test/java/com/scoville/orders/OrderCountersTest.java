package com.scoville.orders;

import com.scoville.ScovilleDriver;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The order counters the README lists (kafka_stream_scoville_orders_*), as the topology records them. */
class OrderCountersTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldCountEveryOrderDecidedInOneHopAsAcceptedAndAsReservedOrRejected() {
        // when one order is reserved, one is short of stock and one is invalid
        scoville.place("enough", line("GHOST-150", 1));
        scoville.place("short", line("REAPER-100", 121));
        scoville.place("invalid", line("NOT-A-SAUCE", 1));
        // then
        assertThat(scoville.ordersCounter("accepted-total")).isEqualTo(3);
        assertThat(scoville.ordersCounter("reserved-total")).isEqualTo(1);
        assertThat(scoville.ordersCounter("rejected-total")).isEqualTo(2);
        assertThat(scoville.ordersCounter("reservation-total")).isEqualTo(3);
    }

    @Test
    void shouldTimeADecisionFromTheMomentTheOrderWasAccepted() {
        // when an order accepted 250 ms ago is decided now
        scoville.placeAt(order("waited", Channel.WEB, line("GHOST-150", 1)), scoville.now().minusMillis(250));
        // then
        assertThat(scoville.ordersCounter("reservation-latency-max")).isEqualTo(250);
    }

    @Test
    void shouldCountTheDecisionOfAnOrderTakingTheSagaButNotTheDecisionOfAHold() {
        // given a hold that cannot be met
        OrderState hold = scoville.placeHold("h", 600, line("REAPER-100", 121));
        // when an order naming a hold that is gone is reserved by the saga
        Order taker = order("taker", Channel.WEB, line("GHOST-150", 1));
        taker.setReservationId("gone");
        OrderState state = scoville.place(taker);
        // then only the order counts
        assertThat(hold.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.ordersCounter("accepted-total")).isEqualTo(1);
        assertThat(scoville.ordersCounter("reserved-total")).isEqualTo(1);
        assertThat(scoville.ordersCounter("rejected-total")).isZero();
    }

    @Test
    void shouldCountAnExpiredOrderButNotAnExpiredHold() {
        // given an order and a hold of one minute
        scoville.place("o", line("GHOST-150", 1));
        scoville.placeHold("h", 60, line("GHOST-250", 1));
        // when the hold expires
        scoville.advance(Duration.ofSeconds(61));
        // then
        assertThat(scoville.order("h").getStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(scoville.ordersCounter("expired-total")).isZero();
        // when the order expires
        scoville.advance(ScovilleDriver.TTL);
        // then
        assertThat(scoville.order("o").getStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(scoville.ordersCounter("expired-total")).isEqualTo(1);
    }
}
