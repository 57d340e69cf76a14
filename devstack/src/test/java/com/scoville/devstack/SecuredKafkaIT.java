package com.scoville.devstack;

import com.scoville.clients.KafkaClients;
import com.scoville.clients.KafkaCredentials;
import com.scoville.devstack.registry.EmbeddedSchemaRegistry;
import com.scoville.registry.RegistryClientSettings;
import com.scoville.registry.SchemaRegistryClient;
import com.scoville.registry.SchemaRegistryException;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.errors.SaslAuthenticationException;
import org.apache.kafka.common.errors.TopicAuthorizationException;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.assertj.core.api.ThrowableAssert.ThrowingCallable;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;
import static org.awaitility.Awaitility.await;

/** A broker with SASL/SCRAM and ACLs: the service may do anything, a partner only write {@code orders}, a wrong password nothing. */
class SecuredKafkaIT {

    private static final KafkaSecurity SECURITY = KafkaSecurity.localCluster("admin-secret-1", "service-secret-1", "partner-secret-1");
    private static final KafkaCredentials SERVICE = SECURITY.superUsers().get(0);
    private static final KafkaCredentials PARTNER = SECURITY.users().get(0);

    @TempDir
    static Path dataDir;
    private static EmbeddedKafka kafka;

    @BeforeAll
    static void startSecuredBrokerAndCreateTopicsAsTheService() throws Exception {
        kafka = EmbeddedKafka.start(dataDir, 0, Optional.of(SECURITY));
        try (Admin admin = Admin.create(config(SERVICE))) {
            admin.createTopics(List.of(new NewTopic("orders", 1, (short) 1), new NewTopic("stock-commands", 1, (short) 1),
                    new NewTopic("order-status", 1, (short) 1))).all().get();
        }
    }

