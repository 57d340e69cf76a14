package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.avro.Order;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SchemaRegistryClientTest {

    private static final Schema TINY = new Schema.Parser().parse(
            "{\"type\": \"record\", \"name\": \"Tiny\", \"fields\": [{\"name\": \"n\", \"type\": \"int\"}]}");
    private static final RegistryClientSettings FAST =
            new RegistryClientSettings(Duration.ofSeconds(2), Duration.ofSeconds(2), 3, Duration.ofMillis(1));

    private final StubRegistryServer stub = new StubRegistryServer();
    private final SchemaRegistryClient client = new SchemaRegistryClient(stub.url(), FAST);

    SchemaRegistryClientTest() throws IOException {
    }

    @AfterEach
    void stopStub() {
        stub.close();
    }

    @Test
    void shouldRegisterWithConfluentRequest() throws IOException {
        // given the registry gives id 7
        stub.answer(200, "{\"id\": 7}");

        // when a schema is registered
        int id = client.register("tiny-value", TINY);

        // then the request is Confluent's
        assertThat(id).isEqualTo(7);
        StubRegistryServer.Request request = stub.requests().get(0);
        assertThat(request.method()).isEqualTo("POST");
        assertThat(request.rawPath()).isEqualTo("/subjects/tiny-value/versions");
        assertThat(request.contentType()).isEqualTo("application/vnd.schemaregistry.v1+json");
        assertThat(new ObjectMapper().readTree(request.body()).get("schema").asText()).isEqualTo(TINY.toString());
    }

    @Test
    void shouldRetryOn5xxThenSucceed() {
        // given the registry fails twice, then answers
        stub.answer(503, "{\"error_code\": 50003, \"message\": \"Error while forwarding the request to the leader\"}")
                .answer(500, "not even json")
                .answer(200, "{\"id\": 3}");

        // when a schema is registered
        int id = client.register("tiny-value", TINY);

        // then the third attempt answered
        assertThat(id).isEqualTo(3);
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void shouldNotRetryOn4xx() {
        // given the registry refuses the schema
        stub.answer(409, "{\"error_code\": 409, \"message\": \"Schema being registered is incompatible\"}")
                .answer(200, "{\"id\": 1}");

        // when / then: one request, and the error says not to retry
        assertThatThrownBy(() -> client.register("tiny-value", TINY))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(409);
                    assertThat(e.errorCode()).isEqualTo(409);
                    assertThat(e.isRetryable()).isFalse();
                    assertThat(e.reason()).contains("incompatible");
                });
        assertThat(stub.requests()).hasSize(1);
    }

    @Test
    void shouldGiveUpAfterMaxAttemptsWithRetryableError() {
        // given the registry keeps failing
        stub.answer(500, "{}").answer(500, "{}").answer(500, "{}").answer(200, "{\"id\": 1}");

        // when / then
        assertThatThrownBy(() -> client.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> assertThat(e.isRetryable()).isTrue());
        assertThat(stub.requests()).hasSize(3);
    }

    @Test
    void shouldFailOverToNextUrlOnConnectionError() throws IOException {
        // given the first URL has no server behind it
        SchemaRegistryClient failover = new SchemaRegistryClient("http://127.0.0.1:" + freePort() + ", " + stub.url() + "/", FAST);
        stub.answer(200, "{\"schema\": " + quoted(TINY) + "}");

        // when a schema is fetched
        Schema schema = failover.schemaById(5);

        // then the second URL answered
        assertThat(schema).isEqualTo(TINY);
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::rawPath).containsExactly("/schemas/ids/5");
    }

    @Test
    void shouldReportUnreachableRegistryAsRetryable() throws IOException {
        // given no registry at all
        SchemaRegistryClient nowhere = new SchemaRegistryClient("http://127.0.0.1:" + freePort(), FAST);

        // when / then
        assertThatThrownBy(() -> nowhere.schemaById(1))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.status()).isEqualTo(SchemaRegistryException.NO_RESPONSE);
                    assertThat(e.isRetryable()).isTrue();
                });
    }

    @Test
    void shouldCacheIdsAndSchemasSoSecondCallDoesNoHttp() {
        // given the registry answers once for each kind of call
        stub.answer(200, "{\"id\": 11}").answer(200, "{\"schema\": " + quoted(TINY) + "}");

        // when each call is made twice
        int first = client.register("tiny-value", TINY);
        int second = client.register("tiny-value", TINY);
        int looked = client.idOf("tiny-value", TINY);
        Schema registered = client.schemaById(11);
        Schema fetched = client.schemaById(12);
        Schema again = client.schemaById(12);

        // then only the first of each went over HTTP
        assertThat(first).isEqualTo(second).isEqualTo(looked).isEqualTo(11);
        assertThat(registered).isEqualTo(TINY);
        assertThat(fetched).isEqualTo(again).isEqualTo(TINY);
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::rawPath)
                .containsExactly("/subjects/tiny-value/versions", "/schemas/ids/12");
    }

    @Test
    void shouldLookUpAndReadLatest() {
        // given the registry knows the subject
        String answer = "{\"subject\": \"tiny-value\", \"id\": 4, \"version\": 2, \"schema\": " + quoted(TINY) + "}";
        stub.answer(200, answer).answer(200, answer);

        // when
        int id = client.idOf("tiny-value", TINY);
        SchemaRegistry.RegisteredSchema latest = client.latest("tiny-value");

        // then
        assertThat(id).isEqualTo(4);
        assertThat(latest).isEqualTo(new SchemaRegistry.RegisteredSchema("tiny-value", 4, 2, TINY));
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::rawPath)
                .containsExactly("/subjects/tiny-value", "/subjects/tiny-value/versions/latest");
    }

    @Test
    void shouldReportSubjectNotFound() {
        // given
        stub.answer(404, "{\"error_code\": 40401, \"message\": \"Subject 'nope' not found.\"}");

        // when / then
        assertThatThrownBy(() -> client.latest("nope"))
                .isInstanceOfSatisfying(SchemaRegistryException.class, e -> {
                    assertThat(e.errorCode()).isEqualTo(SchemaRegistryException.SUBJECT_NOT_FOUND);
                    assertThat(e.isNotFound()).isTrue();
                });
    }

    @Test
    void shouldUrlEncodeSubjects() {
        // given
        stub.answer(200, "{\"id\": 1}");

        // when
        client.register("odd subject/with+chars", TINY);

        // then
        assertThat(stub.requests().get(0).rawPath()).isEqualTo("/subjects/odd%20subject%2Fwith%2Bchars/versions");
    }

    @Test
    void shouldConfigureDeserializerFromKafkaProperties() {
        // given a deserializer built the way a Kafka consumer builds it
        stub.answer(200, "{\"schema\": " + quoted(Order.getClassSchema()) + "}");
        AvroDeserializer<Order> deserializer = new AvroDeserializer<>();
        deserializer.configure(Map.of("schema.registry.url", stub.url(), "specific.avro.value.type", Order.class.getName()), false);
        byte[] bytes = new AvroSerializer<Order>(new FixedIdRegistry(42), false).serialize("orders", Order.newBuilder()
                .setOrderId("o-1").setCustomerId("c-1").setChannel(com.scoville.avro.Channel.POS)
                .setLines(java.util.List.of()).setCreatedAt(java.time.Instant.EPOCH).build());

        // when
        Order read = deserializer.deserialize("orders", bytes);

        // then it fetched schema 42 over HTTP and read an Order
        assertThat(read.getChannel()).isEqualTo(com.scoville.avro.Channel.POS);
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::rawPath).containsExactly("/schemas/ids/42");
    }

    private static String quoted(Schema schema) {
        try {
            return new ObjectMapper().writeValueAsString(schema.toString());
        } catch (IOException e) {
            throw new IllegalStateException(e);
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket socket = new ServerSocket(0)) {
            return socket.getLocalPort();
        }
    }

    @Test
    void shouldSendBasicCredentialsWithEveryRequestWhenConfigured() {
        // given a client with Confluent's basic.auth.user.info
        SchemaRegistryClient withCredentials = new SchemaRegistryClient(stub.url(), FAST.withUserInfo("writer:s3cr:et"));
        stub.answer(200, "{\"id\": 7}").answer(200, "{\"schema\": \"\\\"string\\\"\"}");

        // when it registers and reads
        withCredentials.register("tiny-value", TINY);
        withCredentials.schemaById(8);

        // then both requests carry HTTP Basic credentials (the password may hold a colon)
        String expected = "Basic " + Base64.getEncoder().encodeToString("writer:s3cr:et".getBytes(StandardCharsets.UTF_8));
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::authorization).containsExactly(expected, expected);
    }

    @Test
    void shouldSendNoCredentialsByDefaultAndHideThemInToString() {
        stub.answer(200, "{\"id\": 7}");

        client.register("tiny-value", TINY);

        assertThat(stub.requests().get(0).authorization()).isNull();
        assertThat(FAST.withUserInfo("writer:s3cret").toString()).doesNotContain("s3cret");
    }

    @Test
    void shouldTakeCredentialsFromConfluentSerdeSettings() {
        // given serializers configured as Confluent's are: user info, or credentials in the URL
        AvroSerializer<org.apache.avro.generic.GenericRecord> byUserInfo = new AvroSerializer<>();
        byUserInfo.configure(Map.of("schema.registry.url", stub.url(), "basic.auth.credentials.source", "USER_INFO",
                "basic.auth.user.info", "writer:s3cret"), false);
        AvroSerializer<org.apache.avro.generic.GenericRecord> byUrl = new AvroSerializer<>();
        byUrl.configure(Map.of("schema.registry.url", stub.url().replace("http://", "http://writer:s3cret@")), false);
        stub.answer(200, "{\"id\": 7}").answer(200, "{\"id\": 7}");

        // when each registers a schema
        org.apache.avro.generic.GenericRecord tiny = new org.apache.avro.generic.GenericData.Record(TINY);
        tiny.put("n", 1);
        byUserInfo.serialize("tiny", tiny);
        byUrl.serialize("tiny", tiny);

        // then both sent the credentials
        String expected = "Basic " + Base64.getEncoder().encodeToString("writer:s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::authorization).containsExactly(expected, expected);
        assertThat(stub.requests()).extracting(StubRegistryServer.Request::rawPath).containsOnly("/subjects/tiny-value/versions");
    }

    @Test
    void shouldRefuseUserInfoSourceWithoutUserInfo() {
        AvroSerializer<org.apache.avro.generic.GenericRecord> serializer = new AvroSerializer<>();
        assertThatThrownBy(() -> serializer.configure(Map.of("schema.registry.url", stub.url(),
                "basic.auth.credentials.source", "USER_INFO"), false))
                .isInstanceOf(org.apache.kafka.common.config.ConfigException.class)
                .hasMessageContaining("basic.auth.user.info");
    }
}
