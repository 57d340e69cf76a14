package com.scoville.bench;

import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderStatus;
import com.scoville.bench.twin.TwinSeed;
import org.apache.kafka.common.TopicPartition;

import java.lang.management.ManagementFactory;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The life of one run, the same for every scenario: open the service, set up, tail 'order-status', load,
 * wait for the accepted orders to be decided, settle, audit; with {@code --versus}, close the service and run the
 * same load against the relational twin; then write the report and the chart.
 */
final class ScenarioRun {
    private ScenarioRun() { }

    /** Scoville's run: its report (not yet written), and what the twin needs to run the same load. */
    private record Measured(Report report, RunContext ctx, TwinSeed seed) { }

    static int execute(CommonOptions options, Scenario scenario, boolean needsHttp) throws Exception {
        if (scenario.cluster() == null) {
            options.validate(needsHttp);
        }
        VersusOptions versus = scenario.versus();
        Measured measured;
        try (BenchTarget target = BenchTarget.open(options, scenario)) {
            RunContext ctx = new RunContext(scenario.name(), target);
            try {
                measured = run(options, scenario, ctx, versus != null && versus.wanted());
            } finally {
                if (ctx.api != null) {
                    ctx.api.close();
                }
            }
        }
        Report report = measured.report();
        if (measured.seed() != null) {
            // the embedded stack is closed: the twin has the machine to itself, as Scoville had
            try {
                report = report.withVersus(TwinRun.run(options, scenario, measured.ctx(), measured.seed(), versus));
            } catch (Exception e) {
                write(options, scenario, report.withNote("the relational twin's run failed: " + e));
                throw e;
            }
        }
        write(options, scenario, report);
        return report.auditsPassed() ? 0 : BenchMain.AUDIT_FAILED;
    }

    private static void write(CommonOptions options, Scenario scenario, Report report) throws java.io.IOException {
        Path json = options.reportFile(scenario.name());
        Path png = options.chartFile(json);
        report.write(json);
        Chart.write(png, report);
        report.print(System.out, json, png);
    }

    private static Measured run(CommonOptions options, Scenario scenario, RunContext ctx, boolean versus) throws Exception {
        System.out.println("== " + scenario.name() + " (run " + ctx.runId + ") " + scenario.parameters());
        noteContention(ctx, "at the start");
        if (options.embedded && !JitFork.withoutC2(ManagementFactory.getRuntimeMXBean().getInputArguments())) {
            ctx.note("the embedded stack shares this JVM's JIT, chosen without " + JitFork.C1_ONLY + ": a short run mostly measures C2 compiling");
        }
        scenario.setup(ctx);
        TwinSeed seed = versus ? TwinRun.seed(ctx) : null;
        StatusWatcher watcher = scenario.watchesOrders() ? new StatusWatcher(ctx.target.bootstrap, ctx.target.registryUrl,
                (orderId, state, at) -> {
                    if (state.getKind() == OrderKind.ORDER
                            && (state.getStatus() == OrderStatus.RESERVED || state.getStatus() == OrderStatus.REJECTED)) {
                        ctx.tracker.finalSeen(orderId, state.getStatus().name(), at);
                        OrderTracker warming = ctx.warmup;
                        if (warming != null) {
                            warming.finalSeen(orderId, state.getStatus().name(), at);
                        }
                    }
                    scenario.onState(ctx, orderId, state);
                }).start() : null;
        if (watcher != null && options.warmup > 0) {
            warmup(ctx, options.warmup);
        }
        Progress progress = new Progress(ctx.tracker, System.out).start();
        BrokerRecords.Appended appended;
        CpuMeter.Usage usage;
        try (BrokerRecords broker = new BrokerRecords(ctx.target.bootstrap)) {
            Map<TopicPartition, Long> before = broker.snapshot();
            CpuMeter cpu = CpuMeter.start();
            boolean drained = false;
            try {
                ctx.loadStartedAt = Instant.now();
                scenario.load(ctx);
                drained = watcher == null || drain(ctx, options.drainTimeout);
            } finally {
                // a drain that timed out counts idle waiting as cost: then no ceiling
                usage = cpu.stop(scenario.watchesOrders() ? ctx.tracker.processed() : ctx.tracker.accepted(), scenario.unit(),
                        ctx.target.embedded && scenario.ranFlatOut() && drained);
                progress.close();
            }
            appended = BrokerRecords.between(before, broker.snapshot());
        }
        try {
            scenario.settle(ctx);
        } finally {
            if (watcher != null) {
                watcher.close();
            }
        }
        noteContention(ctx, "at the end of the load");
        System.out.println("Auditing ...");
        IntegrityAudit.Result audit = scenario.audit(ctx);
        Report report = Report.of(ctx, scenario.parameters(), ctx.tracker.totals(), progress.rows(), audit, usage, appended,
                scenario.watchesOrders());
        return new Measured(report, ctx, seed);
    }

    /**
     * A few single-line orders across the catalog, 8 at a time, each waited for until decided: the JIT, the first
     * transactions and the lazily registered schemas are then behind the measured load. How long it took is reported.
     */
    static void warmup(RunContext ctx, int orders) {
        OrderTracker warm = new OrderTracker();
        ctx.warmup = warm;
        List<String> sauces = ctx.catalog().sauces();
        long begin = System.nanoTime();
        System.out.println("Warming up with " + orders + " orders ...");
        LoadLoop.run(0, 8, Duration.ofSeconds(60), orders, i -> ctx.placeOverHttp(warm, "warmup-" + ctx.runId + "-" + i,
                OrderFactory.httpBody("warmup-" + i % 50, "WEB", List.of(new OrderFactory.Line(sauces.get((int) (i % sauces.size())), 1)))));
        boolean decided = Threads.await(Duration.ofSeconds(90), () -> warm.awaiting() <= 0);
        ctx.warmup = null;
        ctx.warmupIds.addAll(warm.acceptedIds());
        ctx.warmupFinals.putAll(warm.finalStatuses());
        OrderTracker.Totals t = warm.totals();
        double seconds = Math.round((System.nanoTime() - begin) / 1e8) / 10.0;
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("orders", t.accepted());
        summary.put("seconds", seconds);
        summary.put("acceptP50Ms", OrderTracker.ms(t.accept(), 50));
        summary.put("finalP50Ms", OrderTracker.ms(t.fin(), 50));
        summary.put("finalMaxMs", OrderTracker.ms(t.fin(), 100));
        ctx.extras.put("warmup", summary);
        System.out.println("Warm-up: " + summary);
        if (!decided) {
            ctx.note("warm-up: " + warm.awaiting() + " orders were not decided within 90 s");
        }
    }

    private static void noteContention(RunContext ctx, String when) {
        List<String> others = Contention.others();
        if (!others.isEmpty()) {
            ctx.note("other heavy processes were running " + when + ", figures are skewed: " + others);
        }
    }

    /**
     * Waits until every accepted order has been seen RESERVED or REJECTED, for as long as decisions keep coming: gives
     * up once none has come for {@code stall}; whether they all were.
     */
    static boolean drain(RunContext ctx, Duration stall) {
        if (!Threads.awaitWhileMoving(stall, ctx.tracker::awaiting, () -> ctx.tracker.awaiting() <= 0)) {
            ctx.note(ctx.tracker.awaiting() + " accepted orders were not seen RESERVED or REJECTED: none was decided for "
                    + stall.toSeconds() + " s");
            return false;
        }
        return true;
    }
}
