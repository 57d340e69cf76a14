package com.scoville.bench;

import com.scoville.service.cluster.LocalCluster;
import com.scoville.service.cluster.PartProcess;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.SplittableRandom;
import java.util.concurrent.Callable;
import java.util.concurrent.ConcurrentLinkedQueue;

/**
 * Orders at a steady rate into a cluster on this machine (3 brokers, 3 instances with standby replicas, each its own
 * process) while instances are killed with SIGKILL one after another and started again, and one broker is killed
 * once: nothing acknowledged may be lost, doubled or stuck, nothing oversold, nearly every order acknowledged within
 * a channel's retries, no second without an acknowledged order, every killed instance ready again within 30 s, and
 * reads answered right or with 503.
 */
@Command(name = "faults", mixinStandardHelpOptions = true,
        description = "Orders into a local cluster (brokers, registry, instances as separate processes) while instances and a broker are killed with SIGKILL.")
final class FaultsCommand implements Callable<Integer>, Scenario {
    private static final String[] CHANNELS = {"WEB", "MOBILE", "POS"};
    /** The longest an instance may take from its restart to ready. */
    /** The faults issue's bound on an instance's restart after kill -9. */
    static final double READY_AGAIN_LIMIT_SECONDS = 30;
    /** The share of orders a channel must get acknowledged within its retries. */
    static final double ACKNOWLEDGED_SHARE_FLOOR = 0.99;

    @Mixin
    CommonOptions common;

    @Option(names = "--rate", defaultValue = "40", description = "Orders per second (default: ${DEFAULT-VALUE}).")
    double rate;
    @Option(names = {"-c", "--concurrency"}, defaultValue = "128", description = "Orders in flight at most, retries included (default: ${DEFAULT-VALUE}).")
    int concurrency;
    @Option(names = "--duration", defaultValue = "100s", converter = DurationConverter.class, description = "How long to send (default: ${DEFAULT-VALUE}).")
    Duration duration;
    @Option(names = "--brokers", defaultValue = "3", description = "Kafka brokers (default: ${DEFAULT-VALUE}).")
    int brokers;
    @Option(names = "--instances", defaultValue = "3", description = "Scoville instances (default: ${DEFAULT-VALUE}).")
    int instances;
    @Option(names = "--kill-every", defaultValue = "20s", converter = DurationConverter.class,
            description = "An instance is killed this often, round robin (default: ${DEFAULT-VALUE}).")
    Duration killEvery;
    @Option(names = "--down-for", defaultValue = "2s", converter = DurationConverter.class,
            description = "How long a killed instance stays down before it is started again (default: ${DEFAULT-VALUE}).")
    Duration downFor;
    @Option(names = "--broker-kill-at", defaultValue = "50s", converter = DurationConverter.class,
            description = "When one broker is killed (default: ${DEFAULT-VALUE}; past --duration: never).")
    Duration brokerKillAt;
    @Option(names = "--broker-down-for", defaultValue = "10s", converter = DurationConverter.class,
            description = "How long the broker stays down (default: ${DEFAULT-VALUE}).")
    Duration brokerDownFor;
    @Option(names = "--broker", defaultValue = "2", description = "Which broker is killed: its node id, or 'controller' for the one"
            + " leading the quorum when the kill is due, the worst case (default: ${DEFAULT-VALUE}).")
    String brokerToKill;
    @Option(names = "--max-empty-seconds", defaultValue = "0", description = "Seconds without an acknowledged order the run"
            + " tolerates (default: ${DEFAULT-VALUE}).")
    int maxEmptySeconds;
    @Option(names = "--ready-within", defaultValue = "30", description = "Seconds a killed instance may take to be ready again after"
            + " its restart (default: ${DEFAULT-VALUE}, the faults issue's bound).")
    double readyWithinSeconds = READY_AGAIN_LIMIT_SECONDS;
    @Option(names = "--attempts", defaultValue = "5", description = "A channel's attempts per order, each on the next instance (default: ${DEFAULT-VALUE}).")
    int attempts;
    @Option(names = "--restock", defaultValue = "1000000", description = "Units added to each sauce before the run (default: ${DEFAULT-VALUE}).")
    int restock;
    @Option(names = "--data", description = "The cluster's folder, kept after the run (default: a temporary folder, removed).")
    Path data;

    private LocalCluster.Layout layout;
    private List<Api> apis = List.of();
    private FailoverReads reads;
    private FaultPlan plan;
    private ChannelClient channel;
    private final ConcurrentLinkedQueue<Long> ackTimes = new ConcurrentLinkedQueue<>();
    private long ordersPlaced;

    @Override
    public Integer call() throws Exception {
        if (common.embedded || common.target != null) {
            throw new IllegalArgumentException("faults starts its own cluster: give neither --embedded nor --target");
        }
        return ScenarioRun.execute(common, this, true);
    }

