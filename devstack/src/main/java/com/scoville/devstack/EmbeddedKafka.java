package com.scoville.devstack;

import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.kafka.clients.admin.Admin;
import com.scoville.clients.KafkaClients;
import com.scoville.clients.KafkaCredentials;
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
import java.util.Optional;
import java.util.Properties;
import java.util.concurrent.TimeUnit;

/**
 * A real Apache Kafka broker (KRaft, combined broker and controller) inside this JVM, started from Kafka's own
 * server classes: a single node for the embedded default, or one {@link ClusterNode} of a cluster whose other
 * nodes run in other processes. Its log folder is formatted once and reused on restart, so topics and records
 * survive a restart on the same folder.
 *
 * <p>Without a {@link KafkaSecurity} it listens on loopback with PLAINTEXT and no authentication: for development on
 * one machine only. With one, clients log in with SASL/SCRAM-SHA-256 and ACLs decide what they may do. The users are
 * written into the metadata when the folder is first formatted: a folder formatted without security must be deleted
 * before it is started with security.
 */
public final class EmbeddedKafka implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(EmbeddedKafka.class);
    private static final String HOST = ClusterNode.HOST;
    private static final int SINGLE_NODE_ID = 1;

    private static final String CLIENT_LISTENER = "SASL_PLAINTEXT";
    private static final String PLAIN_MODULE = "org.apache.kafka.common.security.plain.PlainLoginModule";
    private static final String SCRAM_MODULE = "org.apache.kafka.common.security.scram.ScramLoginModule";

    private final KafkaRaftServer server;
    private final String bootstrapServers;
    private final Optional<KafkaSecurity> security;

    private EmbeddedKafka(KafkaRaftServer server, String bootstrapServers, Optional<KafkaSecurity> security) {
        this.server = server;
        this.bootstrapServers = bootstrapServers;
        this.security = security;
    }

    /**
     * Starts a broker with its data under {@code dataDir}, listening on {@code port} (0: any free port),
     * and returns once it acknowledges metadata requests.
     */
    public static EmbeddedKafka start(Path dataDir, int port) {
        return start(dataDir, port, Optional.empty());
    }

    /** {@link #start(Path, int)} with clients authenticated and authorized by {@code security} (empty: PLAINTEXT). */
    public static EmbeddedKafka start(Path dataDir, int port, Optional<KafkaSecurity> security) {
        int brokerPort = port == 0 ? freePort() : port;
        ClusterNode single = new ClusterNode(SINGLE_NODE_ID, List.of(new ClusterNode.Ports(brokerPort, freePort())),
                Uuid.randomUuid().toString());
        return start(dataDir, single, Duration.ofSeconds(60), security);
    }

    /**
     * Starts one node of a cluster (its peers are started apart, usually in other processes) and returns once
     * the cluster answers metadata requests, which needs a majority of the controllers.
     */
    public static EmbeddedKafka start(Path dataDir, ClusterNode node, Duration readyWithin) {
        return start(dataDir, node, readyWithin, Optional.empty());
    }

    /**
     * {@link #start(Path, ClusterNode, Duration)} with clients authenticated and authorized by {@code security} (empty:
     * PLAINTEXT); the ACLs of its grants are created once the cluster answers (again on every start: creating an ACL
     * that exists changes nothing).
     */
    public static EmbeddedKafka start(Path dataDir, ClusterNode node, Duration readyWithin, Optional<KafkaSecurity> security) {
        Instant begin = Instant.now();
        Path logDir = dataDir.toAbsolutePath();
        KafkaConfig config = KafkaConfig.fromProps(serverProperties(logDir, node, security), false);
        formatOnce(logDir, node, security);
        KafkaRaftServer server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        String bootstrap = HOST + ":" + node.ports().brokerPort();
        EmbeddedKafka kafka = new EmbeddedKafka(server, bootstrap, security);
        try {
            kafka.awaitReady(readyWithin);
            kafka.createAcls(readyWithin);
        } catch (RuntimeException e) {
            kafka.close();
            throw e;
        }
        log.info("Kafka broker {} of {} ready at {} (data {}) in {} ms", node.nodeId(), node.size(),
                bootstrap, logDir, Duration.between(begin, Instant.now()).toMillis());
        if (security.isEmpty()) {
            log.warn("Kafka at {} is loopback-only PLAINTEXT without authentication or ACLs: for development on this machine"
                    + " (cluster mode logs clients in with SASL/SCRAM and limits them with ACLs)", bootstrap);
        } else {
            log.info("Kafka at {} authenticates clients with SASL/SCRAM-SHA-256 ({}) and authorizes them with ACLs;"
                    + " super users: {}", bootstrap, KafkaCredentials.PROTOCOL, security.get().superUsersProperty());
        }
        return kafka;
    }

    /** Whether clients must log in. */
    public boolean secured() {
        return security.isPresent();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
    }

    private static Properties serverProperties(Path logDir, ClusterNode node, Optional<KafkaSecurity> security) {
        int brokerPort = node.ports().brokerPort();
        int controllerPort = node.ports().controllerPort();
        Properties p = new Properties();
        p.put("process.roles", "broker,controller");
        p.put("node.id", String.valueOf(node.nodeId()));
        p.put("controller.quorum.voters", node.voters());
        p.put("controller.listener.names", "CONTROLLER");
        if (security.isPresent()) {
            secure(p, security.get(), brokerPort, controllerPort);
        } else {
            p.put("listeners", "PLAINTEXT://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
            p.put("advertised.listeners", "PLAINTEXT://" + HOST + ":" + brokerPort);
            p.put("inter.broker.listener.name", "PLAINTEXT");
            p.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        }
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
        if (node.size() == 1) {
            // The active controller appends a no-op record to the metadata log this often (Kafka's 500 ms), so that the
            // others see it alive; a single node has no others, and each record was a write and a publish while idle.
            p.put("metadata.max.idle.interval.ms", "5000");
        }
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

    /**
     * Clients (and brokers between themselves) log in with SCRAM-SHA-256 on the client listener. The controller listener
     * cannot use SCRAM, whose credentials are in the metadata the controllers serve: there the brokers and controllers
     * log in with PLAIN as the admin, a static user of the listener's own JAAS line. Both listeners are SASL: nobody
     * reaches either without a password.
     */
    private static void secure(Properties p, KafkaSecurity security, int brokerPort, int controllerPort) {
        KafkaCredentials admin = security.admin();
        p.put("listeners", CLIENT_LISTENER + "://" + HOST + ":" + brokerPort + ",CONTROLLER://" + HOST + ":" + controllerPort);
        p.put("advertised.listeners", CLIENT_LISTENER + "://" + HOST + ":" + brokerPort);
        p.put("listener.security.protocol.map", CLIENT_LISTENER + ":SASL_PLAINTEXT,CONTROLLER:SASL_PLAINTEXT");
        p.put("inter.broker.listener.name", CLIENT_LISTENER);
        p.put("sasl.mechanism.inter.broker.protocol", KafkaCredentials.MECHANISM);
        p.put("sasl.mechanism.controller.protocol", "PLAIN");
        String client = "listener.name." + CLIENT_LISTENER.toLowerCase(java.util.Locale.ROOT) + ".";
        p.put(client + "sasl.enabled.mechanisms", KafkaCredentials.MECHANISM);
        p.put(client + KafkaCredentials.MECHANISM.toLowerCase(java.util.Locale.ROOT) + ".sasl.jaas.config",
                KafkaCredentials.jaas(SCRAM_MODULE, admin.username(), admin.password()));
        p.put("listener.name.controller.sasl.enabled.mechanisms", "PLAIN");
        p.put("listener.name.controller.plain.sasl.jaas.config", PLAIN_MODULE + " required username=\"" + admin.username()
                + "\" password=\"" + admin.password() + "\" user_" + admin.username() + "=\"" + admin.password() + "\";");
        p.put("authorizer.class.name", "org.apache.kafka.metadata.authorizer.StandardAuthorizer");
        p.put("super.users", security.superUsersProperty());
        p.put("allow.everyone.if.no.acl.found", "false");
    }

    /** Formats the log folder the first time only: a formatted folder keeps its cluster id, data and users. */
    private static void formatOnce(Path logDir, ClusterNode node, Optional<KafkaSecurity> security) {
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
                    .setScramArguments(security.map(KafkaSecurity::scramArguments).orElse(List.of()))
                    .run();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not format Kafka log folder " + logDir, e);
        }
    }

    /** A client config that logs in as the admin (PLAINTEXT when unsecured). */
    private Map<String, Object> adminConfig() {
        return KafkaClients.config(bootstrapServers, security.map(KafkaSecurity::admin));
    }

    private void createAcls(Duration timeout) {
        if (security.isEmpty() || security.get().grants().isEmpty()) {
            return;
        }
        try (Admin admin = Admin.create(adminConfig())) {
            admin.createAcls(security.get().aclBindings()).all().get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating ACLs", e);
        } catch (Exception e) {
            throw new IllegalStateException("Could not create the ACLs of " + bootstrapServers, e);
        }
    }

    private void awaitReady(Duration timeout) {
        Map<String, Object> conf = adminConfig();
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
