package com.scoville.service.cluster;

import com.scoville.devstack.ClusterNode;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class LocalClusterTest {
    private static final ClusterNode NODE = new ClusterNode(1, ClusterNode.portsFrom(19092, 3), "test-cluster");
    private static final ClusterCredentials CREDENTIALS = ClusterCredentials.fromEnv(Map.of());

    @Test
    void shouldGiveTheInstancesFewerFullerTransactionsThanASingleProcess() {
        Map<String, String> env = LocalCluster.instanceEnv(layout(Map.of()), CREDENTIALS, NODE, 2, Map.of());

        assertThat(env).containsEntry("FRESH_COMMIT_MS", LocalCluster.CLUSTER_COMMIT_GAP_MS)
                .containsEntry("STANDBY_REPLICAS", "1").containsEntry("SEED_CATALOG", "false");
    }

    @Test
    void shouldLeaveTheCommitGapToTheCallerWhoNamesOne() {
        // named in this process's environment, which the instance inherits
        assertThat(LocalCluster.instanceEnv(layout(Map.of()), CREDENTIALS, NODE, 1, Map.of("FRESH_COMMIT_MS", "100")))
                .doesNotContainKey("FRESH_COMMIT_MS");
        // or in the layout's settings for every instance
        assertThat(LocalCluster.instanceEnv(layout(Map.of("FRESH_COMMIT_MS", "50")), CREDENTIALS, NODE, 1, Map.of()))
                .containsEntry("FRESH_COMMIT_MS", "50");
    }

    @Test
    void shouldPickPortsBelowTheEphemeralRangeWhereClientConnectionsCouldTakeThem() {
        for (int i = 0; i < 200; i++) {
            int base = LocalCluster.freePortRange(3);
            // the part binds base..base+2 and base+100..base+102; Linux hands out client ports from 32768
            assertThat(base).isGreaterThanOrEqualTo(20_000);
            assertThat(base + 100 + 2).isLessThan(32_768);
        }
    }

    private static LocalCluster.Layout layout(Map<String, String> serviceEnv) {
        return new LocalCluster.Layout(3, 3, 19092, 18081, 17070, Path.of("cluster-data"), serviceEnv, List.of());
    }
}
