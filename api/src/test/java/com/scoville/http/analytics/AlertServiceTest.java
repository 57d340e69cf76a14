package com.scoville.http.analytics;

import com.scoville.alerts.Alerts;
import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.http.ApiException;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Which alerts a question answers: those open at some time in its range, newest first. */
class AlertServiceTest {
    private static final Instant NOW = Instant.parse("2026-11-25T12:00:00Z");
    private static final Alert OLD_CLEARED = Alerts.cleared(AlertKind.SALES_DROP, "A", NOW.minusSeconds(3 * 86_400),
            NOW.minusSeconds(2 * 86_400), "back");
    private static final Alert OLD_OPEN = Alerts.raised(AlertKind.STOCK_DRIFT, "B", NOW.minusSeconds(5 * 86_400), "drift");
    private static final Alert RECENT_CLEARED = Alerts.cleared(AlertKind.SALES_SPIKE, "C", NOW.minusSeconds(3_600),
            NOW.minusSeconds(600), "back");
    private static final Alert RECENT_OPEN = Alerts.raised(AlertKind.SELLING_OUT, "D", NOW.minusSeconds(60), "out soon");

    private final AlertService service = new AlertService(() -> List.of(OLD_CLEARED, OLD_OPEN, RECENT_CLEARED, RECENT_OPEN),
            Clock.fixed(NOW, ZoneOffset.UTC));

    @Test
    void shouldAnswerTheAlertsOpenInTheLastDayNewestFirst() {
        assertThat(service.alerts(null, null, null)).extracting(AlertService.AlertView::sku).containsExactly("D", "C", "B");
    }

    @Test
    void shouldAnswerOnlyTheOpenOrOnlyTheClearedOnes() {
        assertThat(service.alerts(null, null, true)).extracting(AlertService.AlertView::sku).containsExactly("D", "B");
        assertThat(service.alerts(NOW.minusSeconds(10 * 86_400), null, false)).extracting(AlertService.AlertView::sku)
                .containsExactly("C", "A");
    }

    @Test
    void shouldLeaveOutAlertsClearedBeforeOrRaisedAfterTheRange() {
        Instant from = NOW.minusSeconds(2 * 86_400 + 1);
        Instant to = NOW.minusSeconds(4_000);
        assertThat(service.alerts(from, to, null)).extracting(AlertService.AlertView::sku).containsExactly("A", "B");
    }

    @Test
    void shouldRefuseABackwardOrTooLongRange() {
        assertThatThrownBy(() -> service.alerts(NOW, NOW.minusSeconds(1), null)).isInstanceOf(ApiException.class)
                .hasMessageContaining("from must be before to");
        assertThatThrownBy(() -> service.alerts(NOW.minusSeconds(401L * 86_400), NOW, null)).isInstanceOf(ApiException.class);
    }
}
