package com.scoville.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;

/** Sustained HTTP orders across the catalog, at a target rate or as fast as C connections allow. */
@Command(name = "intake", mixinStandardHelpOptions = true,
        description = "Sustained HTTP orders across the catalog at --rate orders/s (0: as fast as possible), C in flight, for --duration.")
final class IntakeCommand implements Callable<Integer>, Scenario {
    private static final String[] CHANNELS = {"WEB", "MOBILE", "POS"};

    @Mixin
    CommonOptions common;

    @Mixin
    VersusOptions versus;

    @Option(names = "--rate", defaultValue = "2000", description = "Orders per second; 0: as fast as possible (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", description = "Requests in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, description = "How long to send (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--max-lines", defaultValue = "3", description = "Lines per order, 1 to this (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--bundle-share", defaultValue = "0.1", description = "Share of lines that are bundles (default: ${DEFAULT-VALUE}).")
    double bundleShare;

    @Option(names = "--restock", defaultValue = "1000000",
            description = "Units added to each sauce before the run, so orders are not all refused (default: ${DEFAULT-VALUE}; 0: none).")
    int restock;

    private volatile boolean flatOut;

    @Override
    public Integer call() throws Exception {
        return ScenarioRun.execute(common, this, true);
    }

    @Override
    public VersusOptions versus() {
        return versus.wanted() ? versus : null;
    }

    @Override
    public String name() {
        return "intake";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rate", rate);
        p.put("concurrency", concurrency);
        p.put("durationSeconds", duration.toSeconds());
        p.put("maxLines", maxLines);
        p.put("bundleShare", bundleShare);
        p.put("restockPerSauce", restock);
        return p;
    }

    @Override
    public void setup(RunContext ctx) {
        ctx.restockEach(ctx.catalog().sauces(), restock);
        ctx.touchedSkus.addAll(ctx.catalog().bundles());
    }

    @Override
    public void load(RunContext ctx) {
        OrderFactory orders = new OrderFactory(ctx.catalog().sauces(), ctx.catalog().bundles());
        long max = rate > 0 ? (long) Math.ceil(rate * duration.toMillis() / 1000.0) : Long.MAX_VALUE;
        long seed = ctx.runId.hashCode();
        LoadLoop.Outcome outcome = LoadLoop.run(rate, concurrency, duration, max, i -> {
            // order i is the same in every run with this id: the relational twin gets the very orders Scoville got
            Random random = new Random(new SplittableRandom(seed + i).nextLong());
            Map<String, Object> body = OrderFactory.httpBody("c" + random.nextInt(5000), CHANNELS[random.nextInt(CHANNELS.length)],
                    orders.lines(random, maxLines, 3, bundleShare));
            return ctx.placeOverHttp("intake-" + ctx.runId + "-" + i, body);
        });
        ctx.extras.put("sendSeconds", Math.round(outcome.seconds() * 10) / 10.0);
        ctx.extras.put("startedLate", outcome.late());
        // the rate was not held: the service set the pace
        flatOut = rate <= 0 || outcome.late() > outcome.started() / 100;
        if (rate > 0 && outcome.late() > 0) {
            ctx.note(outcome.late() + " requests started late: all " + concurrency + " slots were busy (the target rate was not held)");
        }
    }

    @Override
    public boolean ranFlatOut() {
        return flatOut;
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) {
        return AuditRunner.run(ctx, new IntegrityAudit.Expectations(ctx.acceptedIds(), Map.of(), null, null, null,
                ctx.loadStartedAt, Instant.now()), Duration.ofSeconds(15));
    }
}
