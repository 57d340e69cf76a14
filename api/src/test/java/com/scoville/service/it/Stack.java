package com.scoville.service.it;

import com.scoville.kafka.ScovilleConfig;
import com.scoville.service.ScovilleService;

import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;

/** Starts the real service in this JVM on free ports, with its data under a test folder. */
public final class Stack {
    /** Rate limits no test reaches (but the rate-limit test, which sets its own). */
    public static final String UNLIMITED = "customer=100000/s,channel=100000/s,admin=100000/s,analyst=100000/s,anonymous=100000/s";

    private Stack() { }

    /** The embedded default: its own broker and registry. */
    public static ScovilleService embedded(Path dataDir, Map<String, String> extra) {
        Map<String, String> env = new HashMap<>(Map.of(
                "KAFKA_PORT", "0", "REGISTRY_PORT", "0", "HTTP_PORT", "0",
                "DATA_DIR", dataDir.toString(), "STATE_DIR", dataDir.resolve("state").toString(),
                "PARTITIONS", "3", "STREAM_THREADS", "2", "COMMIT_INTERVAL_MS", "20", "RATE_LIMITS", UNLIMITED));
        // webhook retries in tenths of seconds, so that a test sees retries and dead letters in seconds
        env.putAll(Map.of("WEBHOOK_FIRST_RETRY", "PT0.2S", "WEBHOOK_MAX_RETRY_DELAY", "PT1S", "WEBHOOK_TIMEOUT", "PT2S"));
        env.putAll(extra);
        return ScovilleService.start(ScovilleConfig.from(env)).awaitReady(Duration.ofMinutes(2));
    }

    /** Another instance on the broker and registry of {@code first}: it starts neither. */
    public static ScovilleService joining(ScovilleService first, Path stateDir) {
        Map<String, String> env = new HashMap<>(first.config().asEnv());
        env.put("KAFKA_BOOTSTRAP_SERVERS", first.bootstrapServers());
        env.put("SCHEMA_REGISTRY_URL", first.registryUrl());
        env.put("HTTP_PORT", "0");
        env.put("STATE_DIR", stateDir.toString());
        env.put("SEED_CATALOG", "false");
        // one issuer for the whole cluster: the first instance's development issuer
        env.put("OAUTH_ISSUER", first.issuer());
        return ScovilleService.start(ScovilleConfig.from(env)).awaitReady(Duration.ofMinutes(2));
    }
}
