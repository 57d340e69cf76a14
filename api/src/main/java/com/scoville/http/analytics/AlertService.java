package com.scoville.http.analytics;

import com.scoville.Violation;
import com.scoville.alerts.AlertLedger;
import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.http.ApiException;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.errors.InvalidStateStoreException;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Supplier;

/**
 * The alerts the topology raised, from the global store 'alert-ledger' (every instance holds all of them, so no
 * question goes to another instance). An alert is in a range when it was open at some time in it: raised before
 * {@code to}, and not cleared before {@code from}.
 */
public final class AlertService {
    /** The newest this many are answered: alerts are rare, a longer list is for a person to narrow. */
    public static final int MAX_ALERTS = 500;
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);
    private static final Duration MAX_RANGE = Duration.ofDays(400);

    private final Supplier<List<Alert>> ledger;
    private final Clock clock;

    public AlertService(Supplier<List<Alert>> ledger, Clock clock) {
        this.ledger = ledger;
        this.clock = clock;
    }

    /** Reads this instance's copy of the ledger; 503 while Streams is not ready to hand it out. */
    public static AlertService of(KafkaStreams streams, Clock clock) {
        return new AlertService(() -> {
            List<Alert> all = new ArrayList<>();
            try {
                ReadOnlyKeyValueStore<String, Alert> store = streams.store(
                        StoreQueryParameters.fromNameAndType(AlertLedger.STORE, QueryableStoreTypes.keyValueStore()));
                try (KeyValueIterator<String, Alert> it = store.all()) {
                    it.forEachRemaining(kv -> all.add(kv.value));
                }
            } catch (InvalidStateStoreException | IllegalStateException e) {
                throw ApiException.unavailable("The alerts are not loaded yet", Duration.ofSeconds(1));
            }
            return all;
        }, clock);
    }

    /** One alert as the API shows it. */
    public record AlertView(String id, AlertKind kind, String sku, Instant raisedAt, Instant clearedAt, String detail) {
        static AlertView of(Alert alert) {
            return new AlertView(alert.getId(), alert.getKind(), alert.getSku(), alert.getRaisedAt(), alert.getClearedAt(),
                    alert.getDetail());
        }
    }

    /**
     * The alerts open at some time in [from, to) (the last 24 hours by default), only the open or only the cleared
     * ones when {@code open} is given, newest first, at most {@value #MAX_ALERTS}.
     */
    public List<AlertView> alerts(Instant from, Instant to, Boolean open) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from must be before to", List.of(new Violation("from", "must be before to")));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE) > 0) {
            throw ApiException.badRequest("An alerts question spans at most " + MAX_RANGE,
                    List.of(new Violation("to", "at most " + MAX_RANGE + " after from")));
        }
        return ledger.get().stream()
                .filter(a -> a.getKind() != AlertKind.UNKNOWN)
                .filter(a -> a.getRaisedAt().isBefore(end) && (a.getClearedAt() == null || !a.getClearedAt().isBefore(start)))
                .filter(a -> open == null || open == (a.getClearedAt() == null))
                .sorted(Comparator.comparing(Alert::getRaisedAt).reversed().thenComparing(Alert::getId))
                .limit(MAX_ALERTS)
                .map(AlertView::of)
                .toList();
    }
}
