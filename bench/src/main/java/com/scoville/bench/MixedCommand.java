package com.scoville.bench;

import com.scoville.avro.Channel;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.TreeMap;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.LongAdder;

/**
 * A day at the shop, sped up: every channel at once (HTTP and partners' Avro), multi-line orders with bundles,
 * payments, shipping, deliveries, cancellations before and after payment (refunds), restocks while stock runs
 * short, and unpaid reservations that expire.
 */
@Command(name = "mixed", mixinStandardHelpOptions = true,
        description = "Channels, multi-line orders, payments, cancellations, refunds, shipping, restocks and expiries together for --duration.")
final class MixedCommand implements Callable<Integer>, Scenario {
    private static final String[] HTTP_CHANNELS = {"WEB", "MOBILE", "POS", "WHOLESALE"};
    private static final int MOVE_SLOTS = 64;

    @Mixin
    CommonOptions common;

    @Option(names = "--duration", defaultValue = "30s", converter = DurationConverter.class, description = "How long to send (default: ${DEFAULT-VALUE}).")
    Duration duration;

    @Option(names = "--rate", defaultValue = "300", description = "New orders per second, all channels (default: ${DEFAULT-VALUE}).")
    double rate;

    @Option(names = {"-c", "--concurrency"}, defaultValue = "32", description = "New orders in flight at most (default: ${DEFAULT-VALUE}).")
    int concurrency;

    @Option(names = "--partner-share", defaultValue = "0.2", description = "Share of orders produced to Kafka by partners (default: ${DEFAULT-VALUE}).")
    double partnerShare;

    @Option(names = "--pay", defaultValue = "0.6", description = "Share of reserved orders paid (default: ${DEFAULT-VALUE}).")
    double pay;

    @Option(names = "--cancel", defaultValue = "0.1", description = "Share of reserved orders cancelled unpaid (default: ${DEFAULT-VALUE}); the rest expire.")
    double cancel;

    @Option(names = "--ship", defaultValue = "0.4", description = "Share of paid orders shipped (default: ${DEFAULT-VALUE}).")
    double ship;

    @Option(names = "--refund", defaultValue = "0.15", description = "Share of paid orders cancelled, a refund (default: ${DEFAULT-VALUE}).")
    double refund;

    @Option(names = "--deliver", defaultValue = "0.5", description = "Share of shipped orders delivered (default: ${DEFAULT-VALUE}).")
    double deliver;

    @Option(names = "--initial-stock", defaultValue = "1500", description = "Units added to each sauce before the run (default: ${DEFAULT-VALUE}).")
    int initialStock;

    @Option(names = "--restock-every", defaultValue = "1s", converter = DurationConverter.class,
            description = "A random sauce gets 100 to 300 units this often (default: ${DEFAULT-VALUE}).")
    Duration restockEvery;

    @Option(names = "--reservation-ttl", defaultValue = "20s", converter = DurationConverter.class,
            description = "RESERVATION_TTL of the embedded stack, so unpaid reservations expire within the run (default: ${DEFAULT-VALUE}).")
    Duration reservationTtl;

    @Option(names = "--max-lines", defaultValue = "5", description = "Lines per order, 1 to this (default: ${DEFAULT-VALUE}).")
    int maxLines;

    @Option(names = "--bundle-share", defaultValue = "0.15", description = "Share of lines that are bundles (default: ${DEFAULT-VALUE}).")
    double bundleShare;

    private final Map<String, Integer> restocked = new ConcurrentHashMap<>();
    private final Map<String, OrderStatus> latest = new ConcurrentHashMap<>();
    private final Map<String, LongAdder> moves = new ConcurrentHashMap<>();
    private final Semaphore moveSlots = new Semaphore(MOVE_SLOTS);
    private final Map<String, Integer> onHandAtStart = new TreeMap<>();
    private volatile long followUpsUntil = Long.MIN_VALUE;
    private PartnerProducer partner;
    private OrderFactory orders;

    @Override
    public Integer call() throws Exception {
        return ScenarioRun.execute(common, this, true);
    }

