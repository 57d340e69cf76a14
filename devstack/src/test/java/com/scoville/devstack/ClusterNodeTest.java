package com.scoville.devstack;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The layout of a cluster on one machine: ports, voters, and how many replicas a write needs. */
class ClusterNodeTest {

    @Test
    void shouldLayOutBrokerAndControllerPortsAndNameEveryVoter() {
        ClusterNode second = new ClusterNode(2, ClusterNode.portsFrom(19092, 3), "id");

        assertThat(second.ports()).isEqualTo(new ClusterNode.Ports(19093, 19193));
        assertThat(second.voters()).isEqualTo("1@127.0.0.1:19192,2@127.0.0.1:19193,3@127.0.0.1:19194");
        assertThat(second.bootstrapServers()).isEqualTo("127.0.0.1:19092,127.0.0.1:19093,127.0.0.1:19094");
    }

    @Test
    void shouldReplicateThreeTimesAndNeedTwoInSyncOnThreeOrMoreNodesAndOneOnOne() {
        assertThat(new ClusterNode(1, ClusterNode.portsFrom(1000, 3), "id").replicationFactor()).isEqualTo(3);
        assertThat(new ClusterNode(1, ClusterNode.portsFrom(1000, 3), "id").minInSyncReplicas()).isEqualTo(2);
        assertThat(new ClusterNode(1, ClusterNode.portsFrom(1000, 5), "id").replicationFactor()).isEqualTo(3);
        assertThat(new ClusterNode(1, ClusterNode.portsFrom(1000, 1), "id").minInSyncReplicas()).isEqualTo(1);
    }

    @Test
    void shouldRefuseANodeOutsideTheCluster() {
        assertThatThrownBy(() -> new ClusterNode(4, ClusterNode.portsFrom(1000, 3), "id")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new ClusterNode(1, ClusterNode.portsFrom(1000, 6), "id")).isInstanceOf(IllegalArgumentException.class);
    }
}
