package com.scoville.analytics;

import com.scoville.ScovilleDriver;
import com.scoville.avro.Channel;
import com.scoville.avro.CustomerProfile;
import com.scoville.avro.Feedback;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderLine;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

import static com.scoville.ScovilleDriver.line;
import static org.assertj.core.api.Assertions.assertThat;

/** Customers' profiles built by the topology from what they pay and rate, and the segments they score into. */
class CustomerSegmentsTopologyTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private int orders;

    @AfterEach
    void close() {
        scoville.close();
    }

    private void buy(String customerId, OrderLine... lines) {
        String orderId = customerId + "-" + (++orders);
        scoville.place(Order.newBuilder().setOrderId(orderId).setCustomerId(customerId).setChannel(Channel.WEB)
                .setLines(List.of(lines)).setCreatedAt(scoville.now()).build());
        scoville.command(orderId, OrderCommandType.PAY);
    }

    private void rate(String customerId, String sku, int taste, String commandId) {
        scoville.rate(Feedback.newBuilder().setCustomerId(customerId).setSku(sku).setTaste(taste).setHeat(5)
                .setAt(scoville.now()).setCommandId(commandId).setRequestHash("h-" + commandId).build());
    }

    private CustomerProfile profile(String customerId) {
        KeyValueStore<String, CustomerProfile> store = scoville.driver.getKeyValueStore(CustomerProfiler.STORE);
        return store.get(customerId);
    }

    private CustomerSegment segmentAt(String customerId, Instant now) {
        return CustomerSegments.segment(CustomerSegments.score(profile(customerId), now));
    }

    @Test
    void shouldPlaceSyntheticCustomersInTheSegmentsTheirOrdersEarn() {
        // given a customer with five $51.96 orders a day apart, and one with a single small order
        for (int day = 0; day < 5; day++) {
            buy("big", line("GHOST-150", 4));
            scoville.advance(Duration.ofDays(1));
        }
        buy("first", line("VERDE-250", 1));
        Instant now = scoville.now();
        // then the first is a champion now, at risk after 100 quiet days, lost after 200
        assertThat(CustomerSegments.score(profile("big"), now)).isEqualTo(new CustomerSegments.Rfm(5, 4, 4));
        assertThat(segmentAt("big", now)).isEqualTo(CustomerSegment.CHAMPIONS);
        assertThat(segmentAt("big", now.plus(Duration.ofDays(100)))).isEqualTo(CustomerSegment.AT_RISK);
        assertThat(segmentAt("big", now.plus(Duration.ofDays(200)))).isEqualTo(CustomerSegment.LOST);
        // and the second is new now, promising after 40 days, hibernating after 100
        assertThat(segmentAt("first", now)).isEqualTo(CustomerSegment.NEW);
        assertThat(segmentAt("first", now.plus(Duration.ofDays(40)))).isEqualTo(CustomerSegment.PROMISING);
        assertThat(segmentAt("first", now.plus(Duration.ofDays(100)))).isEqualTo(CustomerSegment.HIBERNATING);
        // and the profile keeps what the recent windows took
        assertThat(CustomerSegments.revenueIn(profile("big"), AnalyticsWindow.DAY, now)).isZero(); // the last order was a day ago
        assertThat(CustomerSegments.revenueIn(profile("big"), AnalyticsWindow.DAY, now.minus(Duration.ofDays(1)))).isEqualTo(4 * 1299);
        assertThat(CustomerSegments.revenueIn(profile("first"), AnalyticsWindow.DAY, now)).isEqualTo(899);
        assertThat(profile("first").getMinute().getWindowStart()).isEqualTo(AnalyticsWindow.MINUTE.startOf(now));
    }

    @Test
    void shouldTakeARefundBackFromTheProfile() {
        buy("undecided", line("HABANERO-150", 2));
        buy("undecided", line("HABANERO-150", 1));
        scoville.command("undecided-2", OrderCommandType.CANCEL);
        CustomerProfile p = profile("undecided");
        assertThat(p.getPaidOrders()).isEqualTo(1);
        assertThat(p.getRevenueCents()).isEqualTo(2 * 999);
        assertThat(p.getUnits()).isEqualTo(2);
        assertThat(p.getHeatUnitSum()).isEqualTo(2 * 6);
        assertThat(p.getDay().getRevenueCents()).isEqualTo(2 * 999);
    }

    @Test
    void shouldDeriveHeatPreferenceFromWhatACustomerBuysAndLikes() {
        // given one customer who buys reapers (heat 10) and likes a scorpion (9), rating it twice with one command id
        buy("fire", line("REAPER-100", 2));
        rate("fire", "SCORPION-100", 5, "cmd-1");
        rate("fire", "SCORPION-100", 5, "cmd-1");
        // and one who buys salsa verde (1) and a jalapeño (3), and dislikes a ghost pepper (8)
        buy("gentle", line("VERDE-250", 2), line("JALAPENO-150", 1));
        rate("gentle", "GHOST-150", 1, "cmd-2");
        // then the retried rating counts once, and only a liked sauce pulls the preference
        assertThat(profile("fire").getRatings()).isEqualTo(1);
        assertThat(CustomerSegments.heatLevel(profile("fire"))).isEqualTo((2 * 10 + 2 * 9) / 4.0);
        assertThat(CustomerSegments.heat(profile("fire"))).isEqualTo(HeatPreference.EXTREME);
        assertThat(CustomerSegments.heat(profile("gentle"))).isEqualTo(HeatPreference.MILD);
        assertThat(profile("gentle").getFeltHeatSum()).isEqualTo(5);
    }

    @Test
    void shouldKnowNothingOfACustomerWhoOnlyRated() {
        rate("browser", "GHOST-150", 4, "cmd-3");
        assertThat(CustomerSegments.score(profile("browser"), scoville.now())).isNull();
        assertThat(CustomerSegments.heat(profile("browser"))).isEqualTo(HeatPreference.HOT);
    }
}
