package com.scoville.bench;

import com.scoville.kafka.ScovilleConfig;
import com.scoville.service.ScovilleService;
import com.scoville.service.cluster.LocalCluster;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Stream;

/**
 * The service under load: the embedded stack started here on free ports, a local cluster of separate processes
 * started here, or a running service named by its URLs.
 */
final class BenchTarget implements AutoCloseable {
    final String httpUrl;
    final String bootstrap;
    final String registryUrl;
    final boolean embedded;
    final Map<String, String> embeddedEnv;
    /** The local cluster this run started, or null. */
    final LocalCluster cluster;
    /** The Authorization header every request to the service carries. */
    final String authorization;
    private final ScovilleService service;
    private final Path dataDir;
    private final boolean keepData;

    /** Rate limits the load never reaches, for the embedded stack or cluster (a --env RATE_LIMITS=... wins). */
    static final String UNLIMITED = "customer=1000000/s,channel=1000000/s,admin=1000000/s,analyst=1000000/s,anonymous=1000000/s";

    private BenchTarget(String httpUrl, String bootstrap, String registryUrl, ScovilleService service, LocalCluster cluster,
                        Path dataDir, Map<String, String> embeddedEnv, boolean keepData, CommonOptions options) {
        this.httpUrl = httpUrl == null ? null : httpUrl.replaceAll("/+$", "");
        this.authorization = this.httpUrl == null ? null : "Bearer " + (options.token != null ? options.token : BenchToken.fetch(
                options.tokenUrl != null ? options.tokenUrl : this.httpUrl + "/oauth2/token", options.clientId, options.clientSecret));
        this.bootstrap = bootstrap;
        this.registryUrl = registryUrl;
        this.service = service;
        this.cluster = cluster;
        this.embedded = service != null;
        this.dataDir = dataDir;
        this.embeddedEnv = embeddedEnv;
        this.keepData = keepData;
    }

    /** Starts the embedded stack (with {@code scenarioEnv}, then the user's --env on top) or names the running service. */
    static BenchTarget open(CommonOptions options, Scenario scenario) throws IOException {
        LocalCluster.Layout layout = scenario.cluster();
        if (layout != null) {
            return cluster(options, layout);
        }
        Map<String, String> scenarioEnv = scenario.embeddedEnv();
        if (!options.embedded) {
            return new BenchTarget(options.target, options.bootstrap, options.registry, null, null, null, Map.of(), false, options);
        }
        Path dir = Files.createTempDirectory("scoville-bench-");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("KAFKA_PORT", "0");
        env.put("REGISTRY_PORT", "0");
        env.put("HTTP_PORT", "0");
        env.put("DATA_DIR", dir.toString());
        env.put("STATE_DIR", dir.resolve("state").toString());
        // the load is one principal (the back office) at up to thousands of requests a second: far above any default limit
        env.put("RATE_LIMITS", UNLIMITED);
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
        return new BenchTarget(service.httpUrl(), service.bootstrapServers(), service.registryUrl(), service, null, dir, env, options.keepData, options);
    }

    /** Starts a local cluster laid out by the scenario, with the user's --env for every instance. */
    private static BenchTarget cluster(CommonOptions options, LocalCluster.Layout layout) throws IOException {
        Path dir = layout.dataDir() != null ? layout.dataDir() : Files.createTempDirectory("scoville-cluster-");
        Map<String, String> env = new LinkedHashMap<>();
        env.put("RATE_LIMITS", UNLIMITED);
        env.putAll(layout.serviceEnv());
        env.putAll(options.env);
        LocalCluster.Layout laid = new LocalCluster.Layout(layout.brokers(), layout.instances(), layout.brokerPort(),
                layout.registryPort(), layout.httpPort(), dir, env, layout.jvmOptions());
        long begin = System.nanoTime();
        LocalCluster cluster = LocalCluster.start(laid, System.out::println);
        System.out.printf("Cluster ready in %d ms: instances %s, Kafka %s, registry %s%n", (System.nanoTime() - begin) / 1_000_000,
                cluster.httpUrls(), cluster.bootstrapServers(), cluster.registryUrl());
        return new BenchTarget(cluster.httpUrls().get(0), cluster.bootstrapServers(), cluster.registryUrl(), null, cluster, dir,
                env, options.keepData || layout.dataDir() != null, options);
    }

    Map<String, Object> describe() {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("embedded", embedded);
        if (cluster != null) {
            d.put("cluster", cluster.describe());
        }
        d.put("httpUrl", httpUrl);
        d.put("bootstrap", bootstrap);
        d.put("registry", registryUrl);
        if (embedded || cluster != null) {
            d.put("env", embeddedEnv);
        }
        return d;
    }

    @Override
    public void close() {
        if (service == null && cluster == null) {
            return;
        }
        if (service != null) {
            service.close();
        }
        if (cluster != null) {
            cluster.close();
        }
        if (!keepData) {
            Folders.deleteQuietly(dataDir);
        }
    }
}
