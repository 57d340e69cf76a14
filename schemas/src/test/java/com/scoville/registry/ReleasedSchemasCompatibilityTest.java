package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.apache.avro.Schema;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/** Every schema ever released (a folder under schemas/released) must stay readable by the current schema of the same name. */
class ReleasedSchemasCompatibilityTest {

    private static final Path RELEASED = Path.of("released");
    private static final Path CURRENT = Path.of("src/main/avro");

    @Test
    void shouldHaveAtLeastOneReleasedVersion() throws IOException {
        assertThat(versions()).isNotEmpty();
        assertThat(AvscFiles.list(versions().get(0))).isNotEmpty();
    }

    @TestFactory
    Stream<DynamicTest> shouldReadEveryReleasedSchemaWithCurrentSchemaOfSameName() throws IOException {
        Map<String, Schema> current = AvscFiles.parseAll(CURRENT);
        return versions().stream().flatMap(version -> AvscFiles.parseAll(version).entrySet().stream()
                .map(released -> DynamicTest.dynamicTest(version.getFileName() + " " + released.getKey(), () -> {
                    // given the released schema and the current one of the same full name
                    Schema now = current.get(released.getKey());
                    assertThat(now).as("current schema named %s (a released type may not disappear)", released.getKey()).isNotNull();

                    // when the current one reads data written with the released one
                    List<String> problems = CompatibilityLevel.BACKWARD.check(now, List.of(released.getValue()));

                    // then nothing is in the way
                    assertThat(problems).as("BACKWARD from %s %s", version.getFileName(), released.getKey()).isEmpty();
                })));
    }

    private static List<Path> versions() throws IOException {
        try (Stream<Path> folders = Files.list(RELEASED)) {
            return folders.filter(Files::isDirectory).sorted().toList();
        }
    }
}
