package com.scoville.service.cluster;

import com.scoville.clients.KafkaClients;
import com.scoville.devstack.ClusterNode;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.stream.IntStream;
import java.util.stream.Stream;

/**
 * A Kafka cluster and several Scoville instances on one machine, each part its own process: N KRaft brokers
 * (replication 3, {@code min.insync.replicas} 2), the schema registry, and M service instances with standby
 * replicas, sharing one application id. Parts can be killed and started again, which is what the fault bench does.
 */
public final class LocalCluster implements AutoCloseable {
    public static final int DEFAULT_BROKER_PORT = 19092;
    /** Any valid id serves; a fixed one lets the parts be started by hand with the same defaults. */
    public static final String DEFAULT_CLUSTER_ID = "c2NvdmlsbGUtY2x1c3Rlcg";
    public static final String DEFAULT_BOOTSTRAP = "127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094";
    private static final Duration STARTUP = Duration.ofMinutes(3);

    /**
     * The shape of a local cluster.
     *
     * @param brokers      Kafka nodes (each broker and controller)
     * @param instances    Scoville service instances
     * @param brokerPort   the first broker's port (the others follow; controllers 100 above)
     * @param registryPort the schema registry's port
     * @param httpPort     the first instance's HTTP port (the others follow)
     * @param dataDir      every part's folders and logs
     * @param serviceEnv   settings for every service instance, on top of the cluster's own
     * @param jvmOptions   options of every child JVM
     */
    public record Layout(int brokers, int instances, int brokerPort, int registryPort, int httpPort, Path dataDir,
                         Map<String, String> serviceEnv, List<String> jvmOptions) {
        public Layout {
            serviceEnv = Map.copyOf(serviceEnv);
            jvmOptions = List.copyOf(jvmOptions);
            if (brokers < 1 || brokers > ClusterNode.MAX_NODES || instances < 1 || instances > 16) {
                throw new IllegalArgumentException("1.." + ClusterNode.MAX_NODES + " brokers and 1..16 instances");
            }
        }

        List<ClusterNode.Ports> brokerPorts() {
            return ClusterNode.portsFrom(brokerPort, brokers);
        }
    }

    private final Layout layout;
    private final ClusterCredentials credentials;
    private final ClusterNode firstNode;
    private final List<PartProcess> brokers;
    private final PartProcess registry;
    private final List<PartProcess> instances;

    private LocalCluster(Layout layout, ClusterCredentials credentials) {
        this.layout = layout;
        this.credentials = credentials;
        this.firstNode = new ClusterNode(1, layout.brokerPorts(), DEFAULT_CLUSTER_ID);
        ClusterNode anyNode = firstNode;
        Path logs = layout.dataDir().resolve("logs");
        this.brokers = IntStream.rangeClosed(1, layout.brokers()).mapToObj(id -> new PartProcess("broker-" + id, layout.jvmOptions(),
                List.of("broker", "--node-id", String.valueOf(id), "--nodes", String.valueOf(layout.brokers()),
                        "--base-port", String.valueOf(layout.brokerPort()), "--cluster-id", DEFAULT_CLUSTER_ID,
                        "--data", layout.dataDir().resolve("broker-" + id).toString()),
                credentials.brokerEnv(), logs.resolve("broker-" + id + ".log"), "Broker " + id + " of")).toList();
        this.registry = new PartProcess("registry", layout.jvmOptions(),
                List.of("registry", "--bootstrap", anyNode.bootstrapServers(), "--port", String.valueOf(layout.registryPort())),
                credentials.clientEnv(), logs.resolve("registry.log"), "Schema registry ready at");
        this.instances = IntStream.rangeClosed(1, layout.instances()).mapToObj(n -> new PartProcess("instance-" + n, layout.jvmOptions(),
                List.of(), instanceEnv(layout, credentials, anyNode, n, System.getenv()), logs.resolve("instance-" + n + ".log"), "Scoville is ready in")).toList();
    }

    private static final String COMMIT_GAP = "FRESH_COMMIT_MS";
    /**
     * The shortest time between two commits the instances ask for (FRESH_COMMIT_MS) unless this process's
     * environment or the layout's service settings name one. Here every part shares one machine and every write is
     * replicated to three brokers, so a transaction costs several replicated writes whatever it carries; committing
     * every 50 ms the cluster spent its CPU on commits (measured: 40 orders/s sent, about 10/s decided with no fault
     * at all; 40/s kept up at 200 ms).
     */
    static final String CLUSTER_COMMIT_GAP_MS = "200";

    /** The settings of instance {@code n} on top of {@code processEnv}, this process's environment, which it inherits. */
    static Map<String, String> instanceEnv(Layout layout, ClusterCredentials credentials, ClusterNode anyNode, int n,
                                           Map<String, String> processEnv) {
        Map<String, String> env = new LinkedHashMap<>(credentials.clientEnv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", anyNode.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", "http://" + ClusterNode.HOST + ":" + layout.registryPort());
        env.put("HTTP_PORT", String.valueOf(layout.httpPort() + n - 1));
        env.put("REPLICATION_FACTOR", String.valueOf(anyNode.replicationFactor()));
        env.put("STANDBY_REPLICAS", layout.instances() > 1 ? "1" : "0");
        env.put("DATA_DIR", layout.dataDir().resolve("instance-" + n).toString());
        env.put("STATE_DIR", layout.dataDir().resolve("instance-" + n).resolve("state").toString());
        // One instance seeds the demo catalog, so two never race to seed it twice.
        env.put("SEED_CATALOG", n == 1 ? "true" : "false");
        if (!processEnv.containsKey(COMMIT_GAP)) {
            env.put(COMMIT_GAP, CLUSTER_COMMIT_GAP_MS);
        }
        if (n > 1) {
            // one issuer for the cluster: the first instance's development issuer (its key kept in its data folder)
            env.put("OAUTH_ISSUER", "http://" + ClusterNode.HOST + ":" + layout.httpPort() + "/oauth2");
        }
        env.putAll(layout.serviceEnv());
        return env;
    }

