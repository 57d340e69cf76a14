package com.scoville.devstack.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.devstack.EmbeddedKafka;
import com.scoville.registry.AvroDeserializer;
import com.scoville.registry.AvroSerializer;
import com.scoville.registry.SchemaRegistry;
import com.scoville.registry.SchemaRegistryClient;
import com.scoville.registry.SchemaRegistryException;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.apache.avro.Schema;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.config.TopicConfig;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The Confluent client and serde against the embedded registry, on a real in-process broker. */
class EmbeddedSchemaRegistryTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();

    @TempDir
    static Path dataDir;

    private static EmbeddedKafka kafka;
    private static EmbeddedSchemaRegistry registry;
    private static SchemaRegistryClient client;

    @BeforeAll
    static void startBrokerAndRegistry() {
        kafka = EmbeddedKafka.start(dataDir, 0);
        startRegistry();
    }

    @AfterAll
    static void stopAll() {
        if (registry != null) {
            registry.close();
        }
        if (kafka != null) {
            kafka.close();
        }
    }

    @Test
    void shouldRegisterLookUpAndFetchByIdThroughClient() {
        // given a schema
        Schema schema = record("Pepper", "{\"name\": \"sku\", \"type\": \"string\"}");

        // when it is registered
        int id = client.register("peppers-value", schema);

        // then a fresh client finds it by subject and schema, by id, and as the latest version
        SchemaRegistryClient fresh = new SchemaRegistryClient(registry.url());
        assertThat(fresh.idOf("peppers-value", schema)).isEqualTo(id);
        assertThat(fresh.schemaById(id)).isEqualTo(schema);
        assertThat(fresh.latest("peppers-value")).isEqualTo(new SchemaRegistry.RegisteredSchema("peppers-value", id, 1, schema));
    }

    @Test
    void shouldAcceptSubjectsThatNeedUrlEncoding() {
        // given a subject with a space and a plus
        Schema schema = record("Chili", "{\"name\": \"scoville\", \"type\": \"long\"}");

        // when it is registered and read back through the client, which encodes the subject
        int id = client.register("hot sauces+chilis-value", schema);

        // then the server decoded it to the same subject
        assertThat(client.latest("hot sauces+chilis-value").id()).isEqualTo(id);
        assertThat(names(get("/subjects").body())).contains("hot sauces+chilis-value");
    }

    @Test
    void shouldKeepIdOfSameSchemaAcrossRegistrationsAndSubjects() throws Exception {
        // given a schema registered once
        Schema schema = record("Sauce", "{\"name\": \"name\", \"type\": \"string\"}");
        int id = client.register("sauces-value", schema);

        // when it is registered again, by another client, and under another subject
        int again = new SchemaRegistryClient(registry.url()).register("sauces-value", schema);
        int elsewhere = client.register("sauces-archive-value", schema);

        // then it keeps its global id and the subject keeps a single version
        assertThat(again).isEqualTo(id);
        assertThat(elsewhere).isEqualTo(id);
        assertThat(get("/subjects/sauces-value/versions").body()).isEqualTo(JSON.readTree("[1]"));
        assertThat(get("/subjects").body()).contains(JSON.valueToTree("sauces-value"), JSON.valueToTree("sauces-archive-value"));
    }

    @Test
    void shouldRejectIncompatibleSchemaWith409AndConfluentBody() throws Exception {
        // given version 1
        client.register("bottles-value", record("Bottle", "{\"name\": \"sku\", \"type\": \"string\"}"));
        Schema requiredField = record("Bottle", "{\"name\": \"sku\", \"type\": \"string\"}, {\"name\": \"ml\", \"type\": \"int\"}");

        // when a new required field without default is registered
        Answer answer = post("/subjects/bottles-value/versions", Map.of("schema", requiredField.toString()));

        // then it is refused the Confluent way, and the client says not to retry
        assertThat(answer.status()).isEqualTo(409);
        assertThat(answer.contentType()).startsWith("application/vnd.schemaregistry.v1+json");
        assertThat(answer.body().get("error_code").asInt()).isEqualTo(409);
        assertThat(answer.body().get("message").asText()).contains("incompatible").contains("ml");
        assertThatThrownBy(() -> client.register("bottles-value", requiredField))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.isRetryable()).isFalse();
                });
        assertThat(get("/subjects/bottles-value/versions").body()).isEqualTo(JSON.readTree("[1]"));
    }

    @Test
    void shouldAnswerCompatibilityChecks() {
        // given version 1
        client.register("labels-value", record("Label", "{\"name\": \"text\", \"type\": \"string\"}"));
        Schema withDefault = record("Label", "{\"name\": \"text\", \"type\": \"string\"}, {\"name\": \"color\", \"type\": \"string\", \"default\": \"red\"}");
        Schema withoutDefault = record("Label", "{\"name\": \"text\", \"type\": \"string\"}, {\"name\": \"color\", \"type\": \"string\"}");

        // when candidates are checked against the latest and against version 1
        Answer compatible = post("/compatibility/subjects/labels-value/versions/latest", Map.of("schema", withDefault.toString()));
        Answer incompatible = post("/compatibility/subjects/labels-value/versions/1", Map.of("schema", withoutDefault.toString()));
        Answer unknownVersion = post("/compatibility/subjects/labels-value/versions/7", Map.of("schema", withDefault.toString()));

        // then
        assertThat(compatible.status()).isEqualTo(200);
        assertThat(compatible.body().get("is_compatible").asBoolean()).isTrue();
        assertThat(compatible.body().get("messages")).isEmpty();
        assertThat(incompatible.body().get("is_compatible").asBoolean()).isFalse();
        assertThat(incompatible.body().get("messages").get(0).asText()).contains("READER_FIELD_MISSING_DEFAULT_VALUE");
        assertThat(unknownVersion.status()).isEqualTo(404);
        assertThat(unknownVersion.body().get("error_code").asInt()).isEqualTo(40402);
    }

    @Test
    void shouldGetAndPutCompatibilityConfig() throws Exception {
        // given the defaults
        assertThat(get("/config").body()).isEqualTo(JSON.readTree("{\"compatibilityLevel\": \"BACKWARD\"}"));
        assertThat(get("/config/jars-value").body().get("error_code").asInt()).isEqualTo(40408);
        assertThat(get("/config/jars-value?defaultToGlobal=true").body().get("compatibilityLevel").asText()).isEqualTo("BACKWARD");

        // when a subject gets its own level
        Answer put = put("/config/jars-value", Map.of("compatibility", "none"));

        // then it is answered the Confluent way and governs that subject only
        assertThat(put.status()).isEqualTo(200);
        assertThat(put.body()).isEqualTo(JSON.readTree("{\"compatibility\": \"NONE\"}"));
        assertThat(get("/config/jars-value").body()).isEqualTo(JSON.readTree("{\"compatibilityLevel\": \"NONE\"}"));
        client.register("jars-value", record("Jar", "{\"name\": \"a\", \"type\": \"string\"}"));
        client.register("jars-value", record("Jar", "{\"name\": \"b\", \"type\": \"int\"}"));
        assertThat(client.latest("jars-value").version()).isEqualTo(2);

        // and the global level can change and change back
        assertThat(put("/config", Map.of("compatibility", "FULL")).body().get("compatibility").asText()).isEqualTo("FULL");
        assertThat(get("/config").body().get("compatibilityLevel").asText()).isEqualTo("FULL");
        put("/config", Map.of("compatibility", "BACKWARD"));
        Answer invalid = put("/config", Map.of("compatibility", "SIDEWAYS"));
        assertThat(invalid.status()).isEqualTo(422);
        assertThat(invalid.body().get("error_code").asInt()).isEqualTo(42203);
    }

    @Test
    void shouldAnswerConfluentErrorsAndReads() throws Exception {
        // given one subject
        Schema schema = record("Cap", "{\"name\": \"color\", \"type\": \"string\"}");
        int id = client.register("caps-value", schema);

        // then reads answer Confluent's shapes
        assertThat(get("/").body()).isEqualTo(JSON.readTree("{}"));
        assertThat(get("/schemas/ids/" + id).body().get("schema").asText()).isEqualTo(schema.toString());
        assertThat(get("/subjects/caps-value/versions/1").body())
                .isEqualTo(JSON.readTree("{\"subject\": \"caps-value\", \"version\": 1, \"id\": " + id + ", \"schema\": " + JSON.writeValueAsString(schema.toString()) + "}"));
        assertThat(new Schema.Parser().parse(getRaw("/subjects/caps-value/versions/latest/schema"))).isEqualTo(schema);
        // and errors carry Confluent's codes
        assertError(get("/subjects/nope-value/versions"), 404, 40401);
        assertError(get("/subjects/caps-value/versions/9"), 404, 40402);
        assertError(get("/subjects/caps-value/versions/zero"), 422, 42202);
        assertError(get("/schemas/ids/99999"), 404, 40403);
        assertError(post("/subjects/nope-value", Map.of("schema", schema.toString())), 404, 40401);
        assertError(post("/subjects/caps-value", Map.of("schema", record("Cap", "{\"name\": \"x\", \"type\": \"int\"}").toString())), 404, 40403);
        assertError(post("/subjects/caps-value/versions", Map.of("schema", "{\"type\": \"recrod\"}")), 422, 42201);
    }

    @Test
    void shouldKeepIdsAndSubjectsAcrossRestart() {
        // given schemas registered before a restart
        Schema first = record("Crate", "{\"name\": \"size\", \"type\": \"int\"}");
        Schema second = record("Crate", "{\"name\": \"size\", \"type\": \"int\"}, {\"name\": \"label\", \"type\": \"string\", \"default\": \"\"}");
        int firstId = client.register("crates-value", first);
        int secondId = client.register("crates-value", second);
        List<String> subjectsBefore = names(get("/subjects").body());

        // when the registry restarts on the same broker
        registry.close();
        startRegistry();

        // then ids, versions and subjects are the same, and a new schema gets a new id
        assertThat(client.register("crates-value", first)).isEqualTo(firstId);
        assertThat(client.idOf("crates-value", second)).isEqualTo(secondId);
        assertThat(client.latest("crates-value").version()).isEqualTo(2);
        assertThat(names(get("/subjects").body())).containsAll(subjectsBefore);
        int newId = client.register("lids-value", record("Lid", "{\"name\": \"d\", \"type\": \"int\"}"));
        assertThat(newId).isGreaterThan(Math.max(firstId, secondId));
    }

    @Test
    void shouldSeeSchemasRegisteredByAnotherInstanceOnSameTopic() {
        // given a second registry on the same topic
        try (EmbeddedSchemaRegistry other = new EmbeddedSchemaRegistry(kafka.bootstrapServers(), "127.0.0.1", 0).start()) {
            // when it registers a schema
            Schema schema = record("Funnel", "{\"name\": \"mm\", \"type\": \"int\"}");
            int id = new SchemaRegistryClient(other.url()).register("funnels-value", schema);

            // then the first registry serves it too, and does not hand out its id again
            assertThat(client.schemaById(id)).isEqualTo(schema);
            assertThat(client.register("spoons-value", record("Spoon", "{\"name\": \"ml\", \"type\": \"int\"}"))).isGreaterThan(id);
        }
    }

    @Test
    void shouldRoundTripOrdersThroughBrokerWithPlainKafkaSerdeConfig() throws Exception {
        // given a topic, and a producer and consumer configured the way a partner configures Confluent's serde
        String topic = "registry-test-orders";
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            admin.createTopics(List.of(new NewTopic(topic, 1, (short) 1))).all().get();
        }
        Order order = Order.newBuilder().setOrderId("o-42").setCustomerId("c-7").setChannel(Channel.WHOLESALE)
                .setLines(List.of(new OrderLine("HAB-100", 12, 650L))).setCreatedAt(Instant.ofEpochMilli(1_714_000_000_000L)).build();

        // when an order is produced and consumed
        try (KafkaProducer<String, Order> producer = new KafkaProducer<>(Map.of(
                ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ProducerConfig.KEY_SERIALIZER_CLASS_CONFIG, StringSerializer.class,
                ProducerConfig.VALUE_SERIALIZER_CLASS_CONFIG, AvroSerializer.class,
                "schema.registry.url", registry.url()))) {
            producer.send(new ProducerRecord<>(topic, order.getOrderId(), order)).get();
        }
        List<Order> received = new ArrayList<>();
        try (KafkaConsumer<String, Order> consumer = new KafkaConsumer<>(Map.of(
                ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, kafka.bootstrapServers(),
                ConsumerConfig.KEY_DESERIALIZER_CLASS_CONFIG, StringDeserializer.class,
                ConsumerConfig.VALUE_DESERIALIZER_CLASS_CONFIG, AvroDeserializer.class,
                "schema.registry.url", registry.url(),
                "specific.avro.value.type", Order.class.getName()))) {
            TopicPartition partition = new TopicPartition(topic, 0);
            consumer.assign(List.of(partition));
            consumer.seekToBeginning(List.of(partition));
            await().atMost(Duration.ofSeconds(30))
                    .until(() -> {
                        consumer.poll(Duration.ofMillis(200)).forEach(record -> received.add(record.value()));
                        return !received.isEmpty();
                    });
        }

        // then the order arrives whole, and its schema is under <topic>-value
        assertThat(received).containsExactly(order);
        assertThat(client.latest(topic + "-value").schema()).isEqualTo(Order.getClassSchema());
    }

    @Test
    void shouldKeepSchemasInCompactedTopic() throws Exception {
        try (Admin admin = Admin.create(Map.of("bootstrap.servers", kafka.bootstrapServers()))) {
            var description = admin.describeTopics(List.of("_schemas")).allTopicNames().get().get("_schemas");
            var config = admin.describeConfigs(List.of(new org.apache.kafka.common.config.ConfigResource(
                    org.apache.kafka.common.config.ConfigResource.Type.TOPIC, "_schemas"))).all().get().values().iterator().next();
            assertThat(description.partitions()).hasSize(1);
            assertThat(config.get(TopicConfig.CLEANUP_POLICY_CONFIG).value()).isEqualTo(TopicConfig.CLEANUP_POLICY_COMPACT);
        }
    }

    @Test
    void shouldRefuseWritesWithoutTheWritersCredentialsAndKeepReadsOpen() throws Exception {
        // given a registry whose writes need writer:s3cret
        try (EmbeddedSchemaRegistry guarded = new EmbeddedSchemaRegistry(kafka.bootstrapServers(), "127.0.0.1", 0,
                Optional.of("writer:s3cret")).start()) {
            Schema schema = record("Guarded", "{\"name\": \"n\", \"type\": \"int\"}");
            Map<String, String> body = Map.of("schema", schema.toString());

            // when writes come without credentials, or with wrong ones
            HttpResponse<String> anonymous = raw(guarded, "POST", "/subjects/guarded-value/versions", body, null);
            HttpResponse<String> wrong = raw(guarded, "POST", "/subjects/guarded-value/versions", body, "writer:guess");
            HttpResponse<String> config = raw(guarded, "PUT", "/config", Map.of("compatibility", "NONE"), null);
            HttpResponse<String> subjectConfig = raw(guarded, "PUT", "/config/guarded-value", Map.of("compatibility", "NONE"), null);

            // then they are refused with 401, Basic challenged, Confluent's error body, and nothing changed
            for (HttpResponse<String> refused : List.of(anonymous, wrong, config, subjectConfig)) {
                assertThat(refused.statusCode()).as(refused.request().method() + " " + refused.request().uri()).isEqualTo(401);
                assertThat(refused.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(v -> assertThat(v).startsWith("Basic"));
                assertThat(JSON.readTree(refused.body()).get("error_code").asInt()).isEqualTo(401);
            }
            assertThat(raw(guarded, "GET", "/config", null, null).body()).doesNotContain("NONE");
            assertThat(raw(guarded, "GET", "/subjects", null, null).body()).doesNotContain("guarded-value");

            // and a client with Confluent's basic.auth.user.info registers, which anyone may then read
            SchemaRegistryClient writer = new SchemaRegistryClient(guarded.url(),
                    com.scoville.registry.RegistryClientSettings.DEFAULTS.withUserInfo("writer:s3cret"));
            int id = writer.register("guarded-value", schema);
            assertThat(new SchemaRegistryClient(guarded.url()).schemaById(id)).isEqualTo(schema);
            assertThat(raw(guarded, "POST", "/subjects/guarded-value", body, null).statusCode()).isEqualTo(200);
            assertThat(raw(guarded, "POST", "/compatibility/subjects/guarded-value/versions/latest", body, null).statusCode()).isEqualTo(200);
            assertThat(raw(guarded, "PUT", "/config/guarded-value", Map.of("compatibility", "FULL"), "writer:s3cret").statusCode()).isEqualTo(200);
        }
    }

    @Test
    void shouldTellItsListenerOfEveryWriteOnceAndOfEveryRefusedWrite() throws Exception {
        // given a guarded registry with a listener
        List<RegistryChange> changes = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (EmbeddedSchemaRegistry guarded = new EmbeddedSchemaRegistry(kafka.bootstrapServers(), "127.0.0.1", 0,
                Optional.of("writer:s3cret")).start()) {
            guarded.onChange(changes::add);
            Schema schema = record("Listened", "{\"name\": \"n\", \"type\": \"int\"}");
            Map<String, String> body = Map.of("schema", schema.toString());

            // when a write is refused, a schema is registered twice and a level is set
            raw(guarded, "PUT", "/config/listened-value", Map.of("compatibility", "NONE"), "writer:guess");
            raw(guarded, "POST", "/subjects/listened-value/versions", body, "writer:s3cret");
            raw(guarded, "POST", "/subjects/listened-value/versions", body, "writer:s3cret");
            raw(guarded, "PUT", "/config/listened-value", Map.of("compatibility", "FULL"), "writer:s3cret");
        }

        // then the listener heard each once: the refusal, the one new version, the level before and after
        assertThat(changes).containsExactly(
                new RegistryChange("registry.config.set", "listened-value", "anonymous", false, "wrong credentials", null, null),
                new RegistryChange("registry.schema.register", "listened-value", "writer", true,
                        changes.get(1).detail(), null, null),
                new RegistryChange("registry.config.set", "listened-value", "writer", true, "compatibility FULL", null, "FULL"));
        assertThat(changes.get(1).detail()).startsWith("version 1, schema id ");
    }

    private static HttpResponse<String> raw(EmbeddedSchemaRegistry target, String method, String path, Object body, String userInfo)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(target.url() + path))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : json(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json");
        if (userInfo != null) {
            request.header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(userInfo.getBytes(java.nio.charset.StandardCharsets.UTF_8)));
        }
        return HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
    }

    private static void startRegistry() {
        registry = new EmbeddedSchemaRegistry(kafka.bootstrapServers(), "127.0.0.1", 0).start();
        client = new SchemaRegistryClient(registry.url());
    }

    private static Schema record(String name, String fields) {
        return new Schema.Parser().parse("{\"type\": \"record\", \"name\": \"" + name + "\", \"namespace\": \"com.scoville.test\", \"fields\": [" + fields + "]}");
    }

    private static List<String> names(JsonNode array) {
        List<String> names = new ArrayList<>();
        array.forEach(node -> names.add(node.asText()));
        return names;
    }

    private static void assertError(Answer answer, int status, int errorCode) {
        assertThat(answer.status()).as("status of %s", answer.body()).isEqualTo(status);
        assertThat(answer.body().get("error_code").asInt()).isEqualTo(errorCode);
        assertThat(answer.body().get("message").asText()).isNotBlank();
    }

    private record Answer(int status, String contentType, JsonNode body) { }

    private static Answer get(String path) {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET());
    }

    private static String getRaw(String path) throws IOException, InterruptedException {
        return HTTP.send(HttpRequest.newBuilder(URI.create(registry.url() + path)).GET().build(), HttpResponse.BodyHandlers.ofString()).body();
    }

    private static Answer post(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).POST(json(body)).header("Content-Type", "application/json"));
    }

    private static Answer put(String path, Object body) {
        return send(HttpRequest.newBuilder(URI.create(registry.url() + path)).PUT(json(body))
                .header("Content-Type", "application/vnd.schemaregistry.v1+json"));
    }

    private static HttpRequest.BodyPublisher json(Object body) {
        try {
            return HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Answer send(HttpRequest.Builder request) {
        try {
            HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
            return new Answer(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""), JSON.readTree(response.body()));
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
