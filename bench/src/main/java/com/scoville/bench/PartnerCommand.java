package com.scoville.bench;

import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;

/** Partners' wholesale orders produced straight to 'orders' in Avro with the registry serde, as fast as possible. */
@Command(name = "partner", mixinStandardHelpOptions = true,
        description = "N Avro orders (com.scoville.avro.Order, registry serde) produced to 'orders' as fast as possible.")
final class PartnerCommand implements Callable<Integer>, Scenario {
    @Mixin
    CommonOptions common;

    @Option(names = {"-n", "--orders"}, defaultValue = "50000", description = "Orders to produce (default: ${DEFAULT-VALUE}).")
    int count;

    @Option(names = "--lines", defaultValue = "2", description = "Lines per order (default: ${DEFAULT-VALUE}).")
    int lines;

    @Option(names = "--restock", defaultValue = "1000000", description = "Units added to each sauce ordered before the run (default: ${DEFAULT-VALUE}; 0: none).")
    int restock;

    @Option(names = "--skus", defaultValue = "0", paramLabel = "N",
            description = "Order only the first N sauces of the catalog (1: one hot SKU, the pipeline without HTTP); 0: all (default: ${DEFAULT-VALUE}).")
    int skus;

    private List<String> ordered;

    @Option(names = "--max-duration", defaultValue = "2m", converter = DurationConverter.class,
            description = "Stop producing after this long (default: ${DEFAULT-VALUE}).")
    Duration maxDuration;

    @Override
    public Integer call() throws Exception {
        return ScenarioRun.execute(common, this, true);
    }

    @Override
    public String name() {
        return "partner";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("orders", count);
        p.put("linesPerOrder", lines);
        p.put("restockPerSauce", restock);
        p.put("skus", skus == 0 ? "all" : skus);
        p.put("producer", "idempotent, acks=all, linger.ms=5, batch.size=65536");
        return p;
    }

    @Override
    public void setup(RunContext ctx) {
        if (skus < 0) {
            throw new IllegalArgumentException("--skus must be 0 (all) or more, not " + skus);
        }
        List<String> sauces = ctx.catalog().sauces();
        ordered = skus == 0 ? sauces : sauces.subList(0, Math.min(skus, sauces.size()));
        ctx.extras.put("orderedSkus", ordered);
        // the most units one SKU can be asked for: a line of every order, each at the largest quantity
        long most = (long) count * OrderFactory.MAX_PARTNER_QUANTITY;
        if (restock > 0 && ordered.size() == 1 && restock < most) {
            ctx.note("--restock " + restock + " may run out on " + ordered.get(0) + " (up to " + most + " units asked): later orders are then REJECTED");
        }
        ctx.restockEach(ordered, restock);
    }

    @Override
    public void load(RunContext ctx) {
        OrderFactory orders = new OrderFactory(ordered, List.of());
        long deadline = System.nanoTime() + maxDuration.toNanos();
        try (PartnerProducer producer = new PartnerProducer(ctx.target.bootstrap, ctx.target.registryUrl)) {
            for (int i = 0; i < count && System.nanoTime() < deadline; i++) {
                ThreadLocalRandom random = ThreadLocalRandom.current();
                String id = "p-" + ctx.runId + "-" + i;
                Order order = OrderFactory.avro(id, "partner-" + random.nextInt(50), Channel.WHOLESALE,
                        orders.sauceLines(random, lines, OrderFactory.MAX_PARTNER_QUANTITY));
                long sentAt = ctx.tracker.sending();
                producer.send(order).whenComplete((ack, error) -> {
                    if (error != null) {
                        ctx.tracker.error(Api.errorKind(error));
                    } else {
                        ctx.tracker.accepted(id, sentAt);
                    }
                });
            }
            producer.flush();
        }
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) {
        return AuditRunner.run(ctx, new IntegrityAudit.Expectations(ctx.acceptedIds(), Map.of(), null, null, null,
                ctx.loadStartedAt, Instant.now()), Duration.ofSeconds(15));
    }
}
