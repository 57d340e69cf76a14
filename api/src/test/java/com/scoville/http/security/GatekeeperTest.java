package com.scoville.http.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.HttpApi;
import com.scoville.http.Json;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The gate on a small app (no Kafka): the development issuer's token endpoint, 401 and 403 as RFC 6750 and problem+json
 * say, and rate limits per principal and per client address, with their headers.
 */
class GatekeeperTest {
    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient CLIENT = HttpClient.newHttpClient();
    private Javalin app;
    private String base;

    private void start(String rateLimits) {
        // the issuer's URL is only the tokens' iss: this instance verifies with the issuer's keys in memory
        String issuerUrl = "http://gatekeeper-test" + DevIssuer.PATH;
        DevIssuer issuer = new DevIssuer(issuerUrl, "scoville", "s3cret", Clock.systemUTC());
        TokenVerifier verifier = new TokenVerifier(issuerUrl, "scoville", issuer.keys(), Clock.systemUTC());
        Consumer<RoutesConfig> stub = routes -> {
            routes.get("/v1/products", ctx -> ctx.json(List.of()));
            routes.get("/v1/orders", ctx -> ctx.json(List.of(Principal.callerOf(ctx))));
            routes.put("/v1/products/{sku}", ctx -> ctx.json(List.of()));
        };
        app = HttpApi.create("127.0.0.1", 0, JSON, List.of(new DevIssuerRoutes(issuer)::register,
                new Gatekeeper(verifier, RateLimits.parse(rateLimits), Gatekeeper.peerProof("peers"))::register, stub)).start();
        base = "http://127.0.0.1:" + app.port();
    }

    @AfterEach
    void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void shouldAnswer401WithoutAnErrorCodeWhenNoTokenIsSent() throws Exception {
        start("anonymous=1000/min");

        HttpResponse<String> r = send("GET", "/v1/orders", null, null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValue("Bearer realm=\"scoville\"");
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(JSON.readTree(r.body()).path("status").asInt()).isEqualTo(401);
    }

    @Test
    void shouldAnswer401InvalidTokenForAGarbledToken() throws Exception {
        start("anonymous=1000/min");

        HttpResponse<String> r = send("GET", "/v1/orders", "Bearer not.a.token", null);

        assertThat(r.statusCode()).isEqualTo(401);
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("error=\"invalid_token\""));
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
    }

    @Test
    void shouldAnswer403ProblemForARoleThatMayNot() throws Exception {
        start("analyst=1000/min");
        String analyst = token("client_credentials", "analytics", "s3cret", null, false);

        HttpResponse<String> r = send("PUT", "/v1/products/X", "Bearer " + analyst, "{}");

        assertThat(r.statusCode()).isEqualTo(403);
        assertThat(r.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(r.headers().firstValue("WWW-Authenticate")).hasValueSatisfying(h -> assertThat(h).contains("insufficient_scope"));
    }

    @Test
    void shouldGiveTokensForClientCredentialsInTheFormOrWithBasicAndForCustomers() throws Exception {
        start("admin=1000/min,customer=1000/min,anonymous=1000/min");

        String admin = token("client_credentials", "backoffice", "s3cret", null, false);
        String viaBasic = token("client_credentials", "web-shop", "s3cret", null, true);
        String customer = token("password", "storefront", "s3cret", "alice", false);

        assertThat(callerWith(admin)).isEqualTo("client:backoffice");
        assertThat(callerWith(viaBasic)).isEqualTo("client:web-shop");
        assertThat(callerWith(customer)).isEqualTo("customer:alice");
    }

    @Test
    void shouldRefuseAWrongSecretAnUnknownClientAndAnUnknownGrant() throws Exception {
        start("anonymous=1000/min");

        HttpResponse<String> wrongSecret = tokenResponse("grant_type=client_credentials&client_id=backoffice&client_secret=nope", null);
        HttpResponse<String> unknownClient = tokenResponse("grant_type=client_credentials&client_id=nobody&client_secret=s3cret", null);
        HttpResponse<String> unknownGrant = tokenResponse("grant_type=implicit&client_id=backoffice&client_secret=s3cret", null);
        HttpResponse<String> customerWithoutPassword = tokenResponse("grant_type=password&client_id=storefront&client_secret=s3cret&username=bob", null);

        assertThat(wrongSecret.statusCode()).isEqualTo(401);
        assertThat(JSON.readTree(wrongSecret.body()).path("error").asText()).isEqualTo("invalid_client");
        assertThat(unknownClient.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownClient.body()).path("error").asText()).isEqualTo("unauthorized_client");
        assertThat(unknownGrant.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(unknownGrant.body()).path("error").asText()).isEqualTo("unsupported_grant_type");
        assertThat(customerWithoutPassword.statusCode()).isEqualTo(400);
        assertThat(JSON.readTree(customerWithoutPassword.body()).path("error").asText()).isEqualTo("invalid_grant");
    }

