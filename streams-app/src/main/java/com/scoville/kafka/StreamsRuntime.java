package com.scoville.kafka;

import com.scoville.clients.KafkaClients;

import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.streams.CloseOptions;
import org.apache.kafka.streams.KafkaClientSupplier;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.Topology;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;

/** The Kafka Streams instance of this process: its settings, start and orderly close. */
public final class StreamsRuntime implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(StreamsRuntime.class);

    private final KafkaStreams streams;

    /** Thread replacements allowed within {@link #REPLACEMENT_WINDOW} before the client shuts down (and liveness fails). */
    static final int REPLACEMENT_BUDGET = 5;
    static final Duration REPLACEMENT_WINDOW = Duration.ofMinutes(10);

    private volatile boolean closing;
    private final List<Runnable> whenRunning = new CopyOnWriteArrayList<>();
    private final Path appStateDir;

    public StreamsRuntime(Topology topology, Properties properties, KafkaClientSupplier clients) {
        this.appStateDir = appStateDir(properties);
        LocalTaskState.forgetUnlessStoppedCleanly(appStateDir);
        this.streams = new KafkaStreams(topology, properties, clients);
        streams.setUncaughtExceptionHandler(new ThreadReplacement(REPLACEMENT_BUDGET, REPLACEMENT_WINDOW, Clock.systemUTC()));
        streams.setStateListener((now, before) -> {
            log.info("Kafka Streams {} -> {}", before, now);
            if (now == KafkaStreams.State.RUNNING) {
                whenRunning.forEach(Runnable::run);
            }
            synchronized (this) {
                notifyAll();
            }
        });
    }

    /**
     * Runs {@code action} each time Kafka Streams becomes RUNNING (after its start and after each rebalance), on the
     * thread that moved it there: a stream thread, so it must be quick.
     */
    public void whenRunning(Runnable action) {
        whenRunning.add(action);
    }

    /** The application's folder in the state directory: its tasks' and global stores' local state. */
    public static Path appStateDir(ScovilleConfig config) {
        return config.stateDir().toAbsolutePath().resolve(config.applicationId());
    }

    private static Path appStateDir(Properties properties) {
        return Path.of(properties.getProperty(StreamsConfig.STATE_DIR_CONFIG, System.getProperty("java.io.tmpdir") + "/kafka-streams"),
                properties.getProperty(StreamsConfig.APPLICATION_ID_CONFIG));
    }

    /** Waits until the state is RUNNING (every store restored); false if {@code timeout} passes first. */
    public synchronized boolean awaitRunning(Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!isRunning()) {
            long left = deadline - System.nanoTime();
            if (left <= 0) {
                return false;
            }
            wait(Math.max(1, left / 1_000_000));
        }
        return true;
    }

    /**
     * How often group members heartbeat (Kafka: 3 s, a third of a 10 s session here). A member hears of a rebalance
     * with its next heartbeat, and an instance back from kill -9 goes through three (its old member leaves, the new
     * one joins, a task moves after its revocation): at 3.3 s, each waited up to that long for every member.
     */
    public static final int HEARTBEAT_INTERVAL_MS = 1000;

    /** The record caches of all stores of this instance together (Kafka's default: 10 MB). */
    static final long STORE_CACHE_BYTES = 64L * 1024 * 1024;

    /**
     * Exactly-once processing, interactive queries announced at {@code applicationServer} (host:port),
     * and unreadable or failing records sent to the dead-letter topic with the reason in their headers.
     */
    public static Properties properties(ScovilleConfig config, String bootstrapServers, String applicationServer, String deadLetterTopic) {
        Properties p = new Properties();
        p.put(StreamsConfig.APPLICATION_ID_CONFIG, config.applicationId());
        p.putAll(KafkaClients.config(bootstrapServers));
        p.put(StreamsConfig.PROCESSING_GUARANTEE_CONFIG, StreamsConfig.EXACTLY_ONCE_V2);
        p.put(StreamsConfig.APPLICATION_SERVER_CONFIG, applicationServer);
        p.put(StreamsConfig.STATE_DIR_CONFIG, config.stateDir().toAbsolutePath().toString());
        p.put(StreamsConfig.NUM_STREAM_THREADS_CONFIG, config.streamThreads());
        p.put(StreamsConfig.NUM_STANDBY_REPLICAS_CONFIG, config.standbyReplicas());
        p.put(StreamsConfig.COMMIT_INTERVAL_MS_CONFIG, config.commitIntervalMs());
        p.put(StreamsConfig.REPLICATION_FACTOR_CONFIG, (int) config.replicationFactor());
        errorHandling(p, deadLetterTopic);
        // No join needs time-aligned inputs: process whatever arrived, never idle waiting for other partitions.
        p.put(StreamsConfig.MAX_TASK_IDLE_MS_CONFIG, -1L);
        // The record caches keep a hot key (a window's funnel counts, a SKU's level) to one changelog record per
        // commit. With Kafka's 10 MB a partner's backlog on one hot SKU overflowed them: the HOUR and DAY funnel
        // windows were evicted and written once per order (130 000 of 803 000 records for 100 000 orders; 6.78
        // records per order with 64 MB, 8.03 with 10 MB).
        p.put(StreamsConfig.STATESTORE_CACHE_MAX_BYTES_CONFIG, STORE_CACHE_BYTES);
        // A commit forced by uncommitted bytes bounds what transactional state stores (KIP-892) hold in memory, and
        // Scoville does not enable them; the check walks every store of every task at each turn of a stream thread's
        // loop (3 % of the hot SKU's thread in a partner backlog). Off: commits come from the commit pace alone.
        p.put(StreamsConfig.STATESTORE_UNCOMMITTED_MAX_BYTES_CONFIG, -1L);
        // Sent soon, in small batches: downstream sees nothing before the commit anyway, but then the commit's
        // flush has little left to wait for (a 20 ms linger measured no better at 300 orders/s).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.LINGER_MS_CONFIG), config.producerLingerMs());
        // A new transaction's first write to a partition is refused (CONCURRENT_TRANSACTIONS) until the previous
        // transaction's markers are written, a few milliseconds later. The default backoff (100 ms, doubling up to
        // 1 s) holds a hop of the saga far longer than that; retry soon instead.
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MS_CONFIG), 5L);
        p.put(StreamsConfig.producerPrefix(ProducerConfig.RETRY_BACKOFF_MAX_MS_CONFIG), 20L);
        // One produce request at a time per broker (each carries every partition's batch for that broker). With five,
        // a transaction's second batch to a partition can reach the broker before its first, retried after such a
        // refusal, is appended; transactions v2 then refuses it too (OutOfOrderSequenceException, KAFKA-18202) and it
        // is sent again: 197 and 248 broker ERRORs in two short fault-bench runs, 3 with one. A flash sale and a
        // partner backlog went no slower (docs/performance.md, tenth session).
        p.put(StreamsConfig.producerPrefix(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION), 1);
        // Smaller polls make smaller transactions: each hop of the saga commits (and shows) sooner.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.MAX_POLL_RECORDS_CONFIG), config.maxPollRecords());
        // A thread blocked in poll cannot commit: with the default 100 ms, every order waiting for its decision
        // waits for the poll to time out as well (measured: a closed loop of 64 buyers stalled at 451 orders/s,
        // 866/s with 10 ms).
        p.put(StreamsConfig.POLL_MS_CONFIG, config.pollMs());
        // A killed instance is out of the group when its session lapses: 10 s rather than 45 s, so the others (and
        // its standbys) take its partitions over within seconds.
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.SESSION_TIMEOUT_MS_CONFIG), config.sessionTimeoutMs());
        p.put(StreamsConfig.consumerPrefix(ConsumerConfig.HEARTBEAT_INTERVAL_MS_CONFIG), HEARTBEAT_INTERVAL_MS);
        if (config.staticMembership()) {
            // The same instance (its advertised address) comes back as the same members (Streams adds each thread's
            // index): a restart within the session takes its tasks back at once, and nobody else rebalances.
            p.put(StreamsConfig.mainConsumerPrefix(ConsumerConfig.GROUP_INSTANCE_ID_CONFIG), staticMemberId(config.applicationId(), applicationServer));
        }
        return p;
    }

    /** Kafka's clients, with the stream threads' polls waiting longer once they have been idle ({@link IdlePolls}). */
    public static KafkaClientSupplier clients(ScovilleConfig config) {
        return new IdlePolls(Duration.ofMillis(config.pollMs()), Duration.ofMillis(config.idlePollMs()),
                Duration.ofMillis(config.commitIntervalMs()), System::currentTimeMillis);
    }

    /** A group instance id for {@code applicationServer} (host:port): Kafka takes letters, digits, '.', '_' and '-' only. */
    public static String staticMemberId(String applicationId, String applicationServer) {
        return (applicationId + "-" + applicationServer).replaceAll("[^a-zA-Z0-9._-]", "-");
    }

    /**
     * A record that cannot be read, or whose processing throws, goes to {@code deadLetterTopic} with the
     * exception in its headers and the task goes on: no input can stop processing. Shared with the tests'
     * TopologyTestDriver, so they exercise the same policy.
     */
    public static void errorHandling(Properties p, String deadLetterTopic) {
        p.put(StreamsConfig.DESERIALIZATION_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_CLASS_CONFIG, DeadLetters.class);
        p.put(StreamsConfig.PROCESSING_EXCEPTION_HANDLER_GLOBAL_ENABLED_CONFIG, true);
        p.put(StreamsConfig.ERRORS_DEAD_LETTER_QUEUE_TOPIC_NAME_CONFIG, deadLetterTopic);
    }

    public void start() {
        streams.start();
    }

    public KafkaStreams streams() {
        return streams;
    }

    public boolean isRunning() {
        return streams.state() == KafkaStreams.State.RUNNING;
    }

    /**
     * False once Kafka Streams has failed for good (ERROR, or stopped without anyone closing it): only a
     * restart helps then. Starting, rebalancing and restoring are alive (not ready).
     */
    public boolean isAlive() {
        return alive(streams.state(), closing);
    }

    static boolean alive(KafkaStreams.State state, boolean closing) {
        return switch (state) {
            case PENDING_ERROR, ERROR -> false;
            case PENDING_SHUTDOWN, NOT_RUNNING -> closing;
            default -> true;
        };
    }

    @Override
    public void close() {
        closing = true;
        // Never cleanUp() here: local state is what makes a restart fast. Leave the group at once: otherwise the
        // other instances wait out this one's session before they take its partitions (and so does its restart).
        boolean closed = streams.close(CloseOptions.groupMembershipOperation(CloseOptions.GroupMembershipOperation.LEAVE_GROUP)
                .withTimeout(Duration.ofSeconds(20)));
        if (closed && streams.state() == KafkaStreams.State.NOT_RUNNING) {
            LocalTaskState.markCleanStop(appStateDir);
        }
    }
}
