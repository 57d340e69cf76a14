package com.scoville.bench;

import com.scoville.service.ScovilleService;
import com.scoville.kafka.ScovilleConfig;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/** The service under load: the embedded stack started here on free ports, or a running one named by its URLs. */
final class BenchTarget implements AutoCloseable {
    final String httpUrl;
    final String bootstrap;
    final String registryUrl;
    final boolean embedded;
    final Map<String, String> embeddedEnv;
    private final ScovilleService service;
    private final Path dataDir;
    private final boolean keepData;

    private BenchTarget(String httpUrl, String bootstrap, String registryUrl, ScovilleService service, Path dataDir,
                        Map<String, String> embeddedEnv, boolean keepData) {
        this.httpUrl = httpUrl == null ? null : httpUrl.replaceAll("/+$", "");
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.service = service;
        this.embedded = service != null;
        this.dataDir = dataDir;
        this.embeddedEnv = embeddedEnv;
        this.keepData = keepData;
    }

    /** Starts the embedded stack (with {@code scenarioEnv}, then the user's --env on top) or names the running service. */
    static BenchTarget open(CommonOptions options, Map<String, String> scenarioEnv) throws IOException {
        if (!options.embedded) {
            return new BenchTarget(options.target, options.bootstrap, options.registry, null, null, Map.of(), false);
        }
        Path dir = Files.createTempDirectory("scoville-bench-");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_PORT", "0");
        env.put("REGISTRY_PORT", "0");
        env.put("HTTP_PORT", "0");
        env.put("DATA_DIR", dir.toString());
        env.put("STATE_DIR", dir.resolve("state").toString());
        env.putAll(scenarioEnv);
        env.putAll(options.env);
        System.out.println("Starting the embedded stack in " + dir + " ...");
        long begin = System.nanoTime();
        ScovilleService service = ScovilleService.start(ScovilleConfig.from(env));
        try {
            service.awaitReady(Duration.ofMinutes(2));
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
        System.out.printf("Embedded stack ready in %d ms: %s, Kafka %s, registry %s%n",
                (System.nanoTime() - begin) / 1_000_000, service.httpUrl(), service.bootstrapServers(), service.registryUrl());
        return new BenchTarget(service.httpUrl(), service.bootstrapServers(), service.registryUrl(), service, dir, env, options.keepData);
    }

    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("embedded", embedded);
        d.put("httpUrl", httpUrl);
        d.put("bootstrap", bootstrap);
        d.put("registry", registryUrl);
        if (embedded) {
            d.put("env", embeddedEnv);
        }
        return d;
    }

    @Override
    public void close() {
        if (service == null) {
            return;
        }
        service.close();
        if (!keepData) {
            Folders.deleteQuietly(dataDir);
        }
    }
}
