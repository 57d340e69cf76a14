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

/**
 * The service's whole configuration, typed and validated, read from the environment. Each setting is declared
 * once below, with its variable, type, default and meaning; the README's table is checked against this list.
 * What the operator sets always wins over the default.
 */
public final class ScovilleConfig {
    private static final List<Setting<?>> DECLARED = new ArrayList<>();

    public static final Setting<Optional<String>> KAFKA_BOOTSTRAP_SERVERS = declare(Setting.optional("KAFKA_BOOTSTRAP_SERVERS",
            "Kafka cluster to use; unset: start an embedded broker"));
    public static final Setting<Optional<String>> KAFKA_SASL_USERNAME = declare(Setting.optional("KAFKA_SASL_USERNAME",
            "SASL/SCRAM-SHA-256 user every Kafka client of the service logs in as (with KAFKA_SASL_PASSWORD; unset: PLAINTEXT)"));
    public static final Setting<Optional<String>> KAFKA_SASL_PASSWORD = declare(Setting.optional("KAFKA_SASL_PASSWORD",
            "password of KAFKA_SASL_USERNAME"));
    public static final Setting<Integer> KAFKA_PORT = declare(Setting.port("KAFKA_PORT", "9092", "port of the embedded broker (0: any free port)"));
    public static final Setting<Optional<String>> SCHEMA_REGISTRY_URL = declare(Setting.optional("SCHEMA_REGISTRY_URL",
            "Confluent-compatible schema registry; unset: start an embedded one"));
    public static final Setting<Optional<String>> SCHEMA_REGISTRY_USER_INFO = declare(Setting.optional("SCHEMA_REGISTRY_USER_INFO",
            "`user:password` for the registry (Confluent's `basic.auth.user.info`): sent with every request; the embedded registry then refuses writes without it"));
    public static final Setting<String> REGISTRY_HOST = declare(Setting.text("REGISTRY_HOST", "127.0.0.1", "host the embedded schema registry listens on"));
    public static final Setting<Integer> REGISTRY_PORT = declare(Setting.port("REGISTRY_PORT", "8081", "port of the embedded schema registry (0: any free port)"));
    public static final Setting<String> HTTP_HOST = declare(Setting.text("HTTP_HOST", "127.0.0.1", "host the HTTP API listens on"));
    public static final Setting<Integer> HTTP_PORT = declare(Setting.port("HTTP_PORT", "7070", "port of the HTTP API (0: any free port)"));
    public static final Setting<Optional<String>> ADVERTISED_HTTP_URL = declare(Setting.optional("ADVERTISED_HTTP_URL",
            "URL other instances use to reach this one; unset: http://HTTP_HOST:HTTP_PORT"));
    public static final Setting<Path> DATA_DIR = declare(Setting.path("DATA_DIR", "./data", "folder of the embedded broker's data (under kafka/)"));
    public static final Setting<Optional<String>> STATE_DIR = declare(Setting.optional("STATE_DIR",
            "Kafka Streams state (RocksDB stores); unset: `DATA_DIR`/state (`./data/state` by default)"));
    public static final Setting<Boolean> SEED_CATALOG = declare(Setting.bool("SEED_CATALOG", "true", "seed the demo catalog on first start when the catalog is empty"));
    public static final Setting<Duration> RESERVATION_TTL = declare(Setting.duration("RESERVATION_TTL", "PT15M",
            "how long an unpaid reservation holds stock (ISO-8601 duration, or seconds)"));
    public static final Setting<Duration> ANALYTICS_GRACE = declare(Setting.duration("ANALYTICS_GRACE", "PT1H",
            "how late a sale or rating may arrive and still count in its own window"));
    public static final Setting<Duration> EXPIRY_SCAN_INTERVAL = declare(Setting.duration("EXPIRY_SCAN_INTERVAL", "PT5S",
            "how often expired reservations are looked for (each look commits a transaction, even idle)"));
    public static final Setting<String> APPLICATION_ID = declare(Setting.text("APPLICATION_ID", "scoville",
            "Kafka Streams application id (consumer group and internal topic prefix)"));
    public static final Setting<Integer> PARTITIONS = declare(Setting.atLeast("PARTITIONS", "6", 1, "partitions of the order- and product-partitioned topics"));
    public static final Setting<Integer> REPLICATION_FACTOR = declare(Setting.between("REPLICATION_FACTOR", "1", 1, Short.MAX_VALUE,
            "replication factor of the topics the service creates"));
    public static final Setting<Integer> STREAM_THREADS = declare(Setting.atLeast("STREAM_THREADS", "2", 1, "Kafka Streams threads of this instance"));
    public static final Setting<Integer> STANDBY_REPLICAS = declare(Setting.atLeast("STANDBY_REPLICAS", "0", 0, "warm copies of each store on other instances"));
    public static final Setting<Integer> COMMIT_INTERVAL_MS = declare(Setting.atLeast("COMMIT_INTERVAL_MS", "200", 1,
            "longest a stream thread's exactly-once transaction stays open: a backlog's decisions are seen after the commit that follows them; higher is cheaper"));
    public static final Setting<Integer> FRESH_COMMIT_MS = declare(Setting.atLeast("FRESH_COMMIT_MS", "50", 0,
            "while the stream threads keep up, a decision or a command's outcome is committed (and seen) within this; 0: every COMMIT_INTERVAL_MS only"));
    public static final Setting<Integer> BACKLOG_AGE_MS = declare(Setting.atLeast("BACKLOG_AGE_MS", "200", 0,
            "a record that waited longer than this in its topic means a backlog: its commit is left to COMMIT_INTERVAL_MS, so bigger transactions clear the backlog sooner"));
    public static final Setting<Integer> POLL_MS = declare(Setting.atLeast("POLL_MS", "10", 1,
            "longest a stream thread waits for records before it commits or punctuates; keep it well below COMMIT_INTERVAL_MS, or a waiting commit stalls every waiting order"));
    public static final Setting<Integer> IDLE_POLL_MS = declare(Setting.atLeast("IDLE_POLL_MS", "250", 1,
            "how long a stream thread waits for records once it has had none for a commit interval (nothing of its waits for a commit), and a state updater once its standbys are caught up: longer saves idle CPU; records end the wait at once"));
    public static final Setting<Integer> SESSION_TIMEOUT_MS = declare(Setting.between("SESSION_TIMEOUT_MS", "10000", 6000, 300000,
            "how long a killed instance stays in the consumer group before the others take over its partitions"));
    public static final Setting<Boolean> STATIC_MEMBERSHIP = declare(Setting.bool("STATIC_MEMBERSHIP", "true",
            "stream threads join the group under ids taken from the advertised HTTP address: an instance restarted within SESSION_TIMEOUT_MS takes its partitions back without a rebalance"));
    public static final Setting<Integer> MAX_POLL_RECORDS = declare(Setting.atLeast("MAX_POLL_RECORDS", "500", 1,
            "most records a stream thread takes in one poll: smaller polls make smaller transactions"));
    public static final Setting<Integer> PRODUCER_LINGER_MS = declare(Setting.atLeast("PRODUCER_LINGER_MS", "2", 0,
            "how long the stream threads' producers wait to fill a batch"));
    public static final Setting<Integer> MAX_ORDER_LINES = declare(Setting.between("MAX_ORDER_LINES", "50", 1, Bounds.MAX_ORDER_LINES,
            "most lines in one order (1 to " + Bounds.MAX_ORDER_LINES + ")"));
    public static final Setting<Integer> MAX_LINE_QUANTITY = declare(Setting.between("MAX_LINE_QUANTITY", "1000", 1, Bounds.MAX_LINE_QUANTITY,
            "most units of one SKU in one line (1 to " + Bounds.MAX_LINE_QUANTITY + ")"));
    public static final Setting<Optional<String>> OAUTH_ISSUER = declare(Setting.optional("OAUTH_ISSUER",
            "OpenID Connect issuer whose bearer tokens the API accepts (its discovery document names the JWKS); unset: the development issuer on the HTTP port, under /oauth2"));
    public static final Setting<String> OAUTH_AUDIENCE = declare(Setting.text("OAUTH_AUDIENCE", "scoville",
            "audience (aud) a token must name"));
    public static final Setting<String> DEV_CLIENT_SECRET = declare(Setting.text("DEV_CLIENT_SECRET", "scoville-dev",
            "the development issuer's secret of every demo client and demo customer (only when OAUTH_ISSUER is unset)"));
    public static final Setting<String> RATE_LIMITS = declare(Setting.text("RATE_LIMITS",
            "customer=120/min,channel=6000/min,admin=600/min,analyst=600/min,anonymous=60/min",
            "requests per principal (per client address without a token) by role, per instance: role=N/s, /min or /h"));
    public static final Setting<Optional<String>> PEER_SECRET = declare(Setting.optional("PEER_SECRET",
            "what instances show each other when one forwards a read to the owner of a key; unset: derived from DEV_CLIENT_SECRET and APPLICATION_ID, set it in production"));
    public static final Setting<Duration> ALERT_CHECK_INTERVAL = declare(Setting.durationBetween("ALERT_CHECK_INTERVAL", "PT1M",
            Duration.ofSeconds(1), Duration.ofHours(1),
            "how often (wall clock) each partition samples its stock for SELLING_OUT and STOCK_DRIFT, and moves quiet SKUs' sales rates on"));
    public static final Setting<Duration> ALERT_SELLING_OUT_WITHIN = declare(Setting.durationBetween("ALERT_SELLING_OUT_WITHIN", "PT30M",
            Duration.ofMinutes(1), Duration.ofDays(7), "SELLING_OUT is raised when a SKU's available stock lasts at most this long at the rate it runs down"));
    public static final Setting<Duration> ALERT_RATE_HALF_LIFE = declare(Setting.durationBetween("ALERT_RATE_HALF_LIFE", "PT3M",
            Duration.ofMinutes(1), Duration.ofHours(6), "half-life of a SKU's current sales rate and of the rate its stock runs down (EWMA over one-minute buckets)"));
    public static final Setting<Duration> ALERT_BASELINE_HALF_LIFE = declare(Setting.durationBetween("ALERT_BASELINE_HALF_LIFE", "PT1H",
            Duration.ofMinutes(2), Duration.ofDays(7), "half-life of a SKU's baseline sales rate and its variance (EWMA over one-minute buckets)"));
    public static final Setting<Duration> ALERT_WARMUP = declare(Setting.durationBetween("ALERT_WARMUP", "PT30M",
            Duration.ofMinutes(1), Duration.ofDays(7), "a SKU's sales rate is judged only once its first sale is this old: a new sauce has no baseline"));
    public static final Setting<Double> ALERT_MIN_RATE = declare(Setting.decimal("ALERT_MIN_RATE", "0.5", 0.01, 1_000_000,
            "units per minute below which a baseline counts as this much (a SKU that seldom sells is not judged on single sales)"));
    public static final Setting<Double> ALERT_Z_RAISE = declare(Setting.decimal("ALERT_Z_RAISE", "4", 1, 100,
            "SALES_SPIKE / SALES_DROP are raised when the current rate is this many standard deviations above / below the baseline"));
    public static final Setting<Double> ALERT_Z_CLEAR = declare(Setting.decimal("ALERT_Z_CLEAR", "2", 0, 100,
            "... and cleared when it is back within this many (below ALERT_Z_RAISE: the band between keeps an alert from flapping)"));
    public static final Setting<Integer> WEBHOOK_MAX_ATTEMPTS = declare(Setting.between("WEBHOOK_MAX_ATTEMPTS", "8", 1, 30,
            "attempts to deliver one webhook message before it goes to the topic webhook-dlq"));
    public static final Setting<Duration> WEBHOOK_FIRST_RETRY = declare(Setting.duration("WEBHOOK_FIRST_RETRY", "PT5S",
            "wait before a webhook message's second attempt; each later wait doubles, up to WEBHOOK_MAX_RETRY_DELAY"));
    public static final Setting<Duration> WEBHOOK_MAX_RETRY_DELAY = declare(Setting.duration("WEBHOOK_MAX_RETRY_DELAY", "PT5M",
            "longest wait between two attempts of a webhook message"));
    public static final Setting<Duration> WEBHOOK_TIMEOUT = declare(Setting.duration("WEBHOOK_TIMEOUT", "PT10S",
            "how long a webhook endpoint may take to connect and answer before the attempt counts as failed"));
    public static final Setting<Integer> WEBHOOK_CONCURRENCY = declare(Setting.between("WEBHOOK_CONCURRENCY", "16", 1, 256,
            "webhook deliveries in flight at once on this instance (the webhooks of one owner, a channel or the back office, take at most this / (owners in flight + 1))"));
    public static final Setting<Integer> WEBHOOK_BUFFER = declare(Setting.between("WEBHOOK_BUFFER", "10000", 10, 1_000_000,
            "webhook messages this instance holds undelivered before it stops reading more events; one owner holds at most this / (owners waiting + 1), at least min(100, half), and past that its new messages are dead-lettered"));
    public static final Setting<Boolean> WEBHOOK_ALLOW_LOOPBACK = declare(Setting.bool("WEBHOOK_ALLOW_LOOPBACK", "false",
            "accept webhook URLs on loopback addresses (http allowed there only), for development; always on with the embedded broker (no KAFKA_BOOTSTRAP_SERVERS)"));

