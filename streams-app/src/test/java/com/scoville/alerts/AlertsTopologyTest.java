package com.scoville.alerts;

import com.scoville.ScovilleDriver;
import com.scoville.ScovilleTopology;
import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.avro.Channel;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.SaleLine;
import com.scoville.avro.StockLevel;
import com.scoville.inventory.StockBook;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Random;

import static com.scoville.ScovilleDriver.line;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * The alerts of the production topology on synthetic series: sales per minute piped to 'sales' while the driver's
 * wall clock moves only where time must pass without sales, orders placed against the demo stock, and a stock book corrupted
 * on purpose. Default settings: minutes judged after a 30-minute warm-up, |z| 4 raises, 2 clears; selling out within
 * 30 minutes; a look every minute.
 */
class AlertsTopologyTest {
    private static final String SKU = "GHOST-150";
    private static final int PAYMENTS_PER_MINUTE = 5;

    private final ScovilleDriver scoville = new ScovilleDriver(topics -> ScovilleTopology.build(
            ScovilleDriver.SETTINGS.withAlerts(AlertSettings.defaults()), topics));
    private final TestInputTopic<String, SaleEvent> sales = scoville.driver.createInputTopic(scoville.topics.sales.name(),
            scoville.topics.sales.keySerde().serializer(), scoville.topics.sales.valueSerde().serializer());
    private final TestOutputTopic<String, Alert> alerts = scoville.output(scoville.topics.alerts);
    private int orders;
    /** The minute the synthetic sales are at: payments carry their own times, so series need not move the wall clock. */
    private Instant salesClock = ScovilleDriver.START;

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldRaiseASpikeOnceAndClearItOnceWhenTheRateReturns() {
        // given an hour at 5 units a minute
        minutes(60, 5);
        assertThat(alerts.readValuesToList()).isEmpty();

        // when it sells ten times that for five minutes, then 5 a minute again
        Instant spikeStart = salesClock;
        minutes(5, 50);
        List<Alert> duringSpike = alerts.readValuesToList();
        minutes(30, 5);
        List<Alert> after = alerts.readValuesToList();

        // then one SALES_SPIKE is raised in the spike's first minute, and cleared once, under the same id
        assertThat(duringSpike).hasSize(1);
        Alert raised = duringSpike.get(0);
        assertThat(raised.getKind()).isEqualTo(AlertKind.SALES_SPIKE);
        assertThat(raised.getSku()).isEqualTo(SKU);
        assertThat(raised.getClearedAt()).isNull();
        assertThat(raised.getRaisedAt()).isBetween(spikeStart, spikeStart.plus(Duration.ofMinutes(1)));
        assertThat(after).hasSize(1);
        Alert cleared = after.get(0);
        assertThat(cleared.getId()).isEqualTo(raised.getId());
        assertThat(cleared.getKind()).isEqualTo(AlertKind.SALES_SPIKE);
        assertThat(cleared.getClearedAt()).isAfter(spikeStart.plus(Duration.ofMinutes(5)));
        assertThat(raisedCounter(AlertKind.SALES_SPIKE)).isEqualTo(1.0);
        assertThat(ledger(raised.getId())).isEqualTo(cleared);
    }