    @Test
    void shouldAnswerABodyThatIsNoFormWith400() throws Exception {
        start("anonymous=1000/min");

        HttpResponse<String> badEncoding = tokenResponse("grant_type=%zz&client_id=%", null);
        HttpResponse<String> brokenMultipart = CLIENT.send(HttpRequest.newBuilder(URI.create(base + "/oauth2/token"))
                .header("Content-Type", "multipart/form-data; boundary=xyz").POST(HttpRequest.BodyPublishers.ofString("--abc\r\nnope")).build(),
                HttpResponse.BodyHandlers.ofString());

        assertThat(badEncoding.statusCode()).as(badEncoding.body()).isEqualTo(400);
        assertThat(brokenMultipart.statusCode()).as(brokenMultipart.body()).isEqualTo(400);
    }

    @Test
    void shouldLimitEachPrincipalOnItsOwnAndAnswer429WithTheRateLimitHeaders() throws Exception {
        // given a limit of 3 requests a minute for customers
        start("customer=3/min,anonymous=1000/min");
        String alice = "Bearer " + token("password", "storefront", "s3cret", "alice", false);
        String bob = "Bearer " + token("password", "storefront", "s3cret", "bob", false);

        // when alice sends 4
        List<HttpResponse<String>> answers = new java.util.ArrayList<>();
        for (int i = 0; i < 4; i++) {
            answers.add(send("GET", "/v1/orders", alice, null));
        }

        // then the first 3 pass, each saying what is left, and the 4th is 429 with Retry-After
        assertThat(answers.subList(0, 3)).extracting(HttpResponse::statusCode).containsOnly(200);
        assertThat(answers.get(0).headers().firstValue("RateLimit-Policy")).hasValue("\"customer\";q=3;w=60");
        assertThat(answers.get(0).headers().firstValue("RateLimit")).hasValueSatisfying(h -> assertThat(h).startsWith("\"customer\";r=2;t="));
        assertThat(answers.get(2).headers().firstValue("RateLimit")).hasValueSatisfying(h -> assertThat(h).startsWith("\"customer\";r=0;t="));
        HttpResponse<String> refused = answers.get(3);
        assertThat(refused.statusCode()).isEqualTo(429);
        assertThat(refused.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/problem+json"));
        assertThat(refused.headers().firstValue("Retry-After")).hasValueSatisfying(s -> assertThat(Integer.parseInt(s)).isBetween(1, 60));
        assertThat(refused.headers().firstValue("RateLimit-Policy")).hasValue("\"customer\";q=3;w=60");
        assertThat(refused.headers().firstValue("RateLimit")).hasValueSatisfying(h -> assertThat(h).startsWith("\"customer\";r=0;"));

        // and bob, another principal of the same role, still has his own
        assertThat(send("GET", "/v1/orders", bob, null).statusCode()).isEqualTo(200);
    }

    @Test
    void shouldLimitRequestsWithoutATokenByClientAddress() throws Exception {
        start("anonymous=2/min,admin=1000/min");

        int first = send("GET", "/v1/products", null, null).statusCode();
        int second = send("GET", "/v1/products", null, null).statusCode();
        HttpResponse<String> third = send("GET", "/v1/products", null, null);

        assertThat(List.of(first, second)).containsOnly(200);
        assertThat(third.statusCode()).isEqualTo(429);
        assertThat(third.headers().firstValue("RateLimit-Policy")).hasValue("\"anonymous\";q=2;w=60");
    }

    @Test
    void shouldTrustAPeerOnlyWithTheClustersProofAndOnlyForReads() throws Exception {
        start("anonymous=1000/min");

        HttpResponse<String> peer = send("GET", "/v1/orders", null, null, Gatekeeper.PEER_HEADER, Gatekeeper.peerProof("peers"));
        HttpResponse<String> impostor = send("GET", "/v1/orders", null, null, Gatekeeper.PEER_HEADER, Gatekeeper.peerProof("guess"));
        HttpResponse<String> peerWrite = send("PUT", "/v1/products/X", null, "{}", Gatekeeper.PEER_HEADER, Gatekeeper.peerProof("peers"));

        assertThat(peer.statusCode()).isEqualTo(200);
        assertThat(impostor.statusCode()).isEqualTo(401);
        assertThat(peerWrite.statusCode()).isEqualTo(401);
    }

    private String callerWith(String token) throws Exception {
        HttpResponse<String> r = send("GET", "/v1/orders", "Bearer " + token, null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body()).get(0).asText();
    }

    private String token(String grant, String clientId, String secret, String username, boolean basic) throws Exception {
        String form = "grant_type=" + grant + (basic ? "" : "&client_id=" + clientId + "&client_secret=" + secret)
                + (username == null ? "" : "&username=" + username + "&password=" + secret);
        HttpResponse<String> r = tokenResponse(form, basic ? "Basic " + Base64.getEncoder().encodeToString((clientId + ":" + secret).getBytes(StandardCharsets.UTF_8)) : null);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("token_type").asText()).isEqualTo("Bearer");
        assertThat(body.path("expires_in").asLong()).isPositive();
        return body.path("access_token").asText();
    }

    private HttpResponse<String> tokenResponse(String form, String authorization) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + "/oauth2/token")).timeout(Duration.ofSeconds(10))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }

    private HttpResponse<String> send(String method, String path, String authorization, String body, String... headers)
            throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10))
                .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (authorization != null) {
            b.header("Authorization", authorization);
        }
        for (int i = 0; i < headers.length; i += 2) {
            b.header(headers[i], headers[i + 1]);
        }
        return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
    }
}
