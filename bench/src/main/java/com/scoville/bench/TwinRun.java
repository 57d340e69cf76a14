package com.scoville.bench;

import com.scoville.bench.twin.RelationalTwin;
import com.scoville.bench.twin.TwinAudit;
import com.scoville.bench.twin.TwinSeed;

import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The second half of a {@code --versus postgres} run: the same scenario's load, through the same load generator and
 * the same order code, against the relational twin seeded with the stock Scoville's load started from. Only the base
 * URL differs, and how the final status is learned: the twin answers it, Scoville publishes it on 'order-status'.
 */
final class TwinRun {
    private static final String CPU_SCOPE = "this JVM (load generator, Javalin/Jetty, HikariCP, pgjdbc) and the PostgreSQL server's processes"
            + " (postmaster, backends, WAL writer, checkpointer; from /proc)";

    private TwinRun() { }

    /**
     * The twin's starting point, read from Scoville after the scenario's setup: the catalog's prices and bundles, and
     * each stocked SKU the scenario may order with its available units (what Scoville could still sell) as on hand.
     */
    static TwinSeed seed(RunContext ctx) {
        BenchCatalog catalog = ctx.catalog();
        Set<String> orderable = new TreeSet<>(catalog.sauces());
        orderable.addAll(ctx.touchedSkus);
        orderable.addAll(catalog.bundles());
        Map<String, Integer> onHand = new LinkedHashMap<>();
        for (String sku : catalog.stocked(orderable)) {
            onHand.put(sku, ctx.stock(sku)[1]);
        }
        Map<String, Map<String, Integer>> bundles = new HashMap<>();
        catalog.bundles().forEach(b -> bundles.put(b, catalog.bundleComponents().get(b)));
        Set<String> products = new TreeSet<>(orderable);
        products.addAll(onHand.keySet());
        List<TwinSeed.Product> priced = products.stream().map(sku -> {
            BenchCatalog.Price p = catalog.price(sku);
            return new TwinSeed.Product(sku, p.priceCents(), p.wholesalePriceCents());
        }).toList();
        return new TwinSeed(priced, onHand, bundles);
    }

    static Versus run(CommonOptions options, Scenario scenario, RunContext scoville, TwinSeed seed, VersusOptions versus) throws Exception {
        System.out.printf("%n== %s against the relational twin (PostgreSQL, pool %d) ...%n", scenario.name(), versus.pool);
        try (RelationalTwin twin = RelationalTwin.start(seed, versus.pool)) {
            System.out.println("Relational twin ready at " + twin.url() + ": " + twin.settings());
            RunContext ctx = scoville.against(twin.url());
            try {
                if (options.warmup > 0) {
                    ScenarioRun.warmup(ctx, options.warmup);
                }
                Progress progress = new Progress(ctx.tracker, System.out).start();
                CpuMeter cpu = CpuMeter.startWith(twin::serverCpuNanos, CPU_SCOPE);
                CpuMeter.Usage usage;
                boolean drained = false;
                try {
                    ctx.loadStartedAt = Instant.now();
                    scenario.load(ctx);
                    drained = ScenarioRun.drain(ctx, options.drainTimeout);
                } finally {
                    // the twin and its database run on this machine: a flat-out run that drained bounds its throughput
                    usage = cpu.stop(ctx.tracker.processed(), scenario.unit(), scenario.ranFlatOut() && drained);
                    progress.close();
                }
                System.out.println("Auditing the twin ...");
                Map<String, String> answered = new HashMap<>(ctx.warmupFinals);
                answered.putAll(ctx.tracker.finalStatuses());
                TwinAudit.Result audit = twin.audit(answered);
                Map<String, String> settings = new LinkedHashMap<>(twin.settings());
                return Versus.of("postgresql", settings, twin.poolSize(), ctx.tracker.totals(), ctx.extras, usage,
                        audit, ctx.notes);
            } finally {
                ctx.api.close();
            }
        }
    }
}
