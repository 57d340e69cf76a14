package com.scoville.bench;

import com.fasterxml.jackson.annotation.JsonAnyGetter;
import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON report of one run: figures, audit, machine and the per-second timeline, and the scenario's own fields beside them. */
record Report(String scenario, String runId, String startedAt, Map<String, Object> target, Map<String, Object> parameters,
              long sent, long accepted, long processed, double acceptedPerSecond, double processedPerSecond,
              Double acceptP50Ms, Double acceptP90Ms, Double acceptP99Ms, Double acceptMaxMs,
              Double finalP50Ms, Double finalP90Ms, Double finalP99Ms, Double finalMaxMs,
              Double sendToFinalP50Ms, Double sendToFinalP99Ms,
              long errors, Map<String, Long> errorsByKind, Map<String, Long> outcomes, Map<String, Object> extras,
              IntegrityAudit.Result audit, CpuMeter.Usage cpu,
              @JsonInclude(JsonInclude.Include.NON_NULL) Double brokerRecordsPerOrder,
              @JsonInclude(JsonInclude.Include.NON_NULL) BrokerRecords.Appended brokerRecords,
              @JsonInclude(JsonInclude.Include.NON_NULL) Versus versus,
              @JsonInclude(JsonInclude.Include.NON_NULL) Versus.Ratios ratios,
              Machine machine, Map<String, String> measures, List<String> notes, List<Progress.Second> timeline,
              @JsonAnyGetter Map<String, Object> scenarioFields) {

    /** {@code broker}: what the broker appended during the load, or null when it could not be read. */
    static Report of(RunContext ctx, Map<String, Object> parameters, OrderTracker.Totals t, List<Progress.Second> timeline,
                     IntegrityAudit.Result audit, CpuMeter.Usage cpu, BrokerRecords.Appended broker, boolean ordersDecided) {
        Map<String, String> measures = new LinkedHashMap<>();
        measures.put("accept", "request sent → HTTP 202/200 answer (partner, baseline: send → broker ack)");
        measures.put("final", "accept → first RESERVED/REJECTED record arriving on order-status (read_committed consumer in this JVM)");
        measures.put("sendToFinal", "request sent → its RESERVED/REJECTED known (not before the answer to the request): what a buyer waits for the outcome");
        measures.put("acceptedPerSecond", "accepted / (first send → last accept)");
        measures.put("processedPerSecond", "orders seen RESERVED or REJECTED / (first send → last final)");
        measures.put("cpu", "process CPU time from the start of the load until every accepted order is decided (or acknowledged), per unit;"
                + " ceilingPerSecond = cores × 1000 / msPerUnit, only for a flat-out embedded run that drained");
        measures.put("brokerRecordsPerOrder", "records the broker appended from the start of the load until every accepted order was decided"
                + " (end offsets of every partition of every topic, internal ones included, before and after: data records, transaction markers"
                + " and the coordinators' records), ÷ orders decided; a broker that others write to counts their records too");
        measures.put("versus", "the same load against the relational twin after this run, the embedded stack closed; its final* are request sent →"
                + " answer, which carries the final status; ratios = this run ÷ the twin: processed/s, and sendToFinalP99Ms ÷ the twin's finalP99Ms");
        Histogram a = t.accept();
        Histogram f = t.fin();
        return new Report(ctx.scenario, ctx.runId, ctx.startedAt.toString(), ctx.target.describe(), parameters,
                t.sent(), t.accepted(), t.processed(), rate(t.accepted(), t.sendToLastAcceptSeconds()),
                rate(t.processed(), t.sendToLastFinalSeconds()),
                OrderTracker.ms(a, 50), OrderTracker.ms(a, 90), OrderTracker.ms(a, 99), OrderTracker.ms(a, 100),
                OrderTracker.ms(f, 50), OrderTracker.ms(f, 90), OrderTracker.ms(f, 99), OrderTracker.ms(f, 100),
                OrderTracker.ms(t.sendToFinal(), 50), OrderTracker.ms(t.sendToFinal(), 99),
                t.errorCount(), t.errors(), t.outcomes(), Map.copyOf(ctx.extras), audit, cpu,
                broker == null || !ordersDecided || t.processed() == 0 ? null : Math.round(broker.records() * 100.0 / t.processed()) / 100.0,
                broker, null, null, Machine.current(ctx.loadAverageAtStart), measures, List.copyOf(ctx.notes), timeline,
                new LinkedHashMap<>(ctx.topLevel));
    }

    /** This report with the relational twin's run beside it, and the ratios of the two. */
    Report withVersus(Versus twin) {
        return new Report(scenario, runId, startedAt, target, parameters, sent, accepted, processed, acceptedPerSecond, processedPerSecond,
                acceptP50Ms, acceptP90Ms, acceptP99Ms, acceptMaxMs, finalP50Ms, finalP90Ms, finalP99Ms, finalMaxMs,
                sendToFinalP50Ms, sendToFinalP99Ms, errors, errorsByKind, outcomes, extras, audit, cpu, brokerRecordsPerOrder, brokerRecords,
                twin, Versus.Ratios.of(this, twin), machine, measures, notes, timeline, scenarioFields);
    }

    /** This report with one more note. */
    Report withNote(String note) {
        List<String> more = new java.util.ArrayList<>(notes);
        more.add(note);
        return new Report(scenario, runId, startedAt, target, parameters, sent, accepted, processed, acceptedPerSecond, processedPerSecond,
                acceptP50Ms, acceptP90Ms, acceptP99Ms, acceptMaxMs, finalP50Ms, finalP90Ms, finalP99Ms, finalMaxMs,
                sendToFinalP50Ms, sendToFinalP99Ms, errors, errorsByKind, outcomes, extras, audit, cpu, brokerRecordsPerOrder, brokerRecords,
                versus, ratios, machine, measures, List.copyOf(more), timeline, scenarioFields);
    }

    /** Exit code 0 needs every audit of the run to pass: Scoville's, and the twin's when there is one. */
    boolean auditsPassed() {
        return audit.ok() && (versus == null || versus.audit().ok());
    }

    static double rate(long count, double seconds) {
        return seconds <= 0 ? 0 : Math.round(count / seconds * 10) / 10.0;
    }

    void write(Path file) throws IOException {
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        Api.JSON.copy().enable(SerializationFeature.INDENT_OUTPUT).writeValue(file.toFile(), this);
    }

    void print(PrintStream out, Path json, Path png) {
        out.printf("%n== %s (run %s): %d sent, %d accepted, %d processed, %d errors %s%n", scenario, runId, sent, accepted,
                processed, errors, errors == 0 ? "" : errorsByKind);
        out.printf("   throughput  accepted %.1f/s  processed %.1f/s%n", acceptedPerSecond, processedPerSecond);
        out.printf("   accept      p50 %s  p90 %s  p99 %s  max %s%n", ms(acceptP50Ms), ms(acceptP90Ms), ms(acceptP99Ms), ms(acceptMaxMs));
        out.printf("   final       p50 %s  p90 %s  p99 %s  max %s%n", ms(finalP50Ms), ms(finalP90Ms), ms(finalP99Ms), ms(finalMaxMs));
        out.printf("   send→final  p50 %s  p99 %s%n", ms(sendToFinalP50Ms), ms(sendToFinalP99Ms));
        out.println("   cpu         " + cpuLine(cpu));
        if (brokerRecords != null) {
            out.printf("   broker      %d records appended%s: %s%n", brokerRecords.records(),
                    brokerRecordsPerOrder == null ? "" : String.format(", %.2f per order decided", brokerRecordsPerOrder), top(brokerRecords.byTopic(), 6));
        }
        if (!outcomes.isEmpty()) {
            out.println("   outcomes    " + outcomes);
        }
        if (!extras.isEmpty()) {
            out.println("   details     " + extras);
        }
        out.printf("   audit       %s: lost %d, stuck %d, duplicated %d, lost moves %d, moves refused (409) but applied %d, overdue reservations %d, oversold %s, stock not as the orders hold %s, revenue mismatch %d cents (%s)%n",
                audit.ok() ? "OK" : "FAILED", audit.lostOrders(), audit.stuckOrders(), audit.duplicatedOrders(), audit.lostMoves(),
                audit.movesRefusedButApplied(),
                audit.overdueReservations(), audit.oversoldSkus(), audit.stockMismatchSkus(), audit.revenueMismatchCents(),
                audit.analyticsChecked() ? "analytics checked" : "analytics not checked: " + audit.analyticsNote());
        audit.problems().forEach(p -> out.println("     - " + p));
        notes.forEach(n -> out.println("   note        " + n));
        if (versus != null) {
            printVersus(out);
        }
        out.println("   report      " + json.toAbsolutePath());
        out.println("   chart       " + png.toAbsolutePath());
    }

    private void printVersus(PrintStream out) {
        Versus v = versus;
        out.printf("%n== %s: Scoville against the relational twin (%s %s, pool %d; %s)%n", scenario, v.engine(),
                v.settings().getOrDefault("server_version", ""), v.poolSize(), "fsync " + v.settings().get("fsync")
                        + ", synchronous_commit " + v.settings().get("synchronous_commit"));
        String row = "   %-22s %16s %16s %10s%n";
        out.printf(row, "", "Scoville", v.engine(), "ratio");
        out.printf(row, "accepted", count(accepted), count(v.accepted()), "");
        out.printf(row, "accepted/s", one(acceptedPerSecond), one(v.acceptedPerSecond()), "");
        out.printf(row, "processed/s", one(processedPerSecond), one(v.processedPerSecond()), ratio(ratios.processed()));
        out.printf(row, "send → final p50", ms(sendToFinalP50Ms), ms(v.finalP50Ms()), "");
        out.printf(row, "send → final p99", ms(sendToFinalP99Ms), ms(v.finalP99Ms()), ratio(ratios.finalP99Ms()));
        out.printf(row, "CPU ms per order", cpu.msPerUnit() == null ? "-" : String.format("%.3f", cpu.msPerUnit()),
                v.cpu().msPerUnit() == null ? "-" : String.format("%.3f", v.cpu().msPerUnit()), "");
        out.printf(row, "RESERVED", count(outcomes.getOrDefault("RESERVED", 0L)), count(v.outcomes().getOrDefault("RESERVED", 0L)), "");
        out.printf(row, "REJECTED", count(outcomes.getOrDefault("REJECTED", 0L)), count(v.outcomes().getOrDefault("REJECTED", 0L)), "");
        out.printf(row, "errors", count(errors), count(v.errors()), "");
        out.printf(row, "audit", audit.ok() ? "OK" : "FAILED", v.audit().ok() ? "OK" : "FAILED", "");
        out.println("   twin cpu    " + cpuLine(v.cpu()));
        out.printf("   twin audit  %s: lost %d, answered otherwise %d, oversold %s, %d orders in the table (%s)%n", v.audit().ok() ? "OK" : "FAILED",
                v.audit().lostOrders(), v.audit().answeredOtherwise(), v.audit().oversoldSkus(), v.audit().ordersInDatabase(), v.audit().byStatus());
        v.audit().problems().forEach(p -> out.println("     - " + p));
        v.notes().forEach(n -> out.println("   twin note   " + n));
    }

    private static String top(Map<String, Long> byTopic, int n) {
        return byTopic.entrySet().stream().limit(n).map(e -> e.getKey() + " " + e.getValue()).toList()
                + (byTopic.size() > n ? " and " + (byTopic.size() - n) + " more topics" : "");
    }

    private static String count(long v) {
        return Long.toString(v);
    }

    private static String one(double v) {
        return String.format("%.1f", v);
    }

    private static String ratio(Double v) {
        return v == null ? "-" : String.format("%.2f×", v);
    }

    private String cpuLine(CpuMeter.Usage cpu) {
        String busy = String.format("%.1f s in %.1f s (%.2f cores busy)", cpu.cpuSeconds(), cpu.wallSeconds(), cpu.coresBusy());
        if (cpu.msPerUnit() == null) {
            return busy;
        }
        String perUnit = String.format(", %.3f ms per %s", cpu.msPerUnit(), cpu.unit());
        String ceiling = cpu.ceilingPerSecond() == null ? " (no ceiling: service elsewhere, or a paced load)"
                : String.format(": at most %.0f/s on %d cores", cpu.ceilingPerSecond(), machine.cores());
        return busy + perUnit + ceiling;
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format("%.1f ms", v);
    }
}
