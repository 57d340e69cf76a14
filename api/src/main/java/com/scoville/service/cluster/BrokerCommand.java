package com.scoville.service.cluster;

import com.scoville.devstack.ClusterNode;
import com.scoville.devstack.EmbeddedKafka;
import com.scoville.devstack.KafkaSecurity;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;

/** One KRaft node (broker and controller) of a cluster on this machine, until SIGTERM. */
@Command(name = "broker", mixinStandardHelpOptions = true,
        description = "Runs one Kafka broker (KRaft, broker and controller) of a cluster on this machine.")
public final class BrokerCommand implements Callable<Integer> {
    @Option(names = "--node-id", required = true, description = "This node, 1 to --nodes.")
    int nodeId;
    @Option(names = "--nodes", defaultValue = "3", description = "Nodes in the cluster (default: ${DEFAULT-VALUE}).")
    int nodes;
    @Option(names = "--base-port", defaultValue = "" + LocalCluster.DEFAULT_BROKER_PORT,
            description = "Broker port of node 1; node n listens on base+n-1, its controller on base+100+n-1 (default: ${DEFAULT-VALUE}).")
    int basePort;
    @Option(names = "--cluster-id", defaultValue = LocalCluster.DEFAULT_CLUSTER_ID,
            description = "Cluster id, the same on every node (default: ${DEFAULT-VALUE}).")
    String clusterId;
    @Option(names = "--data", description = "Log folder (default: data/cluster/broker-<node-id>).")
    Path data;
    @Option(names = "--plaintext", description = "No SASL and no ACLs: anyone on this machine may do anything (default: SASL/SCRAM with"
            + " the users of " + ClusterCredentials.ADMIN_PASSWORD_ENV + ", " + ClusterCredentials.SERVICE_PASSWORD_ENV + " and "
            + ClusterCredentials.PARTNER_PASSWORD_ENV + ", or their development defaults).")
    boolean plaintext;

    @Override
    public Integer call() throws InterruptedException {
        ClusterNode node = new ClusterNode(nodeId, ClusterNode.portsFrom(basePort, nodes), clusterId);
        Path folder = data != null ? data : Path.of("data", "cluster", "broker-" + nodeId);
        Optional<KafkaSecurity> security = plaintext ? Optional.empty()
                : Optional.of(ClusterCredentials.fromEnv(System.getenv()).kafkaSecurity());
        EmbeddedKafka broker = EmbeddedKafka.start(folder, node, Duration.ofMinutes(2), security);
        CountDownLatch stopped = new CountDownLatch(1);
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            broker.close();
            stopped.countDown();
        }, "shutdown"));
        System.out.printf("Broker %d of %d ready at %s (cluster %s, %s)%n", nodeId, nodes, broker.bootstrapServers(), node.bootstrapServers(),
                broker.secured() ? "SASL/SCRAM-SHA-256 and ACLs" : "PLAINTEXT without login or ACLs");
        stopped.await();
        return 0;
    }
}
