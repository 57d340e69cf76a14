package com.scoville.alerts;

import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;

import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.time.Instant;
import java.util.Locale;

/** How alerts are named and written: one record when raised, one with the same id when cleared. */
public final class Alerts {
    private Alerts() { }

    /** Stable for one occurrence: its kind, its SKU and the time it was raised. */
    public static String id(AlertKind kind, String sku, Instant raisedAt) {
        return kind + ":" + sku + ":" + raisedAt;
    }

    public static Alert raised(AlertKind kind, String sku, Instant at, String detail) {
        return Alert.newBuilder().setId(id(kind, sku, at)).setKind(kind).setSku(sku).setRaisedAt(at).setClearedAt(null)
                .setDetail(detail).build();
    }

    public static Alert cleared(AlertKind kind, String sku, Instant raisedAt, Instant at, String detail) {
        return Alert.newBuilder().setId(id(kind, sku, raisedAt)).setKind(kind).setSku(sku).setRaisedAt(raisedAt)
                .setClearedAt(at).setDetail(detail).build();
    }

    /** Publishes a raise or a clear, at its own time, and counts a raise. */
    static void forward(ProcessorContext<String, Alert> context, String sink, Alert alert, AlertMetrics metrics) {
        Instant at = alert.getClearedAt() != null ? alert.getClearedAt() : alert.getRaisedAt();
        if (alert.getClearedAt() == null) {
            metrics.raised(alert.getKind());
        }
        context.forward(new Record<>(alert.getId(), alert, at.toEpochMilli()), sink);
    }

    /** A number for a person: one decimal. */
    static String number(double value) {
        return String.format(Locale.ROOT, "%.1f", value);
    }
}