    /** Every setting, in the order of the README's table. */
    public static final List<Setting<?>> SETTINGS = Collections.unmodifiableList(DECLARED);

    private final Map<String, String> raw;
    private final Map<Setting<?>, Object> values;

    private static <T> Setting<T> declare(Setting<T> setting) {
        DECLARED.add(setting);
        return setting;
    }

    private ScovilleConfig(Map<String, String> raw) {
        this.raw = raw;
        Map<Setting<?>, Object> read = new LinkedHashMap<>();
        for (Setting<?> s : SETTINGS) {
            read.put(s, s.read(raw.get(s.env())));
        }
        this.values = read;
        kafkaCredentials(); // both or neither
        if (get(ALERT_Z_CLEAR) >= get(ALERT_Z_RAISE)) {
            throw new IllegalArgumentException("Configuration ALERT_Z_CLEAR: must be below ALERT_Z_RAISE");
        }
        schemaRegistryUserInfo().filter(info -> info.indexOf(':') < 1).ifPresent(info -> {
            throw new IllegalArgumentException("Configuration SCHEMA_REGISTRY_USER_INFO: expected user:password");
        });
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

    /** The Kafka login of every client of the service: both settings, or neither (PLAINTEXT). */
    public Optional<com.scoville.clients.KafkaCredentials> kafkaCredentials() {
        Map<String, String> env = new LinkedHashMap<>();
        get(KAFKA_SASL_USERNAME).ifPresent(v -> env.put(com.scoville.clients.KafkaCredentials.USERNAME_ENV, v));
        get(KAFKA_SASL_PASSWORD).ifPresent(v -> env.put(com.scoville.clients.KafkaCredentials.PASSWORD_ENV, v));
        return com.scoville.clients.KafkaCredentials.fromEnv(env);
    }

    /** {@code user:password} for the schema registry, if set. */
    public Optional<String> schemaRegistryUserInfo() {
        return get(SCHEMA_REGISTRY_USER_INFO);
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
        return get(STATE_DIR).map(Path::of).orElse(dataDir().resolve("state"));
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

    public long freshCommitMs() {
        return get(FRESH_COMMIT_MS);
    }

    public long backlogAgeMs() {
        return get(BACKLOG_AGE_MS);
    }

    public long pollMs() {
        return get(POLL_MS);
    }

    public long idlePollMs() {
        return get(IDLE_POLL_MS);
    }

    public int sessionTimeoutMs() {
        return get(SESSION_TIMEOUT_MS);
    }

    public boolean staticMembership() {
        return get(STATIC_MEMBERSHIP);
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

    public Optional<String> oauthIssuer() {
        return get(OAUTH_ISSUER);
    }

    public String oauthAudience() {
        return get(OAUTH_AUDIENCE);
    }

    public String devClientSecret() {
        return get(DEV_CLIENT_SECRET);
    }

    public String rateLimits() {
        return get(RATE_LIMITS);
    }

    public Optional<String> peerSecret() {
        return get(PEER_SECRET);
    }

    /**
     * The secret the instances share, in one place: PEER_SECRET, or unset one derived from DEV_CLIENT_SECRET and
     * APPLICATION_ID (every instance of a development setup derives the same). It proves peer reads and seals actors.
     */
    public String effectivePeerSecret() {
        return peerSecret().orElse("derived\n" + applicationId() + "\n" + devClientSecret());
    }

    public Duration alertCheckInterval() {
        return get(ALERT_CHECK_INTERVAL);
    }

    public Duration alertSellingOutWithin() {
        return get(ALERT_SELLING_OUT_WITHIN);
    }

    public Duration alertRateHalfLife() {
        return get(ALERT_RATE_HALF_LIFE);
    }

    public Duration alertBaselineHalfLife() {
        return get(ALERT_BASELINE_HALF_LIFE);
    }

    public Duration alertWarmup() {
        return get(ALERT_WARMUP);
    }

    public double alertMinRate() {
        return get(ALERT_MIN_RATE);
    }

    public double alertZRaise() {
        return get(ALERT_Z_RAISE);
    }

    public double alertZClear() {
        return get(ALERT_Z_CLEAR);
    }

    public int webhookMaxAttempts() {
        return get(WEBHOOK_MAX_ATTEMPTS);
    }

    public Duration webhookFirstRetry() {
        return get(WEBHOOK_FIRST_RETRY);
    }

    public Duration webhookMaxRetryDelay() {
        return get(WEBHOOK_MAX_RETRY_DELAY);
    }

    public Duration webhookTimeout() {
        return get(WEBHOOK_TIMEOUT);
    }

    public int webhookConcurrency() {
        return get(WEBHOOK_CONCURRENCY);
    }

    public int webhookBuffer() {
        return get(WEBHOOK_BUFFER);
    }

    /** The setting, or the embedded development stack (no KAFKA_BOOTSTRAP_SERVERS), where receivers run on this machine. */
    public boolean webhookAllowLoopback() {
        return get(WEBHOOK_ALLOW_LOOPBACK) || embeddedKafka();
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
        return Setting.markdownTable(SETTINGS);
    }

}
