package com.scoville.kafka;

import com.scoville.Bounds;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;

/**
 * The service's whole configuration, typed and validated, read from the environment. Each setting is declared
 * once below, with its variable, type, default and meaning; the README's table is checked against this list.
 * What the operator sets always wins over the default.
 */
public final class ScovilleConfig {
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Optional<String>> KAFKA_BOOTSTRAP_SERVERS = optional("KAFKA_BOOTSTRAP_SERVERS",
            "Kafka cluster to use; unset: start an embedded broker");
    public static final Setting<Integer> KAFKA_PORT = port("KAFKA_PORT", "9092", "port of the embedded broker (0: any free port)");
    public static final Setting<Optional<String>> SCHEMA_REGISTRY_URL = optional("SCHEMA_REGISTRY_URL",
            "Confluent-compatible schema registry; unset: start an embedded one");
    public static final Setting<String> REGISTRY_HOST = text("REGISTRY_HOST", "127.0.0.1", "host the embedded schema registry listens on");
    public static final Setting<Integer> REGISTRY_PORT = port("REGISTRY_PORT", "8081", "port of the embedded schema registry (0: any free port)");
    public static final Setting<String> HTTP_HOST = text("HTTP_HOST", "127.0.0.1", "host the HTTP API listens on");
    public static final Setting<Integer> HTTP_PORT = port("HTTP_PORT", "7070", "port of the HTTP API (0: any free port)");
    public static final Setting<Optional<String>> ADVERTISED_HTTP_URL = optional("ADVERTISED_HTTP_URL",
            "URL other instances use to reach this one; unset: http://HTTP_HOST:HTTP_PORT");
    public static final Setting<Path> DATA_DIR = path("DATA_DIR", "./data", "folder of the embedded broker's data (under kafka/)");
    public static final Setting<Path> STATE_DIR = path("STATE_DIR", "./data/state", "Kafka Streams state (RocksDB stores)");
    public static final Setting<Boolean> SEED_CATALOG = bool("SEED_CATALOG", "true", "seed the demo catalog on first start when the catalog is empty");
    public static final Setting<Duration> RESERVATION_TTL = duration("RESERVATION_TTL", "PT15M",
            "how long an unpaid reservation holds stock (ISO-8601 duration, or seconds)");
    public static final Setting<Duration> ANALYTICS_GRACE = duration("ANALYTICS_GRACE", "PT1H",
            "how late a sale or rating may arrive and still count in its own window");
    public static final Setting<Duration> EXPIRY_SCAN_INTERVAL = duration("EXPIRY_SCAN_INTERVAL", "PT5S",
            "how often expired reservations are looked for (each look commits a transaction, even idle)");
    public static final Setting<String> APPLICATION_ID = text("APPLICATION_ID", "scoville",
            "Kafka Streams application id (consumer group and internal topic prefix)");
    public static final Setting<Integer> PARTITIONS = atLeast("PARTITIONS", "6", 1, "partitions of the order- and product-partitioned topics");
    public static final Setting<Integer> REPLICATION_FACTOR = between("REPLICATION_FACTOR", "1", 1, Short.MAX_VALUE,
            "replication factor of the topics the service creates");
    public static final Setting<Integer> STREAM_THREADS = atLeast("STREAM_THREADS", "2", 1, "Kafka Streams threads of this instance");
    public static final Setting<Integer> STANDBY_REPLICAS = atLeast("STANDBY_REPLICAS", "0", 0, "warm copies of each store on other instances");
    public static final Setting<Integer> COMMIT_INTERVAL_MS = atLeast("COMMIT_INTERVAL_MS", "50", 1,
            "exactly-once commit interval: an order's decision is visible after the commit that follows it; lower is fresher, higher is cheaper");
    public static final Setting<Integer> POLL_MS = atLeast("POLL_MS", "10", 1,
            "longest a stream thread waits for records before it commits or punctuates; keep it well below COMMIT_INTERVAL_MS, or a waiting commit stalls every waiting order");
    public static final Setting<Integer> MAX_POLL_RECORDS = atLeast("MAX_POLL_RECORDS", "500", 1,
            "most records a stream thread takes in one poll: smaller polls make smaller transactions");
    public static final Setting<Integer> PRODUCER_LINGER_MS = atLeast("PRODUCER_LINGER_MS", "2", 0,
            "how long the stream threads' producers wait to fill a batch");
    public static final Setting<Integer> MAX_ORDER_LINES = between("MAX_ORDER_LINES", "50", 1, Bounds.MAX_ORDER_LINES,
            "most lines in one order (1 to " + Bounds.MAX_ORDER_LINES + ")");
    public static final Setting<Integer> MAX_LINE_QUANTITY = between("MAX_LINE_QUANTITY", "1000", 1, Bounds.MAX_LINE_QUANTITY,
            "most units of one SKU in one line (1 to " + Bounds.MAX_LINE_QUANTITY + ")");

