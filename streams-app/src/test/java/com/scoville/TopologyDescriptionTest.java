package com.scoville;

import com.scoville.kafka.Topics;
import com.scoville.registry.InMemorySchemaRegistry;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Pins the topology's shape: processor, store and topic names. Renaming a store orphans its state and
 * its changelog, so a rename must be a decision (update topology.txt), never an accident.
 */
class TopologyDescriptionTest {
    private static final Path PINNED = Path.of("src/test/resources/topology.txt");

    @Test
    void shouldKeepEveryProcessorStoreAndTopicName() throws IOException {
        String described = ScovilleTopology.build(new ScovilleTopology.Settings(Duration.ofMinutes(15), Duration.ofSeconds(1), 50, 1000,
                Duration.ofHours(1), 6), new Topics(new InMemorySchemaRegistry(), 6)).describe().toString();
        if (Boolean.getBoolean("topology.update")) {
            Files.writeString(PINNED, described, StandardCharsets.UTF_8);
        }
        assertThat(described).as("topology changed: if on purpose, run with -Dtopology.update=true and commit topology.txt")
                .isEqualTo(Files.readString(PINNED, StandardCharsets.UTF_8));
    }
}
