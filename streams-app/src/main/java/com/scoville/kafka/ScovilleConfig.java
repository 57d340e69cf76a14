package com.scoville.kafka;

import com.scoville.Bounds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service's whole configuration, typed and validated, read from the environment.
 * Each setting is declared once in {@link #SETTINGS} with its variable, default and meaning;
 * what the operator sets always wins over the default.
 */
public record ScovilleConfig(
        Optional<String> kafkaBootstrapServers,
        int embeddedKafkaPort,
        Optional<String> schemaRegistryUrl,
        String embeddedRegistryHost,
        int embeddedRegistryPort,
        String httpHost,
        int httpPort,
        Optional<String> advertisedHttpUrl,
        Path dataDir,
        Path stateDir,
        boolean seedCatalog,
        Duration reservationTtl,
        Duration analyticsGrace,
        Duration expiryScanInterval,
        String applicationId,
        int partitions,
        short replicationFactor,
        int streamThreads,
        int standbyReplicas,
        long commitIntervalMs,
        int maxOrderLines,
        int maxLineQuantity) {

    /** One environment variable: its name, default (null: unset) and what it means. */
    public record Setting(String env, String defaultValue, String doc) { }

    public static final List<Setting> SETTINGS = List.of(
            new Setting("KAFKA_BOOTSTRAP_SERVERS", null, "Kafka cluster to use; unset: start an embedded broker"),
            new Setting("KAFKA_PORT", "9092", "port of the embedded broker (0: any free port)"),
            new Setting("SCHEMA_REGISTRY_URL", null, "Confluent-compatible schema registry; unset: start an embedded one"),
            new Setting("REGISTRY_HOST", "127.0.0.1", "host the embedded schema registry listens on"),
            new Setting("REGISTRY_PORT", "8081", "port of the embedded schema registry (0: any free port)"),
            new Setting("HTTP_HOST", "127.0.0.1", "host the HTTP API listens on"),
            new Setting("HTTP_PORT", "7070", "port of the HTTP API (0: any free port)"),
            new Setting("ADVERTISED_HTTP_URL", null, "URL other instances use to reach this one; unset: http://HTTP_HOST:HTTP_PORT"),
            new Setting("DATA_DIR", "./data", "folder of the embedded broker's data (under kafka/)"),
            new Setting("STATE_DIR", "./data/state", "Kafka Streams state (RocksDB stores)"),
            new Setting("SEED_CATALOG", "true", "seed the demo catalog on first start when the catalog is empty"),
            new Setting("RESERVATION_TTL", "PT15M", "how long an unpaid reservation holds stock (ISO-8601 duration, or seconds)"),
            new Setting("ANALYTICS_GRACE", "PT1H", "how late a sale or rating may arrive and still count in its own window"),
            new Setting("EXPIRY_SCAN_INTERVAL", "PT5S", "how often expired reservations are looked for (each look commits a transaction, even idle)"),
            new Setting("APPLICATION_ID", "scoville", "Kafka Streams application id (consumer group and internal topic prefix)"),
            new Setting("PARTITIONS", "6", "partitions of the order- and product-partitioned topics"),
            new Setting("REPLICATION_FACTOR", "1", "replication factor of the topics the service creates"),
            new Setting("STREAM_THREADS", "2", "Kafka Streams threads of this instance"),
            new Setting("STANDBY_REPLICAS", "0", "warm copies of each store on other instances"),
            new Setting("COMMIT_INTERVAL_MS", "50", "exactly-once commit interval: lower is fresher, higher is cheaper"),
            new Setting("MAX_ORDER_LINES", "50", "most lines in one order (1 to " + Bounds.MAX_ORDER_LINES + ")"),
            new Setting("MAX_LINE_QUANTITY", "1000", "most units of one SKU in one line (1 to " + Bounds.MAX_LINE_QUANTITY + ")"));

    public static ScovilleConfig fromEnv() {
        return from(System.getenv());
    }

    /** Reads the settings from {@code env}; a variable missing or blank takes its default. */
    public static ScovilleConfig from(Map<String, String> env) {
        Map<String, String> values = new LinkedHashMap<>();
        for (Setting s : SETTINGS) {
            String v = env.get(s.env());
            values.put(s.env(), v == null || v.isBlank() ? s.defaultValue() : v.trim());
        }
        Reader r = new Reader(values);
        Path dataDir = Path.of(r.string("DATA_DIR"));
        return new ScovilleConfig(
                r.optional("KAFKA_BOOTSTRAP_SERVERS"),
                r.port("KAFKA_PORT"),
                r.optional("SCHEMA_REGISTRY_URL"),
                r.string("REGISTRY_HOST"),
                r.port("REGISTRY_PORT"),
                r.string("HTTP_HOST"),
                r.port("HTTP_PORT"),
                r.optional("ADVERTISED_HTTP_URL"),
                dataDir,
                Path.of(r.string("STATE_DIR")),
                r.bool("SEED_CATALOG"),
                r.duration("RESERVATION_TTL"),
                r.duration("ANALYTICS_GRACE"),
                r.duration("EXPIRY_SCAN_INTERVAL"),
                r.string("APPLICATION_ID"),
                r.intAtLeast("PARTITIONS", 1),
                (short) r.intAtLeast("REPLICATION_FACTOR", 1),
                r.intAtLeast("STREAM_THREADS", 1),
                r.intAtLeast("STANDBY_REPLICAS", 0),
                r.intAtLeast("COMMIT_INTERVAL_MS", 1),
                r.intBetween("MAX_ORDER_LINES", 1, Bounds.MAX_ORDER_LINES),
                r.intBetween("MAX_LINE_QUANTITY", 1, Bounds.MAX_LINE_QUANTITY));
    }

    public boolean embeddedKafka() {
        return kafkaBootstrapServers.isEmpty();
    }

    public boolean embeddedRegistry() {
        return schemaRegistryUrl.isEmpty();
    }

    public Path kafkaDataDir() {
        return dataDir.resolve("kafka");
    }

    /** A copy with other values, for tests and for the embedded mode once ports are known. */
    public ScovilleConfig with(Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(asEnv());
        env.putAll(overrides);
        return from(env);
    }

    /** This configuration as the environment that would produce it. */
    public Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        kafkaBootstrapServers.ifPresent(v -> env.put("KAFKA_BOOTSTRAP_SERVERS", v));
        env.put("KAFKA_PORT", String.valueOf(embeddedKafkaPort));
        schemaRegistryUrl.ifPresent(v -> env.put("SCHEMA_REGISTRY_URL", v));
        env.put("REGISTRY_HOST", embeddedRegistryHost);
        env.put("REGISTRY_PORT", String.valueOf(embeddedRegistryPort));
        env.put("HTTP_HOST", httpHost);
        env.put("HTTP_PORT", String.valueOf(httpPort));
        advertisedHttpUrl.ifPresent(v -> env.put("ADVERTISED_HTTP_URL", v));
        env.put("DATA_DIR", dataDir.toString());
        env.put("STATE_DIR", stateDir.toString());
        env.put("SEED_CATALOG", String.valueOf(seedCatalog));
        env.put("RESERVATION_TTL", reservationTtl.toString());
        env.put("ANALYTICS_GRACE", analyticsGrace.toString());
        env.put("EXPIRY_SCAN_INTERVAL", expiryScanInterval.toString());
        env.put("APPLICATION_ID", applicationId);
        env.put("PARTITIONS", String.valueOf(partitions));
        env.put("REPLICATION_FACTOR", String.valueOf(replicationFactor));
        env.put("STREAM_THREADS", String.valueOf(streamThreads));
        env.put("STANDBY_REPLICAS", String.valueOf(standbyReplicas));
        env.put("COMMIT_INTERVAL_MS", String.valueOf(commitIntervalMs));
        env.put("MAX_ORDER_LINES", String.valueOf(maxOrderLines));
        env.put("MAX_LINE_QUANTITY", String.valueOf(maxLineQuantity));
        return env;
    }

    /** Parses one value at a time and names the variable in every error. */
    private record Reader(Map<String, String> values) {
        Optional<String> optional(String key) {
            return Optional.ofNullable(values.get(key));
        }

        String string(String key) {
            return values.get(key);
        }

        boolean bool(String key) {
            return parse(key, v -> switch (v.toLowerCase()) {
                case "true", "yes", "1" -> true;
                case "false", "no", "0" -> false;
                default -> throw new IllegalArgumentException("expected true or false");
            });
        }

        int port(String key) {
            int port = parse(key, Integer::parseInt);
            if (port < 0 || port > 65535) {
                throw invalid(key, "a port is 0 to 65535");
            }
            return port;
        }

        int intAtLeast(String key, int min) {
            int n = parse(key, Integer::parseInt);
            if (n < min) {
                throw invalid(key, "must be at least " + min);
            }
            return n;
        }

        int intBetween(String key, int min, int max) {
            int n = intAtLeast(key, min);
            if (n > max) {
                throw invalid(key, "must be at most " + max);
            }
            return n;
        }

        Duration duration(String key) {
            Duration d = parse(key, v -> v.chars().allMatch(Character::isDigit)
                    ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v));
            if (d.isNegative() || d.isZero()) {
                throw invalid(key, "must be positive");
            }
            return d;
        }

        private <T> T parse(String key, Function<String, T> parser) {
            String v = values.get(key);
            try {
                return parser.apply(v);
            } catch (RuntimeException e) {
                throw invalid(key, "cannot read '" + v + "': " + e.getMessage());
            }
        }

        private static IllegalArgumentException invalid(String key, String why) {
            return new IllegalArgumentException("Configuration " + key + ": " + why);
        }
    }
}