    /** Every setting, in the order of the README's table. */
    public static final List<Setting<?>> SETTINGS = Collections.unmodifiableList(DECLARED);

    /** One environment variable: its name, default (null: unset), meaning, and how its text becomes a value. */
    public record Setting<T>(String env, String defaultValue, String doc, Function<String, T> parser) {
        T read(String raw) {
            try {
                return parser.apply(raw);
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("Configuration " + env + ": cannot read '" + raw + "': " + e.getMessage(), e);
            }
        }
    }

    private final Map<String, String> raw;
    private final Map<Setting<?>, Object> values;

    private ScovilleConfig(Map<String, String> raw) {
        this.raw = raw;
        Map<Setting<?>, Object> read = new LinkedHashMap<>();
        for (Setting<?> s : SETTINGS) {
            read.put(s, s.read(raw.get(s.env())));
        }
        this.values = read;
    }

    public static ScovilleConfig fromEnv() {
        return from(System.getenv());
    }

    /** Reads the settings from {@code env}; a variable missing or blank takes its default. */
    public static ScovilleConfig from(Map<String, String> env) {
        Map<String, String> raw = new LinkedHashMap<>();
        for (Setting<?> s : SETTINGS) {
            String v = env.get(s.env());
            raw.put(s.env(), v == null || v.isBlank() ? s.defaultValue() : v.trim());
        }
        return new ScovilleConfig(raw);
    }

    /** The value of one setting. */
    @SuppressWarnings("unchecked")
    public <T> T get(Setting<T> setting) {
        return (T) values.get(setting);
    }

    /** A copy with other values, for tests and for the embedded mode once ports are known. */
    public ScovilleConfig with(Map<String, String> overrides) {
        Map<String, String> env = new LinkedHashMap<>(asEnv());
        env.putAll(overrides);
        return from(env);
    }

    /** This configuration as the environment that would produce it (unset optional settings left out). */
    public Map<String, String> asEnv() {
        Map<String, String> env = new LinkedHashMap<>();
        raw.forEach((k, v) -> {
            if (v != null) {
                env.put(k, v);
            }
        });
        return env;
    }

    public Optional<String> kafkaBootstrapServers() {
        return get(KAFKA_BOOTSTRAP_SERVERS);
    }

    public int embeddedKafkaPort() {
        return get(KAFKA_PORT);
    }

    public Optional<String> schemaRegistryUrl() {
        return get(SCHEMA_REGISTRY_URL);
    }

    public String embeddedRegistryHost() {
        return get(REGISTRY_HOST);
    }

    public int embeddedRegistryPort() {
        return get(REGISTRY_PORT);
    }

    public String httpHost() {
        return get(HTTP_HOST);
    }

    public int httpPort() {
        return get(HTTP_PORT);
    }

    public Optional<String> advertisedHttpUrl() {
        return get(ADVERTISED_HTTP_URL);
    }

    public Path dataDir() {
        return get(DATA_DIR);
    }

    public Path stateDir() {
        return get(STATE_DIR);
    }

    public boolean seedCatalog() {
        return get(SEED_CATALOG);
    }

    public Duration reservationTtl() {
        return get(RESERVATION_TTL);
    }

    public Duration analyticsGrace() {
        return get(ANALYTICS_GRACE);
    }

