package com.scoville.devstack.registry;

import com.scoville.clients.KafkaClients;

import com.scoville.registry.CompatibilityLevel;
import com.scoville.registry.SchemaRegistryException;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.AvroRuntimeException;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.CloseOptions;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The registry's store: state in memory, made durable in the compacted topic {@code _schemas}, so ids survive restarts.
 * On start it reads the topic to the end; every change is written to the topic (idempotent producer, acks=all) before it
 * is applied and answered, one change at a time. Before each change, and when a read finds nothing, it first catches up
 * with the topic, so another instance's registrations are seen (two instances writing at the same instant can still race:
 * point several services at one registry to be safe).
 */
final class KafkaSchemaStore implements AutoCloseable {

    static final String TOPIC = "_schemas";

    private static final Logger log = LoggerFactory.getLogger(KafkaSchemaStore.class);
    private static final Duration LOAD_TIMEOUT = Duration.ofSeconds(60);
    private static final Duration WRITE_TIMEOUT = Duration.ofSeconds(30);

    private final String bootstrapServers;
    private final RegistryState state = new RegistryState();
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Object readerLock = new Object();
    private final TopicPartition partition = new TopicPartition(TOPIC, 0);
    private KafkaProducer<String, String> producer;
    private KafkaConsumer<String, String> reader;

    KafkaSchemaStore(String bootstrapServers) {
        this.bootstrapServers = bootstrapServers;
    }

    /** Creates the topic if missing, reads it to the end, and opens the producer. */
    void start() {
        ensureTopic();
        reader = new KafkaConsumer<>(KafkaClients.config(bootstrapServers, Map.of(ConsumerConfig.CLIENT_ID_CONFIG, "schema-registry-reader",
                ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false)),
                new StringDeserializer(), new StringDeserializer());
        reader.assign(List.of(partition));
        reader.seekToBeginning(List.of(partition));
        int records = catchUp();
        log.info("Loaded {} records from {}: {} subjects", records, TOPIC, state.subjectNames().size());
        producer = new KafkaProducer<>(KafkaClients.config(bootstrapServers, Map.of(ProducerConfig.CLIENT_ID_CONFIG, "schema-registry-store",
                ProducerConfig.ACKS_CONFIG, "all",
                ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true,
                ProducerConfig.LINGER_MS_CONFIG, 0,
                ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, (int) WRITE_TIMEOUT.toMillis(),
                ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000)),
                new StringSerializer(), new StringSerializer());
    }

    /**
     * Answers {@code query} from the state; when it finds nothing (a 404), catches up with the topic once and asks again,
     * in case another instance registered what is asked for.
     */
    <T> T read(Function<RegistryState, T> query) {
        try {
            return query.apply(state);
        } catch (SchemaRegistryException e) {
            if (!e.isNotFound()) {
                throw e;
            }
            catchUp();
            return query.apply(state);
        }
    }

    /** A registration's answer: the id, and the version it created (empty when the schema was there already). */
    record Registered(int id, Optional<Integer> createdVersion) { }

    /** Registers {@code schemaText} under {@code subject}: the existing id if it is there already, else a new version. */
    Registered register(String subject, String schemaText) {
        Schema schema = parse(schemaText);
        writeLock.lock();
        try {
            catchUp();
            Optional<RegistryState.Version> existing = state.find(subject, schema.toString());
            if (existing.isPresent()) {
                return new Registered(existing.get().id(), Optional.empty());
            }
            List<Schema> previous = state.versionsOrEmpty(subject).stream().map(RegistryState.Version::schema).toList();
            List<String> problems = state.effectiveLevel(subject).check(schema, previous);
            if (!problems.isEmpty()) {
                throw new SchemaRegistryException(409, SchemaRegistryException.INCOMPATIBLE_SCHEMA,
                        "Schema being registered is incompatible with an earlier schema for subject \"" + subject
                                + "\", details: " + problems);
            }
            RegistryState.Version version = new RegistryState.Version(subject, state.nextVersion(subject),
                    state.idFor(schema.toString()), schema);
            write(RegistryRecords.schemaKey(subject, version.version()), RegistryRecords.schemaValue(version));
            state.apply(version);
            log.info("Registered {} version {} with id {}", subject, version.version(), version.id());
            return new Registered(version.id(), Optional.of(version.version()));
        } finally {
            writeLock.unlock();
        }
    }