    /**
     * Starts the brokers together, then the registry, then the first instance and the others together. The brokers
     * authenticate every client and apply ACLs, the registry wants credentials for writes ({@link ClusterCredentials},
     * from this process's environment or the development defaults), and this process's own Kafka clients log in as
     * the service from now on.
     */
    public static LocalCluster start(Layout layout, Consumer<String> progress) {
        ClusterCredentials credentials = ClusterCredentials.fromEnv(System.getenv());
        LocalCluster cluster = new LocalCluster(layout, credentials);
        KafkaClients.use(Optional.of(credentials.service()));
        try {
            progress.accept(credentials.describe());
            progress.accept("Starting " + layout.brokers() + " Kafka brokers (logs in " + layout.dataDir().resolve("logs") + ") ...");
            cluster.brokers.forEach(PartProcess::start);
            cluster.brokers.forEach(b -> report(progress, b, b.awaitReady(STARTUP)));
            cluster.registry.start();
            report(progress, cluster.registry, cluster.registry.awaitReady(STARTUP));
            // The first instance creates the topics and seeds the catalog before the others join.
            PartProcess first = cluster.instances.get(0);
            first.start();
            report(progress, first, first.awaitReady(STARTUP));
            List<PartProcess> others = cluster.instances.subList(1, cluster.instances.size());
            others.forEach(PartProcess::start);
            others.forEach(i -> report(progress, i, i.awaitReady(STARTUP)));
            return cluster;
        } catch (RuntimeException e) {
            cluster.close();
            throw e;
        }
    }

    private static void report(Consumer<String> progress, PartProcess part, Duration took) {
        progress.accept(String.format("  %-11s ready in %5.1f s", part.name(), took.toMillis() / 1000.0));
    }

    public List<PartProcess> brokers() {
        return brokers;
    }

    public PartProcess registry() {
        return registry;
    }

    public List<PartProcess> instances() {
        return instances;
    }

    public String bootstrapServers() {
        return firstNode.bootstrapServers();
    }

    /** Who may log in to the brokers and write to the registry. */
    public ClusterCredentials credentials() {
        return credentials;
    }

    public String registryUrl() {
        return "http://" + ClusterNode.HOST + ":" + layout.registryPort();
    }

    /** The HTTP base URL of every instance, in instance order. */
    public List<String> httpUrls() {
        return IntStream.range(0, layout.instances()).mapToObj(i -> "http://" + ClusterNode.HOST + ":" + (layout.httpPort() + i)).toList();
    }

    /** Stops everything cleanly: instances first (they leave the group and commit), then the registry, then the brokers. */
    @Override
    public void close() {
        instances.parallelStream().forEach(PartProcess::close);
        registry.close();
        brokers.parallelStream().forEach(PartProcess::close);
    }

    /** Every part, instances first. */
    public List<PartProcess> parts() {
        return Stream.of(instances.stream(), Stream.of(registry), brokers.stream()).flatMap(s -> s).toList();
    }

    /** What a report says of the cluster. */
    public Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("brokers", layout.brokers());
        d.put("replicationFactor", firstNode.replicationFactor());
        d.put("minInSyncReplicas", firstNode.minInSyncReplicas());
        d.put("instances", httpUrls());
        d.put("dataDir", layout.dataDir().toString());
        return d;
    }

    /**
     * A first port from which {@code count} ports, and the {@code count} ports 100 above them, are free now: room for
     * the brokers and their controllers, or for instances, when two clusters (or a cluster and tests) share a machine.
     */
    public static int freePortRange(int count) {
        java.util.Random random = new java.util.Random();
        for (int attempt = 0; attempt < 100; attempt++) {
            // Below Linux's ephemeral ports (32768 up): there any client connection may take a port between this
            // check and the part's bind (seen: an instance's HTTP port taken, the instance gone at its start).
            int base = 20_000 + random.nextInt(12_000);
            if (IntStream.range(0, count).allMatch(i -> isFree(base + i) && isFree(base + 100 + i))) {
                return base;
            }
        }
        throw new IllegalStateException("No range of " + count + " free ports found");
    }

    private static boolean isFree(int port) {
        try (java.net.ServerSocket socket = new java.net.ServerSocket(port, 1, java.net.InetAddress.getByName(ClusterNode.HOST))) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }

    /** Default JVM options of a part: a small heap, and the client compiler only, since on two cores C2's warm-up costs more than it wins. */
    public static List<String> defaultJvmOptions() {
        return new ArrayList<>(List.of("-Xms64m", "-Xmx512m", "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC"));
    }
}