    @Override
    public String name() {
        return "mixed";
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("durationSeconds", duration.toSeconds());
        p.put("rate", rate);
        p.put("concurrency", concurrency);
        p.put("partnerShare", partnerShare);
        p.put("pay", pay);
        p.put("cancel", cancel);
        p.put("ship", ship);
        p.put("refund", refund);
        p.put("deliver", deliver);
        p.put("initialStockPerSauce", initialStock);
        p.put("restockEverySeconds", restockEvery.toMillis() / 1000.0);
        p.put("reservationTtlSeconds", reservationTtl.toSeconds());
        p.put("maxLines", maxLines);
        p.put("bundleShare", bundleShare);
        return p;
    }

    @Override
    public Map<String, String> embeddedEnv() {
        return Map.of("RESERVATION_TTL", String.valueOf(reservationTtl.toSeconds()));
    }

    /** Paced at --rate: its CPU per order says how busy the machine looked, not what it could do. */
    @Override
    public boolean ranFlatOut() {
        return false;
    }

    @Override
    public void setup(RunContext ctx) {
        List<String> sauces = ctx.catalog().sauces();
        Map<String, Integer> units = new LinkedHashMap<>();
        sauces.forEach(s -> units.put(s, initialStock));
        ctx.restockAndWait(units);
        sauces.forEach(s -> onHandAtStart.put(s, ctx.stock(s)[0]));
        ctx.touchedSkus.addAll(sauces);
        ctx.touchedSkus.addAll(ctx.catalog().bundles());
        orders = new OrderFactory(sauces, ctx.catalog().bundles());
        partner = new PartnerProducer(ctx.target.bootstrap, ctx.target.registryUrl);
    }