    public Duration expiryScanInterval() {
        return get(EXPIRY_SCAN_INTERVAL);
    }

    public String applicationId() {
        return get(APPLICATION_ID);
    }

    public int partitions() {
        return get(PARTITIONS);
    }

    public short replicationFactor() {
        return get(REPLICATION_FACTOR).shortValue();
    }

    public int streamThreads() {
        return get(STREAM_THREADS);
    }

    public int standbyReplicas() {
        return get(STANDBY_REPLICAS);
    }

    public long commitIntervalMs() {
        return get(COMMIT_INTERVAL_MS);
    }

    public long pollMs() {
        return get(POLL_MS);
    }

    public int maxPollRecords() {
        return get(MAX_POLL_RECORDS);
    }

    public int producerLingerMs() {
        return get(PRODUCER_LINGER_MS);
    }

    public int maxOrderLines() {
        return get(MAX_ORDER_LINES);
    }

    public int maxLineQuantity() {
        return get(MAX_LINE_QUANTITY);
    }

    public boolean embeddedKafka() {
        return kafkaBootstrapServers().isEmpty();
    }

    public boolean embeddedRegistry() {
        return schemaRegistryUrl().isEmpty();
    }

    public Path kafkaDataDir() {
        return dataDir().resolve("kafka");
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof ScovilleConfig c && c.raw.equals(raw);
    }

    @Override
    public int hashCode() {
        return raw.hashCode();
    }

    @Override
    public String toString() {
        return "ScovilleConfig" + raw;
    }

    /** The README's configuration table: one row per setting, in declaration order. */
    public static String markdownTable() {
        StringBuilder table = new StringBuilder("| variable | default | meaning |\n| --- | --- | --- |\n");
        for (Setting<?> s : SETTINGS) {
            table.append("| `").append(s.env()).append("` | ")
                    .append(s.defaultValue() == null ? "unset" : "`" + s.defaultValue() + "`")
                    .append(" | ").append(s.doc()).append(" |\n");
        }
        return table.toString();
    }

    // ---- the kinds of setting --------------------------------------------------------------------------------

    private static <T> Setting<T> declare(String env, String defaultValue, String doc, Function<String, T> parser) {
        Setting<T> setting = new Setting<>(env, defaultValue, doc, parser);
        DECLARED.add(setting);
        return setting;
    }

    private static Setting<Optional<String>> optional(String env, String doc) {
        return declare(env, null, doc, Optional::ofNullable);
    }

    private static Setting<String> text(String env, String defaultValue, String doc) {
        return declare(env, defaultValue, doc, v -> v);
    }

    private static Setting<Path> path(String env, String defaultValue, String doc) {
        return declare(env, defaultValue, doc, Path::of);
    }

    private static Setting<Boolean> bool(String env, String defaultValue, String doc) {
        return declare(env, defaultValue, doc, v -> switch (v.toLowerCase()) {
            case "true", "yes", "1" -> true;
            case "false", "no", "0" -> false;
            default -> throw new IllegalArgumentException("expected true or false");
        });
    }

    private static Setting<Integer> port(String env, String defaultValue, String doc) {
        return between(env, defaultValue, 0, 65535, doc);
    }

    private static Setting<Integer> atLeast(String env, String defaultValue, int min, String doc) {
        return between(env, defaultValue, min, Integer.MAX_VALUE, doc);
    }

    private static Setting<Integer> between(String env, String defaultValue, int min, int max, String doc) {
        return declare(env, defaultValue, doc, v -> {
            int n = Integer.parseInt(v);
            if (n < min || n > max) {
                throw new IllegalArgumentException(max == Integer.MAX_VALUE ? "must be at least " + min
                        : "must be " + min + " to " + max);
            }
            return n;
        });
    }

    private static Setting<Duration> duration(String env, String defaultValue, String doc) {
        return declare(env, defaultValue, doc, v -> {
            Duration d = v.chars().allMatch(Character::isDigit) ? Duration.ofSeconds(Long.parseLong(v)) : Duration.parse(v);
            if (d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException("must be positive");
            }
            return d;
        });
    }
}
