package com.scoville.http;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.analytics.AnalyticsGraphQl;
import com.scoville.http.analytics.AnalyticsGraphQlRoutes;
import com.scoville.http.analytics.AnalyticsService;
import com.scoville.service.it.fuzz.FuzzClient;
import com.scoville.service.it.fuzz.FuzzRequest.Header;
import com.scoville.service.it.fuzz.FuzzRequest;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import org.apache.kafka.streams.errors.StreamsStoppedException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Whatever a client gets wrong, down to HTTP itself, the answer is a 4xx problem+json: what the contract fuzzer
 * (ContractFuzzIT) found answered with 500s or Jetty's HTML pages, checked here without Kafka.
 */
class HttpApiProblemsTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static Javalin app;
    private static FuzzClient client;

    record Thing(String name) { }

    @BeforeAll
    static void startAnAppWithARouteThatReadsABodyAndOneWithAPathParameter() {
        Consumer<RoutesConfig> things = routes -> {
            routes.post("/things", ctx -> ctx.json(HttpRequests.body(ctx, JSON, Thing.class)));
            routes.put("/things", ctx -> ctx.json(HttpRequests.body(ctx, JSON, Thing.class)));
            routes.get("/things/{id}", ctx -> ctx.result(ctx.pathParam("id")));
            routes.get("/stopped", ctx -> {
                throw new StreamsStoppedException("KafkaStreams has been stopped (ERROR).");
            });
        };
        // parsing comes before any data is fetched: the GraphQL route needs no analytics service here
        Consumer<RoutesConfig> graphQl = new AnalyticsGraphQlRoutes(new AnalyticsGraphQl((AnalyticsService) null), JSON)::register;
        app = HttpApi.create("127.0.0.1", 0, JSON, List.of(things, graphQl)).start();
        client = new FuzzClient("http://127.0.0.1:" + app.port(), 1);
    }

    @AfterAll
    static void stopTheApp() {
        client.close();
        app.stop();
    }

    @Test
    void shouldAnswerAHeaderWithAControlCharacterWithAProblem() throws IOException {
        // when
        FuzzClient.Answer answer = send("GET", "/things/1", List.of(new Header("X-Fuzz", "a\u0001b")), null);

        // then
        assertProblem(answer, 400);
    }

    @Test
    void shouldAnswerHeadersTooLargeWithAProblemWhateverTheMethodAndAccept() throws IOException {
        for (String method : List.of("GET", "PUT", "DELETE", "PATCH")) {
            // when
            FuzzClient.Answer answer = send(method, "/things", List.of(new Header("X-Fuzz", "a".repeat(20_000)), new Header("Accept", ",,,")), null);

            // then
            assertProblem(answer, 431);
        }
    }

    @Test
    void shouldAnswerAUriTooLongWithAProblem() throws IOException {
        // when
        FuzzClient.Answer answer = send("GET", "/things/1?q=" + "a".repeat(20_000), List.of(), null);

        // then
        assertProblem(answer, 414);
    }

    @Test
    void shouldAnswerAPathParameterThatIsNotPercentEncodedWithABadRequest() throws IOException {
        // when
        FuzzClient.Answer answer = send("GET", "/things/%u0041", List.of(), null);

        // then
        assertThat(assertProblem(answer, 400).path("detail").asText()).contains("percent-encoded");
    }

    @Test
    void shouldAnswerAnUnknownCharsetWithUnsupportedMediaType() throws IOException {
        for (String contentType : List.of("application/json; charset=nonsense", "application/json; charset=")) {
            // when
            FuzzClient.Answer answer = send("POST", "/things", List.of(new Header("Content-Type", contentType)), "{\"name\":\"a\"}");

            // then
            assertProblem(answer, 415);
        }
    }

    @Test
    void shouldReadABodyInTheCharsetItsContentTypeNames() throws IOException {
        // when
        FuzzClient.Answer answer = client.send(new FuzzRequest("test", "POST", "/things",
                List.of(new Header("Content-Type", "application/json; charset=UTF-16")), "{\"name\":\"é\"}".getBytes(StandardCharsets.UTF_16)));

        // then
        assertThat(answer.status()).isEqualTo(200);
        assertThat(JSON.readTree(answer.body()).path("name").asText()).isEqualTo("é");
    }

    @Test
    void shouldAnswerABodyThatIsNoJsonObjectWithABadRequest() throws IOException {
        for (String body : List.of("null", "[]", "1", "\"thing\"")) {
            // when
            FuzzClient.Answer answer = send("POST", "/things", List.of(new Header("Content-Type", "application/json")), body);

            // then
            assertThat(assertProblem(answer, 400).path("detail").asText()).as(body).contains("JSON object");
        }
    }

    @Test
    void shouldAnswerAStoreThatCannotAnswerWithServiceUnavailableAndRetryAfter() throws IOException {
        // when
        FuzzClient.Answer answer = send("GET", "/stopped", List.of(), null);

        // then
        assertProblem(answer, 503);
        assertThat(answer.header("Retry-After")).isEqualTo("1");
    }

    @Test
    void shouldAnswerAGraphQlQueryWithUnpairedSurrogatesWithABadRequest() throws IOException {
        // given a query of 10 000 lone surrogates (graphql-java's lexer throws on it)
        String body = "{\"query\":\"" + "\\uD800".repeat(10_000) + "\"}";

        // when
        FuzzClient.Answer answer = send("POST", AnalyticsGraphQlRoutes.PATH, List.of(new Header("Content-Type", "application/json")), body);

        // then
        assertThat(assertProblem(answer, 400).path("detail").asText()).contains("unpaired surrogate");
    }

    @Test
    void shouldAnswerABodyOverTheLimitWithContentTooLarge() throws IOException {
        // when
        String huge = "{\"name\":\"" + "a".repeat((int) HttpApi.MAX_REQUEST_BYTES) + "\"}";
        FuzzClient.Answer answer = send("POST", "/things", List.of(new Header("Content-Type", "application/json")), huge);

        // then
        assertProblem(answer, 413);
    }

    private static FuzzClient.Answer send(String method, String target, List<Header> headers, String body) {
        List<Header> all = new ArrayList<>(headers);
        return client.send(new FuzzRequest("test", method, target, all, body == null ? null : body.getBytes(StandardCharsets.UTF_8)));
    }

    private static JsonNode assertProblem(FuzzClient.Answer answer, int status) throws IOException {
        assertThat(answer.error()).isNull();
        assertThat(answer.status()).isEqualTo(status);
        assertThat(answer.header("Content-Type")).startsWith(Problems.CONTENT_TYPE);
        JsonNode problem = JSON.readTree(answer.body());
        assertThat(problem.path("status").asInt()).isEqualTo(status);
        assertThat(problem.path("type").asText()).startsWith("https://scoville.dev/problems/");
        assertThat(problem.path("title").asText()).isNotBlank();
        return problem;
    }
}