    @Override
    public void load(RunContext ctx) {
        ScheduledExecutorService restocker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("bench-restock"));
        restocker.scheduleAtFixedRate(() -> restockOne(ctx), restockEvery.toMillis(), restockEvery.toMillis(), TimeUnit.MILLISECONDS);
        followUpsUntil = System.nanoTime() + duration.toNanos();
        try {
            long max = (long) Math.ceil(rate * duration.toMillis() / 1000.0);
            LoadLoop.Outcome outcome = LoadLoop.run(rate, concurrency, duration, max,
                    i -> ThreadLocalRandom.current().nextDouble() < partnerShare ? partnerOrder(ctx, i) : httpOrder(ctx, i));
            if (outcome.late() > 0) {
                ctx.note(outcome.late() + " orders started late: all " + concurrency + " slots were busy (the target rate was not held)");
            }
        } finally {
            restocker.shutdown();
            partner.flush();
        }
    }

    private CompletableFuture<?> httpOrder(RunContext ctx, long i) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        Map<String, Object> body = OrderFactory.httpBody("c" + random.nextInt(2000), HTTP_CHANNELS[random.nextInt(HTTP_CHANNELS.length)],
                orders.lines(random, maxLines, 3, bundleShare));
        return ctx.placeOverHttp("mixed-" + ctx.runId + "-" + i, body);
    }

    private CompletableFuture<?> partnerOrder(RunContext ctx, long i) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String id = "m-" + ctx.runId + "-" + i;
        long sentAt = ctx.tracker.sending();
        return partner.send(OrderFactory.avro(id, "partner-" + random.nextInt(20), Channel.WHOLESALE,
                orders.lines(random, maxLines, 3, bundleShare))).whenComplete((ack, error) -> {
            if (error != null) {
                ctx.tracker.error(Api.errorKind(error));
            } else {
                ctx.tracker.accepted(id, sentAt);
            }
        });
    }

    private void restockOne(RunContext ctx) {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        List<String> sauces = ctx.catalog().sauces();
        String sku = sauces.get(random.nextInt(sauces.size()));
        int units = 100 + random.nextInt(201);
        try {
            Api.Answer a = ctx.api.write("POST", "/v1/inventory/" + sku + "/restock", Map.of("quantity", units));
            if (a.status() == 202) {
                restocked.merge(sku, units, Integer::sum);
                count("RESTOCK");
            } else {
                ctx.tracker.error("restock HTTP " + a.status());
            }
        } catch (RuntimeException e) {
            ctx.tracker.error("restock: " + Api.errorKind(e));
        }
    }

    /** Decides what the customer does next with an order of this run, by chance. */
    @Override
    public void onState(RunContext ctx, String orderId, OrderState state) {
        if (!ctx.tracker.isAccepted(orderId)) {
            return;
        }
        latest.put(orderId, state.getStatus());
        if (System.nanoTime() > followUpsUntil) {
            return;
        }
        double r = ThreadLocalRandom.current().nextDouble();
        switch (state.getStatus()) {
            case RESERVED -> {
                if (r < pay) {
                    move(ctx, orderId, OrderStatus.PAID);
                } else if (r < pay + cancel) {
                    move(ctx, orderId, OrderStatus.CANCELLED);
                }
            }
            case PAID -> {
                if (r < ship) {
                    move(ctx, orderId, OrderStatus.SHIPPED);
                } else if (r < ship + refund) {
                    move(ctx, orderId, OrderStatus.CANCELLED);
                }
            }
            case SHIPPED -> {
                if (r < deliver) {
                    move(ctx, orderId, OrderStatus.DELIVERED);
                }
            }
            default -> { }
        }
    }

    private void move(RunContext ctx, String orderId, OrderStatus target) {
        if (!moveSlots.tryAcquire()) {
            count("skipped (64 moves in flight)");
            return;
        }
        // one key per move: asked again while in progress, it is made at most once
        Map<String, String> key = Map.of("Idempotency-Key", UUID.randomUUID().toString());
        ctx.api.sendUntilDecided("PUT", "/v1/orders/" + orderId, Map.of("status", target.name()), key, Api.IN_PROGRESS_ATTEMPTS).whenComplete((a, error) -> {
            moveSlots.release();
            if (error != null) {
                ctx.tracker.error("move: " + Api.errorKind(error));
            } else if (a.status() == 200 && target.name().equals(a.text("status"))) {
                ctx.movedTo.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(target);
                count(target.name());
            } else if (a.status() == 409 && !Problem.inProgress(a)) {
                ctx.refusedMoves.computeIfAbsent(orderId, id -> ConcurrentHashMap.newKeySet()).add(target);
                count("conflict (409)");
            } else {
                ctx.tracker.error("move HTTP " + a.status() + " " + Problem.title(a));
            }
        });
    }

    private void count(String what) {
        moves.computeIfAbsent(what, k -> new LongAdder()).increment();
    }

    @Override
    public void settle(RunContext ctx) {
        try {
            if (!Threads.await(Duration.ofSeconds(30), () -> moveSlots.availablePermits() == MOVE_SLOTS)) {
                ctx.note("moves still in flight 30 s after the load");
            }
            if (ctx.target.embedded) {
                Duration wait = reservationTtl.plusSeconds(15);
                System.out.println("Waiting up to " + wait.toSeconds() + " s for unpaid reservations to expire ...");
                if (!Threads.await(wait, () -> latest.values().stream().noneMatch(s -> s == OrderStatus.RESERVED))) {
                    long left = latest.values().stream().filter(s -> s == OrderStatus.RESERVED).count();
                    ctx.note(left + " reservations were still RESERVED " + wait.toSeconds() + " s after the load (TTL " + reservationTtl.toSeconds() + " s)");
                }
            }
        } finally {
            partner.close();
        }
        Map<String, Long> done = new TreeMap<>();
        moves.forEach((k, v) -> done.put(k, v.sum()));
        ctx.extras.put("actions", done);
        ctx.extras.put("restockedUnits", new TreeMap<>(restocked));
        Map<String, Long> ends = new TreeMap<>();
        latest.values().forEach(s -> ends.merge(s.name(), 1L, Long::sum));
        ctx.extras.put("latestStatuses", ends);
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) {
        IntegrityAudit.Expectations expect = new IntegrityAudit.Expectations(ctx.acceptedIds(), Map.copyOf(ctx.movedTo),
                null, onHandAtStart, Map.copyOf(restocked), ctx.loadStartedAt, Instant.now()).withRefusedMoves(Map.copyOf(ctx.refusedMoves));
        return AuditRunner.run(ctx, expect, Duration.ofSeconds(20));
    }
}
