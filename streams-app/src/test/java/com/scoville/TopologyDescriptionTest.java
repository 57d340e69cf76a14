package com.scoville;

import com.scoville.kafka.Topic;
import com.scoville.kafka.Topics;
import com.scoville.registry.InMemorySchemaRegistry;
import org.apache.kafka.streams.TopologyDescription;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the topology's shape: processor, store and topic names. Renaming a store orphans its state and
 * its changelog, so a rename must be a decision (update topology.txt), never an accident.
 */
class TopologyDescriptionTest {
    private static final Path PINNED = Path.of("src/test/resources/topology.txt");

    private final Topics topics = new Topics(new InMemorySchemaRegistry(), 6);
    private final TopologyDescription topology = ScovilleTopology.build(new ScovilleTopology.Settings(Duration.ofMinutes(15),
            Duration.ofSeconds(1), 50, 1000, Duration.ofHours(1), 6), topics).describe();

    @Test
    void shouldKeepEveryProcessorStoreAndTopicName() throws IOException {
        String described = topology.toString();
        if (Boolean.getBoolean("topology.update")) {
            Files.writeString(PINNED, described, StandardCharsets.UTF_8);
        }
        assertThat(described).as("topology changed: if on purpose, run with -Dtopology.update=true and commit topology.txt")
                .isEqualTo(Files.readString(PINNED, StandardCharsets.UTF_8));
    }

    @Test
    void shouldReadEveryGlobalStoreFromATopicOfOnePartition() {
        // a start restores a global store one partition after another, each waiting out a fetch at the broker, and every
        // instance reads the whole topic anyway
        Map<String, Integer> partitions = topics.all().stream().collect(Collectors.toMap(Topic::name, Topic::partitions));
        Set<String> globalSources = topology.globalStores().stream().flatMap(g -> g.source().topicSet().stream())
                .collect(Collectors.toSet());

        assertThat(globalSources).containsExactlyInAnyOrder("products", "alerts", "audit");
        assertThat(globalSources).allSatisfy(topic -> assertThat(partitions.get(topic)).as(topic).isEqualTo(Topics.GLOBAL_PARTITIONS));
        assertThat(Topics.GLOBAL_PARTITIONS).isEqualTo(1);
        assertThat(partitions.get("orders")).isEqualTo(6);
    }
}
