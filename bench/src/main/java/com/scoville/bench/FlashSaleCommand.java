package com.scoville.bench;

import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;

/** The viral post: one new sauce with K bottles, M buyers of one bottle each over HTTP, C at a time. */
@Command(name = "flash-sale", mixinStandardHelpOptions = true,
        description = "One hot SKU with K units, M concurrent buyers of one unit each over HTTP, C requests in flight.")
final class FlashSaleCommand implements Callable<Integer>, Scenario {
    @Mixin
    CommonOptions common;

    @Mixin
    VersusOptions versus;

    @Option(names = {"-k", "--stock"}, defaultValue = "100", description = "Units in stock (default: ${DEFAULT-VALUE}).")
    int stock;

    @Option(names = {"-m", "--buyers"}, defaultValue = "10000", description = "Buyers, one order of one unit each (default: ${DEFAULT-VALUE}).")
    int buyers;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "64", description = "Requests in flight (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--sku", description = "The hot SKU, created and restocked by the run (default: FLASH-<run id>).")
    String sku;

    @Option(names = "--max-duration", defaultValue = "5m", converter = DurationConverter.class,
            description = "Stop sending after this long (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    private IntegrityAudit.FlashSku flash;

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
        return "flash-sale";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("stock", stock);
        p.put("buyers", buyers);
        p.put("concurrency", concurrency);
        p.put("sku", sku);
        return p;
    }

    @Override
    public void setup(RunContext ctx) {
        if (sku == null) {
            sku = BenchCatalog.FLASH_PREFIX + ctx.runId.toUpperCase();
        }
        ctx.createSauce(sku, "Flash Fuego 100 ml (" + ctx.runId + ")", 1999, 1399);
        ctx.restockAndWait(Map.of(sku, stock));
        int[] level = ctx.stock(sku);
        flash = new IntegrityAudit.FlashSku(sku, level[0]);
        ctx.touchedSkus.add(sku);
        ctx.extras.put("sku", sku);
        ctx.extras.put("onHandAtStart", level[0]);
        System.out.printf("%s has %d units on hand, %d available%n", sku, level[0], level[1]);
    }

    @Override
    public void load(RunContext ctx) {
        LoadLoop.Outcome outcome = LoadLoop.run(0, concurrency, maxDuration, buyers, i -> {
            Map<String, Object> body = OrderFactory.httpBody("buyer-" + i, i % 2 == 0 ? "WEB" : "MOBILE",
                    List.of(new OrderFactory.Line(sku, 1)));
            return ctx.placeOverHttp("flash-" + ctx.runId + "-" + i, body);
        });
        ctx.extras.put("sendSeconds", Math.round(outcome.seconds() * 10) / 10.0);
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) {
        IntegrityAudit.Expectations expect = new IntegrityAudit.Expectations(ctx.acceptedIds(), Map.of(), flash,
                null, null, ctx.loadStartedAt, Instant.now());
        IntegrityAudit.Result result = AuditRunner.run(ctx, expect, Duration.ofSeconds(15));
        long reserved = result.flashSale().reservedOrders();
        long expected = Math.min(flash.initialStock(), ctx.tracker.acceptedIds().size());
        if (reserved < expected) {
            ctx.note("undersold: " + reserved + " orders reserved " + sku + " while " + expected + " could have been");
        }
        return result;
    }
}
