package com.scoville.bench;

import com.fasterxml.jackson.databind.SerializationFeature;
import org.HdrHistogram.Histogram;

import java.io.IOException;
import java.io.PrintStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The JSON report of one run: figures, audit, machine and the per-second timeline. */
record Report(String scenario, String runId, String startedAt, Map<String, Object> target, Map<String, Object> parameters,
              long sent, long accepted, long processed, double acceptedPerSecond, double processedPerSecond,
              Double acceptP50Ms, Double acceptP90Ms, Double acceptP99Ms, Double acceptMaxMs,
              Double finalP50Ms, Double finalP90Ms, Double finalP99Ms, Double finalMaxMs,
              long errors, Map<String, Long> errorsByKind, Map<String, Long> outcomes, Map<String, Object> extras,
              IntegrityAudit.Result audit, CpuMeter.Usage cpu, Machine machine, Map<String, String> measures, List<String> notes,
              List<Progress.Second> timeline) {

    static Report of(RunContext ctx, Map<String, Object> parameters, OrderTracker.Totals t, List<Progress.Second> timeline,
                     IntegrityAudit.Result audit, CpuMeter.Usage cpu) {
        Map<String, String> measures = new LinkedHashMap<>();
        measures.put("accept", "request sent → HTTP 202/200 answer (partner, baseline: send → broker ack)");
        measures.put("final", "accept → first RESERVED/REJECTED record arriving on order-status (read_committed consumer in this JVM)");
        measures.put("acceptedPerSecond", "accepted / (first send → last accept)");
        measures.put("processedPerSecond", "orders seen RESERVED or REJECTED / (first send → last final)");
        measures.put("cpu", "process CPU time from the start of the load until every accepted order is decided (or acknowledged), per unit;"
                + " ceilingPerSecond = cores × 1000 / msPerUnit, only for a flat-out embedded run that drained");
        Histogram a = t.accept();
        Histogram f = t.fin();
        return new Report(ctx.scenario, ctx.runId, ctx.startedAt.toString(), ctx.target.describe(), parameters,
                t.sent(), t.accepted(), t.processed(), rate(t.accepted(), t.sendToLastAcceptSeconds()),
                rate(t.processed(), t.sendToLastFinalSeconds()),
                OrderTracker.ms(a, 50), OrderTracker.ms(a, 90), OrderTracker.ms(a, 99), OrderTracker.ms(a, 100),
                OrderTracker.ms(f, 50), OrderTracker.ms(f, 90), OrderTracker.ms(f, 99), OrderTracker.ms(f, 100),
                t.errorCount(), t.errors(), t.outcomes(), Map.copyOf(ctx.extras), audit, cpu, Machine.current(ctx.loadAverageAtStart), measures,
                List.copyOf(ctx.notes), timeline);
    }

    private static double rate(long count, double seconds) {
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
        out.println("   cpu         " + cpuLine());
        if (!outcomes.isEmpty()) {
            out.println("   outcomes    " + outcomes);
        }
        if (!extras.isEmpty()) {
            out.println("   details     " + extras);
        }
        out.printf("   audit       %s: lost %d, stuck %d, duplicated %d, lost moves %d, moves refused (409) but applied %d, overdue reservations %d, oversold %s, revenue mismatch %d cents (%s)%n",
                audit.ok() ? "OK" : "FAILED", audit.lostOrders(), audit.stuckOrders(), audit.duplicatedOrders(), audit.lostMoves(),
                audit.movesRefusedButApplied(),
                audit.overdueReservations(), audit.oversoldSkus(), audit.revenueMismatchCents(),
                audit.analyticsChecked() ? "analytics checked" : "analytics not checked: " + audit.analyticsNote());
        audit.problems().forEach(p -> out.println("     - " + p));
        notes.forEach(n -> out.println("   note        " + n));
        out.println("   report      " + json.toAbsolutePath());
        out.println("   chart       " + png.toAbsolutePath());
    }

    private String cpuLine() {
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