    @Test
    void shouldRaiseADropWhenASauceStopsSelling() {
        // given an hour at 10 units a minute
        minutes(60, 10);

        // when nothing more is sold for ten minutes: only the wall clock moves on
        Instant lastSale = salesClock;
        for (int i = 0; i < 10; i++) {
            scoville.advance(Duration.ofMinutes(1));
        }

        // then one SALES_DROP is raised, a few minutes after the last sale
        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).getKind()).isEqualTo(AlertKind.SALES_DROP);
        assertThat(raised.get(0).getClearedAt()).isNull();
        assertThat(raised.get(0).getRaisedAt()).isBetween(lastSale.plus(Duration.ofMinutes(2)), lastSale.plus(Duration.ofMinutes(6)));
        assertThat(raisedCounter(AlertKind.SALES_DROP)).isEqualTo(1.0);

        // and when it sells as before again, the drop is cleared once
        salesClock = lastSale.plus(Duration.ofMinutes(10));
        minutes(20, 10);
        List<Alert> cleared = alerts.readValuesToList();
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).getId()).isEqualTo(raised.get(0).getId());
        assertThat(cleared.get(0).getClearedAt()).isNotNull();
    }

    @Test
    void shouldStayQuietOnNoiseWithinTheBand() {
        // given two hours of 6 to 14 units a minute (mean 10), and a quiet sauce selling 0 to 2
        Random random = new Random(42);
        for (int i = 0; i < 120; i++) {
            sell(SKU, 6 + random.nextInt(9));
            sell("REAPER-100", random.nextInt(3));
            salesClock = salesClock.plus(Duration.ofMinutes(1));
        }

        // then nothing is raised
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    @Test
    void shouldNotAlertOnANewSauce() {
        // given a sauce never sold before: its first sale, then a burst, then silence
        minutes(1, 5);
        minutes(3, 40);
        for (int i = 0; i < 6; i++) {
            scoville.advance(Duration.ofMinutes(10));
        }

        // then nothing is raised: the first half hour has no baseline, and after it the sauce sells too seldom to judge
        assertThat(alerts.readValuesToList()).isEmpty();
    }

    @Test
    void shouldRaiseSellingOutBeforeTheStockIsOut() {
        // given the demo stock (240 units of GHOST-150), looked at once
        scoville.withDemoCatalog();
        scoville.advance(Duration.ofMinutes(1));

        // when 8 units are bought and paid every minute
        Alert raised = null;
        int left = 240;
        while (left > 0 && raised == null) {
            buy(SKU, 8);
            left -= 8;
            scoville.advance(Duration.ofMinutes(1));
            List<Alert> seen = alerts.readValuesToList();
            if (!seen.isEmpty()) {
                assertThat(seen).hasSize(1);
                raised = seen.get(0);
            }
        }

        // then SELLING_OUT is raised while there is stock, with 30 minutes or less left at that rate
        assertThat(raised).isNotNull();
        assertThat(raised.getKind()).isEqualTo(AlertKind.SELLING_OUT);
        assertThat(raised.getSku()).isEqualTo(SKU);
        int available = scoville.stock(SKU).getOnHand() - scoville.stock(SKU).getReserved();
        assertThat(available).isPositive().isLessThanOrEqualTo(30 * 8);
        assertThat(raised.getDetail()).startsWith(available + " units available");

        // and it stays raised while the stock runs down, then clears once after a restock
        for (int i = 0; i < 5; i++) {
            buy(SKU, 8);
            scoville.advance(Duration.ofMinutes(1));
        }
        assertThat(alerts.readValuesToList()).isEmpty();
        scoville.restock(SKU, 10_000);
        scoville.advance(Duration.ofMinutes(1));
        List<Alert> cleared = alerts.readValuesToList();
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).getId()).isEqualTo(raised.getId());
        assertThat(cleared.get(0).getClearedAt()).isNotNull();
        assertThat(raisedCounter(AlertKind.SELLING_OUT)).isEqualTo(1.0);
    }

    @Test
    void shouldRaiseStockDriftWhenReservedDiffersFromTheOpenReservations() {
        // given the demo stock with two open reservations of a SKU, looked at once: no drift
        scoville.withDemoCatalog();
        assertThat(scoville.place("o1", line(SKU, 2)).getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.place("o2", line(SKU, 3)).getStatus()).isEqualTo(OrderStatus.RESERVED);
        scoville.advance(Duration.ofMinutes(1));
        assertThat(alerts.readValuesToList()).isEmpty();

        // when the level's reserved units drift from what the owners hold (a bug, injected into the store)
        KeyValueStore<String, StockLevel> levels = scoville.driver.getKeyValueStore(StockBook.LEVELS_STORE);
        StockLevel level = levels.get(SKU);
        levels.put(SKU, StockLevel.newBuilder(level).setReserved(level.getReserved() + 4).build());
        scoville.advance(Duration.ofMinutes(1));
        scoville.advance(Duration.ofMinutes(1));

        // then STOCK_DRIFT is raised once, saying both numbers
        List<Alert> raised = alerts.readValuesToList();
        assertThat(raised).hasSize(1);
        assertThat(raised.get(0).getKind()).isEqualTo(AlertKind.STOCK_DRIFT);
        assertThat(raised.get(0).getDetail()).isEqualTo("reserved 9, open reservations hold 5");

        // and when the level agrees again, it is cleared once
        levels.put(SKU, level);
        scoville.advance(Duration.ofMinutes(1));
        scoville.advance(Duration.ofMinutes(1));
        List<Alert> cleared = alerts.readValuesToList();
        assertThat(cleared).hasSize(1);
        assertThat(cleared.get(0).getId()).isEqualTo(raised.get(0).getId());
        assertThat(cleared.get(0).getClearedAt()).isNotNull();
        assertThat(raisedCounter(AlertKind.STOCK_DRIFT)).isEqualTo(1.0);
    }

    /** {@code count} minutes in which {@link #SKU} sells {@code units}, spread over the minute. */
    private void minutes(int count, int units) {
        for (int i = 0; i < count; i++) {
            sell(SKU, units);
            salesClock = salesClock.plus(Duration.ofMinutes(1));
        }
    }

    /** {@code units} sold within the minute of the sales clock, in up to {@value #PAYMENTS_PER_MINUTE} payments. */
    private void sell(String sku, int units) {
        int payments = Math.min(units, PAYMENTS_PER_MINUTE);
        for (int p = 0; p < payments; p++) {
            int paid = units / payments + (p < units % payments ? 1 : 0);
            Instant at = salesClock.plusMillis(p * (59_000L / payments));
            String orderId = "o-" + (++orders);
            SaleEvent sale = SaleEvent.newBuilder().setOrderId(orderId).setCustomerId("c-" + orders).setChannel(Channel.WEB)
                    .setKind(SaleKind.PAYMENT).setLines(List.of(SaleLine.newBuilder().setSku(sku).setHeatLevel(8).setUnits(paid)
                            .setRevenueCents(1299L * paid).build())).setTotalCents(1299L * paid).setAt(at).build();
            sales.pipeInput(orderId, sale, at);
        }
    }

    private void buy(String sku, int units) {
        String orderId = "buy-" + (++orders);
        assertThat(scoville.place(orderId, line(sku, units)).getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.command(orderId, OrderCommandType.PAY).getStatus()).isEqualTo(OrderStatus.PAID);
    }

    private double raisedCounter(AlertKind kind) {
        return scoville.driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals(AlertMetrics.GROUP) && e.getKey().name().equals(AlertMetrics.RAISED)
                        && kind.name().equals(e.getKey().tags().get("kind")))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    private Alert ledger(String id) {
        KeyValueStore<String, Alert> store = scoville.driver.getKeyValueStore(AlertLedger.STORE);
        return store.get(id);
    }
}