    /** Sets the compatibility level of {@code subject}, or the global one when it is null. */
    /** Sets a subject's level (null subject: the global one); answers the level it replaced (empty: none of its own). */
    Optional<CompatibilityLevel> setLevel(String subject, CompatibilityLevel level) {
        writeLock.lock();
        try {
            catchUp();
            Optional<CompatibilityLevel> before = subject == null ? Optional.of(state.globalLevel()) : state.subjectLevel(subject);
            write(RegistryRecords.configKey(subject), RegistryRecords.configValue(level));
            state.applyLevel(subject, level);
            return before;
        } finally {
            writeLock.unlock();
        }
    }

    /** The schema as Avro parses it; 422 (42201) when it is not a valid Avro schema. */
    static Schema parse(String schemaText) {
        if (schemaText == null || schemaText.isBlank()) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Empty schema");
        }
        try {
            return new Schema.Parser().parse(schemaText);
        } catch (AvroRuntimeException | IllegalArgumentException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Invalid schema: " + e.getMessage());
        }
    }

    private void write(String key, String value) {
        try {
            producer.send(new ProducerRecord<>(TOPIC, 0, key, value)).get(WRITE_TIMEOUT.toMillis() + 5_000, TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw storeError(e);
        } catch (ExecutionException | TimeoutException e) {
            throw storeError(e);
        }
    }

    private static SchemaRegistryException storeError(Exception e) {
        return new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                "Error in the backend data store: " + (e.getCause() != null ? e.getCause() : e), e);
    }

    private void ensureTopic() {
        try (Admin admin = Admin.create(KafkaClients.config(bootstrapServers))) {
            if (admin.listTopics().names().get().contains(TOPIC)) {
                return;
            }
            short replication = (short) Math.min(3, admin.describeCluster().nodes().get().size());
            NewTopic topic = new NewTopic(TOPIC, 1, replication)
                    .configs(Map.of(TopicConfig.CLEANUP_POLICY_CONFIG, TopicConfig.CLEANUP_POLICY_COMPACT));
            admin.createTopics(List.of(topic)).all().get();
            log.info("Created topic {} (compacted, replication factor {})", TOPIC, replication);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + TOPIC + " on " + bootstrapServers, e.getCause());
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while creating topic " + TOPIC, e);
        }
    }

    /** Reads and applies what the topic holds beyond what was read already; answers how many records that was. */
    private int catchUp() {
        synchronized (readerLock) {
            Instant deadline = Instant.now().plus(LOAD_TIMEOUT);
            int records = 0;
            long end = reader.endOffsets(List.of(partition), LOAD_TIMEOUT).get(partition);
            while (reader.position(partition, LOAD_TIMEOUT) < end) {
                if (Instant.now().isAfter(deadline)) {
                    throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR,
                            "Could not read " + TOPIC + " to offset " + end + " within " + LOAD_TIMEOUT);
                }
                for (ConsumerRecord<String, String> record : reader.poll(Duration.ofMillis(100))) {
                    RegistryRecords.apply(record.key(), record.value(), state);
                    records++;
                }
            }
            return records;
        }
    }

    @Override
    public void close() {
        if (producer != null) {
            producer.close(Duration.ofSeconds(5));
            producer = null;
        }
        if (reader != null) {
            synchronized (readerLock) {
                reader.close(CloseOptions.timeout(Duration.ofSeconds(5)));
                reader = null;
            }
        }
    }
}
