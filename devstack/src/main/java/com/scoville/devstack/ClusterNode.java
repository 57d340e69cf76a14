package com.scoville.devstack;

import java.util.List;
import java.util.stream.IntStream;

/**
 * One node of a KRaft cluster on this machine: every node is broker and controller, node {@code i} (from 1) uses
 * {@code allPorts.get(i - 1)}, and all nodes share one cluster id (the folders are formatted with it).
 *
 * @param nodeId    this node, 1 to {@code allPorts.size()}
 * @param allPorts  the broker and controller port of every node, in node order
 * @param clusterId the cluster id, the same for every node (Kafka's base64 UUID form)
 */
public record ClusterNode(int nodeId, List<Ports> allPorts, String clusterId) {
    /** The most nodes a cluster on one machine has: replication beyond three buys nothing here. */
    public static final int MAX_NODES = 5;
    /** Every node listens on loopback only: this is a cluster for one machine. */
    public static final String HOST = "127.0.0.1";

    public ClusterNode {
        allPorts = List.copyOf(allPorts);
        if (allPorts.isEmpty() || allPorts.size() > MAX_NODES) {
            throw new IllegalArgumentException("A cluster has 1 to " + MAX_NODES + " nodes, not " + allPorts.size());
        }
        if (nodeId < 1 || nodeId > allPorts.size()) {
            throw new IllegalArgumentException("Node id " + nodeId + " is not in 1.." + allPorts.size());
        }
    }

    /** The broker (client) port and the controller (quorum) port of one node. */
    public record Ports(int brokerPort, int controllerPort) { }

    /** Node ports laid out from {@code basePort}: broker ports {@code base, base+1, ...}, controller ports 100 above. */
    public static List<Ports> portsFrom(int basePort, int nodes) {
        return IntStream.range(0, nodes).mapToObj(i -> new Ports(basePort + i, basePort + 100 + i)).toList();
    }

    public Ports ports() {
        return allPorts.get(nodeId - 1);
    }

    public int size() {
        return allPorts.size();
    }

    /** Replicas per partition: every node, up to three. */
    public int replicationFactor() {
        return Math.min(3, size());
    }

    /** A write needs every replica but one, so one node may be down (one replica: that one). */
    public int minInSyncReplicas() {
        return Math.max(1, replicationFactor() - 1);
    }

    /** {@code controller.quorum.voters}: {@code id@host:controllerPort} of every node. */
    public String voters() {
        return String.join(",", IntStream.range(0, size())
                .mapToObj(i -> (i + 1) + "@" + HOST + ":" + allPorts.get(i).controllerPort()).toList());
    }

    /** The bootstrap servers of the whole cluster. */
    public String bootstrapServers() {
        return String.join(",", allPorts.stream().map(p -> HOST + ":" + p.brokerPort()).toList());
    }
}