    @Override
    public String name() {
        return "faults";
    }

    @Override
    public synchronized LocalCluster.Layout cluster() {
        if (layout == null) {
            layout = new LocalCluster.Layout(brokers, instances, LocalCluster.freePortRange(brokers), LocalCluster.freePortRange(1),
                    LocalCluster.freePortRange(instances), data == null ? null : data.toAbsolutePath(), Map.of(),
                    LocalCluster.defaultJvmOptions());
        }
        return layout;
    }

    @Override
    public Map<String, Object> parameters() {
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("rate", rate);
        p.put("concurrency", concurrency);
        p.put("durationSeconds", duration.toSeconds());
        p.put("brokers", brokers);
        p.put("instances", instances);
        p.put("killEverySeconds", killEvery.toSeconds());
        p.put("downForSeconds", downFor.toMillis() / 1000.0);
        p.put("brokerKillAtSeconds", brokerKillAt.toSeconds());
        p.put("brokerDownForSeconds", brokerDownFor.toSeconds());
        p.put("brokerKilled", brokerToKill);
        p.put("maxEmptySeconds", maxEmptySeconds);
        p.put("attempts", attempts);
        return p;
    }

    @Override
    public boolean ranFlatOut() {
        return false;
    }

    @Override
    public void setup(RunContext ctx) {
        LocalCluster cluster = ctx.target.cluster;
        apis = cluster.httpUrls().stream().map(url -> new Api(url, ctx.target.authorization)).toList();
        // each instance was ready on its own; the group settles once the last one has joined
        Threads.require("every instance answering for the whole catalog", Duration.ofMinutes(2),
                () -> apis.stream().allMatch(api -> answers(api, "/v1/products")));
        ctx.restockEach(ctx.catalog().sauces(), restock);
        ctx.note("cpu counts the bench's own process only: the cluster's parts are other processes");
    }

    /**
     * The broker asked for, or the one that leads the KRaft quorum now: killing that is the worst case of a broker kill, since the
     * partitions it follows stay blocked (acks=all) until a new controller is elected and fences it. Asked when the
     * kill is due; the second broker when the quorum cannot be asked.
     */
    private PartProcess brokerToKill(LocalCluster cluster) {
        if (!brokerToKill.equals("controller")) {
            return cluster.brokers().stream().filter(b -> b.name().equals("broker-" + brokerToKill)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("--broker: no broker " + brokerToKill));
        }
        try (org.apache.kafka.clients.admin.Admin admin = org.apache.kafka.clients.admin.Admin.create(
                com.scoville.clients.KafkaClients.config(cluster.bootstrapServers()))) {
            int leader = admin.describeMetadataQuorum().quorumInfo().get(10, java.util.concurrent.TimeUnit.SECONDS).leaderId();
            return cluster.brokers().stream().filter(b -> b.name().equals("broker-" + leader)).findFirst().orElseThrow();
        } catch (Exception e) {
            System.out.println("Could not ask which broker leads the quorum (" + e + "): killing broker-2");
            return cluster.brokers().get(1);
        }
    }

    private static boolean answers(Api api, String path) {
        try {
            return api.get(path).status() == 200;
        } catch (RuntimeException e) {
            return false;
        }
    }

    @Override
    public void load(RunContext ctx) {
        LocalCluster cluster = ctx.target.cluster;
        channel = new ChannelClient(apis, attempts, ctx.tracker);
        reads = new FailoverReads(apis).start(Duration.ofMillis(200));
        List<PartProcess> brokerParts = cluster.brokers();
        plan = FaultPlan.of(cluster.instances(), killEvery, downFor, brokerParts.size() > 1 ? () -> brokerToKill(cluster) : null,
                brokerKillAt, brokerDownFor, duration).start();
        OrderFactory orders = new OrderFactory(ctx.catalog().sauces(), List.of());
        long seed = ctx.runId.hashCode();
        long begin = System.nanoTime();
        long max = (long) Math.ceil(rate * duration.toMillis() / 1000.0);
        LoadLoop.Outcome outcome = LoadLoop.run(rate, concurrency, duration, max, i -> {
            Random random = new Random(new SplittableRandom(seed + i).nextLong());
            String customer = "f" + random.nextInt(2000);
            Map<String, Object> body = OrderFactory.httpBody(customer, CHANNELS[random.nextInt(CHANNELS.length)],
                    orders.lines(random, 2, 2, 0));
            return channel.place(i, "faults-" + ctx.runId + "-" + i, body).thenAccept(placed -> {
                if (placed.acknowledged()) {
                    ackTimes.add(System.nanoTime() - begin);
                    reads.acknowledged(placed.orderId(), customer);
                }
            });
        });
        ordersPlaced = outcome.started();
        ctx.extras.put("sendSeconds", Math.round(outcome.seconds() * 10) / 10.0);
        ctx.extras.put("startedLate", outcome.late());
        System.out.println("Load done; waiting for the last killed parts to be ready again ...");
        plan.awaitDone();
        reads.close();
        Gaps gaps = Gaps.of(new ArrayList<>(ackTimes), duration.toNanos());
        double share = ordersPlaced == 0 ? 0 : (double) (ordersPlaced - channel.unacknowledged()) / ordersPlaced;
        List<Map<String, Object>> kills = plan.kills().stream().map(FaultPlan.Kill::json).toList();
        ctx.topLevel.put("kills", kills);
        ctx.topLevel.put("longestGapSeconds", gaps.longestSeconds());
        ctx.topLevel.put("acknowledgedShare", Math.round(share * 100_000) / 100_000.0);
        ctx.extras.put("secondsWithoutAcknowledgement", gaps.emptySeconds());
        ctx.extras.put("unacknowledgedOrders", channel.unacknowledged());
        ctx.extras.put("retriedAttempts", channel.retried());
        ctx.extras.put("reads", reads.json());
        plan.close();
    }