    @AfterAll
    static void stop() {
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldLetThePartnerWriteOrdersWithAnIdempotentProducer() throws Exception {
        try (KafkaProducer<String, String> producer = producer(PARTNER, Map.of())) {
            RecordMetadata written = producer.send(new ProducerRecord<>("orders", "o-1", "an order")).get();
            assertThat(written.topic()).isEqualTo("orders");
            assertThat(written.offset()).isGreaterThanOrEqualTo(0);
        }
    }

    @Test
    void shouldRefuseThePartnerWritingStockCommands() {
        try (KafkaProducer<String, String> producer = producer(PARTNER, Map.of())) {
            Throwable refused = catchThrowable(() -> producer.send(new ProducerRecord<>("stock-commands", "SKU-1", "restock")).get());
            assertThat(causes(refused)).hasAtLeastOneElementOfType(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldRefuseThePartnerReadingOrderStatusAndEvenOrders() {
        for (String topic : List.of("order-status", "orders")) {
            try (KafkaConsumer<String, String> consumer = consumer(PARTNER, Map.of())) {
                consumer.assign(List.of(new TopicPartition(topic, 0)));
                assertThat(causes(firstFailedPoll(consumer))).as(topic).hasAtLeastOneElementOfType(TopicAuthorizationException.class);
            }
        }
    }

    @Test
    void shouldRefuseThePartnerCreatingTopics() {
        try (Admin admin = Admin.create(config(PARTNER))) {
            Throwable refused = catchThrowable(() -> admin.createTopics(List.of(new NewTopic("partner-own", 1, (short) 1))).all().get());
            assertThat(causes(refused)).hasAtLeastOneElementOfType(TopicAuthorizationException.class);
        }
    }

    @Test
    void shouldRefuseAWrongPassword() {
        KafkaCredentials impostor = new KafkaCredentials(PARTNER.username(), "not-the-password");
        try (KafkaProducer<String, String> producer = producer(impostor, Map.of(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000))) {
            Throwable refused = catchThrowable(() -> producer.send(new ProducerRecord<>("orders", "o-2", "an order")).get());
            assertThat(causes(refused)).hasAtLeastOneElementOfType(SaslAuthenticationException.class);
        }
    }

    @Test
    void shouldLetTheServiceRunATransactionAndReadItCommitted() throws Exception {
        String value = "restock " + UUID.randomUUID();
        try (KafkaProducer<String, String> producer = producer(SERVICE, Map.of(ProducerConfig.TRANSACTIONAL_ID_CONFIG, "scoville-tx-test"))) {
            producer.initTransactions();
            producer.beginTransaction();
            producer.send(new ProducerRecord<>("stock-commands", "SKU-1", value));
            producer.commitTransaction();
        }
        try (KafkaConsumer<String, String> consumer = consumer(SERVICE, Map.of(
                ConsumerConfig.GROUP_ID_CONFIG, "scoville-readers",
                ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed"))) {
            consumer.subscribe(List.of("stock-commands"));
            List<String> seen = new ArrayList<>();
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                consumer.poll(Duration.ofMillis(200)).forEach((ConsumerRecord<String, String> r) -> seen.add(r.value()));
                assertThat(seen).contains(value);
            });
        }
    }

    @Test
    void shouldRunTheSchemaRegistryOverTheSecuredBrokerAsTheService() {
        // given this process's clients log in as the service, and a registry whose writes need writer:s3cret
        Optional<KafkaCredentials> before = KafkaClients.credentials();
        KafkaClients.use(Optional.of(SERVICE));
        try (EmbeddedSchemaRegistry registry = new EmbeddedSchemaRegistry(kafka.bootstrapServers(), "127.0.0.1", 0,
                Optional.of("writer:s3cret")).start()) {
            Schema schema = new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"Secured\", \"fields\": []}");

            // when a client without credentials and one with them register
            Throwable anonymous = catchThrowable(() -> new SchemaRegistryClient(registry.url()).register("secured-value", schema));
            int id = new SchemaRegistryClient(registry.url(), RegistryClientSettings.DEFAULTS.withUserInfo("writer:s3cret"))
                    .register("secured-value", schema);

            // then the first is refused, the second's schema is kept on the secured broker and anyone reads it
            assertThat(anonymous).isInstanceOf(SchemaRegistryException.class);
            assertThat(((SchemaRegistryException) anonymous).status()).isEqualTo(401);
            assertThat(new SchemaRegistryClient(registry.url()).schemaById(id)).isEqualTo(schema);
        } finally {
            KafkaClients.use(before);
        }
    }

    /** Polls until a poll throws (the refusal may come with the first fetch or the offset lookup before it). */
    private static Throwable firstFailedPoll(KafkaConsumer<String, String> consumer) {
        List<Throwable> failures = new ArrayList<>();
        await().atMost(Duration.ofSeconds(30)).until(() -> {
            ThrowingCallable poll = () -> consumer.poll(Duration.ofMillis(200));
            Throwable thrown = catchThrowable(poll);
            if (thrown != null) {
                failures.add(thrown);
            }
            return !failures.isEmpty();
        });
        return failures.get(0);
    }

    private static List<Throwable> causes(Throwable thrown) {
        assertThat(thrown).as("the call was refused").isNotNull();
        List<Throwable> chain = new ArrayList<>();
        for (Throwable t = thrown; t != null && !chain.contains(t); t = t.getCause()) {
            chain.add(t);
        }
        return chain;
    }

    private static Map<String, Object> config(KafkaCredentials user) {
        return KafkaClients.config(kafka.bootstrapServers(), Optional.of(user));
    }

    private static KafkaProducer<String, String> producer(KafkaCredentials user, Map<String, Object> extra) {
        Map<String, Object> config = config(user);
        config.put(ProducerConfig.ACKS_CONFIG, "all");
        config.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        config.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 20_000);
        config.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        config.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 20_000);
        config.putAll(extra);
        return new KafkaProducer<>(config, new StringSerializer(), new StringSerializer());
    }

    private static KafkaConsumer<String, String> consumer(KafkaCredentials user, Map<String, Object> extra) {
        Map<String, Object> config = config(user);
        config.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        config.put(ConsumerConfig.ENABLE_AUTO_COMMIT_CONFIG, false);
        config.putAll(extra);
        return new KafkaConsumer<>(config, new StringDeserializer(), new StringDeserializer());
    }
}
