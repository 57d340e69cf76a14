package com.scoville.service.it;

import com.scoville.service.ScovilleService;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;

/**
 * One embedded stack of its own for a jqwik container, which runs no JUnit Jupiter {@code @BeforeAll} or
 * {@code @TempDir}: what {@link SharedStack} gives a Jupiter class. Its data folder goes with it.
 */
final class OwnStack implements AutoCloseable {
    final ScovilleService service;
    final Http http;
    private final Path dataDir;

    private OwnStack(Path dataDir, ScovilleService service) {
        this.dataDir = dataDir;
        this.service = service;
        this.http = new Http(service.httpUrl());
    }

    static OwnStack start(String name) {
        try {
            Path dataDir = Files.createTempDirectory(name);
            return new OwnStack(dataDir, Stack.embedded(dataDir, Map.of()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        service.close();
        try (Stream<Path> files = Files.walk(dataDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
