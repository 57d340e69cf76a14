package com.scoville.devstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.Feature;
import org.apache.kafka.server.common.MetadataVersion;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.io.PrintStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) inside this JVM, started from Kafka's own
 * server classes: a single node for the embedded default, or one {@link ClusterNode} of a cluster whose other
 * nodes run in other processes. Its log folder is formatted once and reused on restart, so topics and records
 * survive a restart on the same folder.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = ClusterNode.HOST;
    private static final int SINGLE_NODE_ID = 1;

    private final KafkaRaftServer server;
    private final String bootstrapServers;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
    }

    /**
     * Starts a broker with its data under {@code dataDir}, listening on {@code port} (0: any free port),
     * and returns once it acknowledges metadata requests.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        int brokerPort = port == 0 ? freePort() : port;
        ClusterNode single = new ClusterNode(SINGLE_NODE_ID, List.of(new ClusterNode.Ports(brokerPort, freePort())),
                Uuid.randomUuid().toString());
        return start(dataDir, single, Duration.ofSeconds(60));
    }

    /**
     * Starts one node of a cluster (its peers are started apart, usually in other processes) and returns once
     * the cluster answers metadata requests, which needs a majority of the controllers.
     */
    public static EmbeddedKafka start(Path dataDir, ClusterNode node, Duration readyWithin) {
        Instant begin = Instant.now();
        Path logDir = dataDir.toAbsolutePath();
        KafkaConfig config = KafkaConfig.fromProps(serverProperties(logDir, node), false);
        formatOnce(logDir, node);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = HOST + ":" + node.ports().brokerPort();
        EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap);
        try {
            kafka.awaitReady(readyWithin);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Kafka broker {} of {} ready at {} (data {}) in {} ms", node.nodeId(), node.size(),
                bootstrap, logDir, Duration.between(begin, Instant.now()).toMillis());
        return kafka;
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties serverProperties(Path logDir, ClusterNode node) {
        int brokerPort = node.ports().brokerPort();
        int controllerPort = node.ports().controllerPort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.nodeId()));
        p.put("controller.quorum.voters", node.voters());
        p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
        p.put("controller.listener.names", "CONTROLLER");
        p.put("inter.broker.listener.name", "PLAINTEXT");
        p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        p.put("log.dirs", logDir.toString());
        // Every topic, internal ones too, has as many replicas as the cluster has nodes (up to 3), and a write
        // needs all but one of them: a cluster of three keeps taking writes with one node down and loses none.
        String replicas = String.valueOf(node.replicationFactor());
        String minInSync = String.valueOf(node.minInSyncReplicas());
        p.put("default.replication.factor", replicas);
        p.put("min.insync.replicas", minInSync);
        p.put("offsets.topic.replication.factor", replicas);
        p.put("offsets.topic.num.partitions", "6");
        p.put("transaction.state.log.replication.factor", replicas);
        p.put("transaction.state.log.min.isr", minInSync);
        p.put("transaction.state.log.num.partitions", "6");
        p.put("share.coordinator.state.topic.replication.factor", replicas);
        p.put("share.coordinator.state.topic.min.isr", minInSync);
        // A broker's session with its controller: a killed broker is fenced when it lapses, and only then leaves the
        // in-sync sets (every write waits for every replica in sync: 9 s by default without a single write
        // acknowledged) and lets its own restart register again (the old incarnation must lapse first: 11 s of a
        // restart after kill -9 were that). On one machine a second and a half of silence is death, not a slow
        // network; a single node, with nobody to fail over to, allows a little more.
        p.put("broker.heartbeat.interval.ms", "500");
        p.put("broker.session.timeout.ms", node.size() > 1 ? "1500" : "2500");
        p.put("group.initial.rebalance.delay.ms", "0");
        // Topics are created on purpose by the service, with their own retention and cleanup policy.
        p.put("auto.create.topics.enable", "false");
        p.put("num.partitions", "1");
        // The default 128 MB dedupe buffer is far more than one small node needs.
        p.put("log.cleaner.dedupe.buffer.size", String.valueOf(8 * 1024 * 1024));
        p.put("log.cleaner.threads", "1");
        p.put("num.network.threads", "2");
        p.put("num.io.threads", "4");
        p.put("log.segment.bytes", String.valueOf(64 * 1024 * 1024));
        // After kill -9 the broker re-reads every log past its recovery point, which only moves when a log is
        // flushed: with Kafka's defaults (no flush but at a segment's end) that is every active segment, 14 s with
        // a million orders. Flushed every second and checkpointed every 5 s, a crash leaves seconds to re-read.
        p.put("log.flush.interval.ms", "1000");
        p.put("log.flush.scheduler.interval.ms", "1000");
        p.put("log.flush.offset.checkpoint.interval.ms", "5000");
        return p;
    }

    /** Formats the log folder the first time only: a formatted folder keeps its cluster id and data. */
    private static void formatOnce(Path logDir, ClusterNode node) {
        if (Files.exists(logDir.resolve("meta.properties"))) {
            return;
        }
        try {
            Files.createDirectories(logDir);
            new Formatter()
                    .setPrintStream(new PrintStream(OutputStream.nullOutputStream()))
                    .setNodeId(node.nodeId())
                    .setClusterId(node.clusterId())
                    .setDirectories(List.of(logDir.toString()))
                    .setMetadataLogDirectory(logDir.toString())
                    .setControllerListenerName("CONTROLLER")
                    .setSupportedFeatures(Feature.PRODUCTION_FEATURES)
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log folder " + logDir, e);
        }
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> conf = Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        long deadline = System.nanoTime() + timeout.toNanos();
        try (Admin admin = Admin.create(conf)) {
            while (true) {
                try {
                    if (!admin.describeCluster().nodes().get(5, TimeUnit.SECONDS).isEmpty()) {
                        return;
                    }
                } catch (Exception e) {
                    if (System.nanoTime() > deadline) {
                        throw new IllegalStateException("Embedded Kafka did not become ready in " + timeout, e);
                    }
                }
            }
        }
    }

    static int freePort() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getByName(HOST))) {
            socket.setReuseAddress(true);
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
