package com.scoville.alerts;

import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.avro.SalesRate;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

/** The sales-rate arithmetic alone, minute by minute: hysteresis and the first minutes of a SKU. */
class SalesRatesTest {
    private static final long T0 = 1_764_072_000_000L;
    private final AlertSettings settings = AlertSettings.defaults();
    private final SalesRates rates = new SalesRates(settings);
    private final SalesRate state = rates.first("GHOST-150", T0);
    private int minute;

    @Test
    void shouldKeepASpikeOpenWhileTheRateStaysBetweenTheClearingAndTheRaisingLimit() {
        // given an hour at 10 a minute, then 20 a minute until a spike is raised
        List<Alert> changes = minutes(60, 10);
        assertThat(changes).isEmpty();
        changes = minutes(3, 20);
        assertThat(changes).extracting(Alert::getKind).containsExactly(AlertKind.SALES_SPIKE);

        // when the rate settles at 14 a minute: inside the band between the limits
        List<Alert> inBand = new ArrayList<>();
        List<Double> zs = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            inBand.addAll(minutes(1, 14));
            zs.add(rates.z(state, state.getRate()));
        }

        // then the alert neither clears nor is raised again, though z moved inside the band
        assertThat(zs.subList(10, 20)).allSatisfy(z -> assertThat(z).isBetween(settings.zClear(), settings.zRaise()));
        assertThat(inBand).isEmpty();
        assertThat(state.getOpenKind()).isEqualTo("SALES_SPIKE");

        // and back at 10 a minute it clears, once
        List<Alert> back = minutes(30, 10);
        assertThat(back).hasSize(1);
        assertThat(back.get(0).getClearedAt()).isNotNull();
        assertThat(back.get(0).getId()).isEqualTo(changes.get(0).getId());
    }

    @Test
    void shouldAverageTheFirstMinutesOfANewSkuInsteadOfStartingFromZero() {
        // when a new SKU sells 4, 8 and 6 units in its first three minutes
        minutes(1, 4);
        minutes(1, 8);
        minutes(1, 6);
        rates.advance(state, T0 + minute * SalesRates.BUCKET_MS);

        // then its baseline and its rate are their plain average, and its variance theirs
        assertThat(state.getBaselineMean()).isCloseTo(6.0, within(1e-9));
        assertThat(state.getRate()).isCloseTo(6.0, within(1e-9));
        assertThat(state.getBaselineVariance()).isCloseTo((4 + 4 + 0) / 3.0, within(1e-9));
    }

    /** {@code count} minutes of {@code units} each, in one payment at the start of the minute. */
    private List<Alert> minutes(int count, int units) {
        List<Alert> changes = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            changes.addAll(rates.sold(state, T0 + minute * SalesRates.BUCKET_MS, units));
            minute++;
        }
        return changes;
    }
}