    @Override
    public void settle(RunContext ctx) {
        // the audit reads stock and analytics through the first instance: every part must be up again
        for (PartProcess part : ctx.target.cluster.parts()) {
            if (!part.isAlive()) {
                ctx.note(part.name() + " was down after the load; started again for the audit");
                part.start();
            }
        }
        ctx.target.cluster.parts().forEach(p -> p.awaitReady(Duration.ofMinutes(2)));
    }

    @Override
    public IntegrityAudit.Result audit(RunContext ctx) {
        IntegrityAudit.Result audit = AuditRunner.run(ctx, new IntegrityAudit.Expectations(ctx.acceptedIds(), Map.of(), null, null, null,
                ctx.loadStartedAt, Instant.now()), Duration.ofSeconds(30));
        return audit.withProblems(faultProblems(ctx));
    }

    /** What the faults must not have broken besides integrity; each is a problem of the audit. */
    private List<String> faultProblems(RunContext ctx) {
        List<String> problems = new ArrayList<>();
        double share = (double) ctx.topLevel.get("acknowledgedShare");
        if (share < ACKNOWLEDGED_SHARE_FLOOR) {
            problems.add(String.format("only %.2f %% of orders were acknowledged within %d attempts (at least %.0f %% expected)",
                    share * 100, attempts, ACKNOWLEDGED_SHARE_FLOOR * 100));
        }
        long empty = (long) ctx.extras.get("secondsWithoutAcknowledgement");
        if (empty > maxEmptySeconds) {
            problems.add(empty + " seconds of the load passed without an acknowledged order"
                    + (maxEmptySeconds > 0 ? " (" + maxEmptySeconds + " tolerated)" : ""));
        }
        for (FaultPlan.Kill kill : plan.kills()) {
            if (kill.readyAgainSeconds() == null || kill.target().startsWith("instance") && kill.readyAgainSeconds() > readyWithinSeconds) {
                problems.add(kill.target() + " killed at " + kill.atSeconds() + " s was not ready within " + readyWithinSeconds
                        + " s of its restart (" + (kill.readyAgainSeconds() == null ? kill.problem() : kill.readyAgainSeconds() + " s") + ")");
            }
        }
        if (reads.wrong() > 0) {
            problems.add(reads.wrong() + " reads during the faults answered neither the order nor 503: " + reads.wrongExamples());
        }
        return problems;
    }

    /**
     * The longest time without an acknowledgement, and the whole seconds of the load that had none, both counted
     * from the first acknowledgement: before it the run measures how long an answer takes (seconds, when seven
     * JVMs share two cores), not whether orders are taken.
     */
    record Gaps(double longestSeconds, long emptySeconds) {
        static Gaps of(List<Long> ackNanos, long loadNanos) {
            List<Long> times = new ArrayList<>(ackNanos);
            times.removeIf(t -> t > loadNanos);
            times.sort(null);
            int seconds = (int) (loadNanos / 1_000_000_000L);
            if (times.isEmpty()) {
                return new Gaps(Math.round(loadNanos / 1e7) / 100.0, seconds);
            }
            long longest = 0;
            long previous = times.get(0);
            for (long t : times) {
                longest = Math.max(longest, t - previous);
                previous = t;
            }
            longest = Math.max(longest, loadNanos - previous);
            boolean[] acked = new boolean[Math.max(1, seconds)];
            for (long t : times) {
                int s = (int) (t / 1_000_000_000L);
                if (s < acked.length) {
                    acked[s] = true;
                }
            }
            long empty = 0;
            for (int s = (int) (times.get(0) / 1_000_000_000L); s < acked.length; s++) {
                empty += acked[s] ? 0 : 1;
            }
            return new Gaps(Math.round(longest / 1e7) / 100.0, empty);
        }
    }
}
