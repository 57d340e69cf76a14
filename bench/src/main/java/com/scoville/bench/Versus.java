package com.scoville.bench;

import com.scoville.bench.twin.TwinAudit;
import org.HdrHistogram.Histogram;

import java.util.List;
import java.util.Map;

/**
 * The relational twin's run, as the report shows it beside Scoville's. The twin answers each order with its final
 * status, so its final latencies run from the request sent to that answer: compare them with Scoville's
 * {@code sendToFinal*}, not with its accept → final.
 */
record Versus(String engine, String design, Map<String, String> settings, int poolSize,
              long sent, long accepted, long processed, double acceptedPerSecond, double processedPerSecond,
              Double finalP50Ms, Double finalP90Ms, Double finalP99Ms, Double finalMaxMs,
              long errors, Map<String, Long> errorsByKind, Map<String, Long> outcomes, Map<String, Object> extras,
              CpuMeter.Usage cpu, TwinAudit.Result audit, List<String> notes) {

    static final String DESIGN = "READ COMMITTED; per stocked SKU in SKU order UPDATE stock SET reserved = reserved + q"
            + " WHERE sku = ? AND on_hand - reserved >= q; INSERT the order and its lines; COMMIT with synchronous_commit and fsync on;"
            + " a short line rolls back and the order is written REJECTED";

    static Versus of(String engine, Map<String, String> settings, int poolSize, OrderTracker.Totals t,
                     Map<String, Object> extras, CpuMeter.Usage cpu, TwinAudit.Result audit, List<String> notes) {
        Histogram f = t.sendToFinal();
        return new Versus(engine, DESIGN, settings, poolSize, t.sent(), t.accepted(), t.processed(),
                Report.rate(t.accepted(), t.sendToLastAcceptSeconds()), Report.rate(t.processed(), t.sendToLastFinalSeconds()),
                OrderTracker.ms(f, 50), OrderTracker.ms(f, 90), OrderTracker.ms(f, 99), OrderTracker.ms(f, 100),
                t.errorCount(), t.errors(), t.outcomes(), Map.copyOf(extras), cpu, audit, List.copyOf(notes));
    }

    /** Scoville ÷ the twin: processed per second, and the p99 of request sent → final known. */
    record Ratios(Double processed, Double finalP99Ms) {
        static Ratios of(Report scoville, Versus twin) {
            return new Ratios(ratio(scoville.processedPerSecond(), twin.processedPerSecond()),
                    scoville.sendToFinalP99Ms() == null ? null : ratio(scoville.sendToFinalP99Ms(), twin.finalP99Ms()));
        }

        static Double ratio(double a, Double b) {
            return b == null || b <= 0 ? null : Math.round(a / b * 1000) / 1000.0;
        }
    }
}
