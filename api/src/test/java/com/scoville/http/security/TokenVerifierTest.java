package com.scoville.http.security;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.ECDSASigner;
import com.nimbusds.jose.crypto.MACSigner;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.ECKeyGenerator;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.PlainJWT;
import com.nimbusds.jwt.SignedJWT;
import com.sun.net.httpserver.HttpServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.Date;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * Forged and broken tokens against {@link TokenVerifier}, with a real issuer over HTTP (discovery document and JWKS,
 * served by the JDK's HTTP server) whose keys the test can rotate.
 */
class TokenVerifierTest {
    private static final String AUDIENCE = "scoville";

    private HttpServer server;
    private String issuer;
    private final AtomicReference<JWKSet> published = new AtomicReference<>();
    private final AtomicInteger jwksFetches = new AtomicInteger();
    private RSAKey key;
    private MutableClock clock;
    private TokenVerifier verifier;

    @BeforeEach
    void startTheIssuer() throws Exception {
        key = rsa("key-1");
        published.set(new JWKSet(key.toPublicJWK()));
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        issuer = "http://127.0.0.1:" + server.getAddress().getPort() + "/realm";
        server.createContext("/realm/.well-known/openid-configuration", exchange -> answer(exchange,
                "{\"issuer\":\"" + issuer + "\",\"jwks_uri\":\"" + issuer + "/jwks\"}"));
        server.createContext("/realm/jwks", exchange -> {
            jwksFetches.incrementAndGet();
            answer(exchange, published.get().toString());
        });
        server.start();
        clock = new MutableClock(Instant.now());
        verifier = TokenVerifier.forIssuer(issuer, AUDIENCE, clock);
    }

    @AfterEach
    void stopTheIssuer() {
        server.stop(0);
    }

    @Test
    void shouldAcceptAValidTokenAndReadItsRolesAndChannel() throws Exception {
        // given
        String token = sign(key, claims().claim("roles", List.of("channel")).claim("channel", "web").claim("azp", "web-shop").build());

        // when
        Principal p = verifier.verify(token);

        // then
        assertThat(p.subject()).isEqualTo("someone");
        assertThat(p.roles()).containsExactly(Role.CHANNEL);
        assertThat(p.channel()).isEqualTo("WEB");
        assertThat(p.clientId()).isEqualTo("web-shop");
    }

    @Test
    void shouldAcceptAnEs256Token() throws Exception {
        ECKey ec = new ECKeyGenerator(Curve.P_256).keyID("ec-1").generate();
        published.set(new JWKSet(List.of(key.toPublicJWK(), ec.toPublicJWK())));
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.ES256).keyID("ec-1").build(), claims().build());
        jwt.sign(new ECDSASigner(ec));

        assertThat(verifier.verify(jwt.serialize()).roles()).containsExactly(Role.ADMIN);
    }

    @Test
    void shouldRefuseAnUnsignedTokenAlgNone() {
        String token = new PlainJWT(claims().build()).serialize();

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseHmacSignedWithThePublicKey() throws Exception {
        // the classic confusion: HS256 keyed with the issuer's public key, which anyone can read from the JWKS
        byte[] publicKey = key.toPublicJWK().toRSAPublicKey().getEncoded();
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.HS256).keyID("key-1").build(), claims().build());
        jwt.sign(new MACSigner(java.util.Arrays.copyOf(publicKey, Math.max(64, publicKey.length))));

        assertThatThrownBy(() -> verifier.verify(jwt.serialize())).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseATokenSignedWithAnotherKeyUnderTheIssuersKid() throws Exception {
        RSAKey forger = rsa("key-1");

        assertThatThrownBy(() -> verifier.verify(sign(forger, claims().build()))).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseAnExpiredTokenButAllowASmallClockSkew() throws Exception {
        Instant now = clock.instant();
        String expired = sign(key, claims().expirationTime(Date.from(now.minusSeconds(120))).build());
        String justExpired = sign(key, claims().expirationTime(Date.from(now.minusSeconds(5))).build());

        assertThatThrownBy(() -> verifier.verify(expired)).isInstanceOf(TokenVerifier.InvalidToken.class);
        assertThat(verifier.verify(justExpired).subject()).isEqualTo("someone");
    }

    @Test
    void shouldRefuseATokenNotValidYet() throws Exception {
        String early = sign(key, claims().notBeforeTime(Date.from(clock.instant().plusSeconds(600))).build());

        assertThatThrownBy(() -> verifier.verify(early)).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseAWrongAudience() throws Exception {
        String token = sign(key, claims().audience("another-api").build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseAWrongIssuer() throws Exception {
        String token = sign(key, claims().issuer("http://evil.example/realm").build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseATokenWithoutExpiry() throws Exception {
        String token = sign(key, claims().expirationTime(null).build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    @Test
    void shouldRefuseATokenLongerThanTheBound() {
        String huge = "a".repeat(TokenVerifier.MAX_TOKEN_LENGTH + 1);

        assertThatThrownBy(() -> verifier.verify(huge)).isInstanceOf(TokenVerifier.InvalidToken.class).hasMessageContaining("longer");
    }

    @Test
    void shouldFetchTheJwksAgainForAKeyItDoesNotKnowAfterARotation() throws Exception {
        // given a token of the first key, verified (the JWKS fetched once)
        assertThat(verifier.verify(sign(key, claims().build())).subject()).isEqualTo("someone");
        int fetchesBefore = jwksFetches.get();

        // when the issuer rotates to a new key and signs with it
        RSAKey rotated = rsa("key-2");
        published.set(new JWKSet(rotated.toPublicJWK()));
        String token = sign(rotated, claims().subject("after-rotation").build());

        // then the verifier fetches the JWKS again and accepts it (an unknown kid may refetch at most once a second)
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(verifier.verify(token).subject()).isEqualTo("after-rotation"));
        assertThat(jwksFetches.get()).isGreaterThan(fetchesBefore);
    }

    @Test
    void shouldAnswerARepeatedTokenFromItsCacheUntilItExpires() throws Exception {
        // given a verified token
        Instant exp = clock.instant().plusSeconds(300);
        String token = sign(key, claims().expirationTime(Date.from(exp)).build());
        verifier.verify(token);
        int fetches = jwksFetches.get();

        // when the issuer no longer publishes its key, the same token is still accepted: no second signature check
        published.set(new JWKSet(List.<JWK>of()));
        assertThat(verifier.verify(token).subject()).isEqualTo("someone");
        assertThat(jwksFetches.get()).isEqualTo(fetches);

        // and once past its expiry (and the skew) it is refused, cached or not
        clock.set(exp.plus(TokenVerifier.CLOCK_SKEW).plusSeconds(1));
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.InvalidToken.class).hasMessageContaining("expired");
    }

    @Test
    void shouldAnswerUnavailableWhileTheIssuerCannotBeReachedAndRecoverAfterwards() throws Exception {
        // given an issuer that is down when the first token comes
        String token = sign(key, claims().build());
        server.stop(0);

        // then the token is not called invalid: the service cannot tell now (503, try again)
        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOfSatisfying(com.scoville.http.ApiException.class,
                e -> assertThat(e.kind()).isEqualTo(com.scoville.http.ApiException.Kind.UNAVAILABLE));
    }

    @Test
    void shouldCallAForgedKidInvalidEvenRightAfterAFetch() throws Exception {
        // given the JWKS just fetched
        verifier.verify(sign(key, claims().build()));

        // when forged tokens name kids the issuer never had, one right after the other
        for (int i = 0; i < 3; i++) {
            String forged = sign(rsa("forged-" + i), claims().build());

            // then each is invalid (a refetch at most once a second, never an error of ours)
            assertThatThrownBy(() -> verifier.verify(forged)).isInstanceOf(TokenVerifier.InvalidToken.class);
        }
    }

    @Test
    void shouldRefuseAChannelTokenWithoutAChannel() throws Exception {
        String token = sign(key, claims().claim("roles", List.of("channel")).build());

        assertThatThrownBy(() -> verifier.verify(token)).isInstanceOf(TokenVerifier.InvalidToken.class);
    }

    private JWTClaimsSet.Builder claims() {
        Instant now = clock.instant();
        return new JWTClaimsSet.Builder().issuer(issuer).audience(AUDIENCE).subject("someone")
                .issueTime(Date.from(now)).expirationTime(Date.from(now.plusSeconds(600))).claim("roles", List.of("admin"));
    }

    private static String sign(RSAKey with, JWTClaimsSet claims) throws Exception {
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(with.getKeyID()).build(), claims);
        jwt.sign(new RSASSASigner(with));
        return jwt.serialize();
    }

    private static RSAKey rsa(String kid) throws Exception {
        return new RSAKeyGenerator(2048).keyID(kid).generate();
    }

    private static void answer(com.sun.net.httpserver.HttpExchange exchange, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(200, body.length);
        exchange.getResponseBody().write(body);
        exchange.close();
    }

    /** A clock the test moves. */
    static final class MutableClock extends Clock {
        private volatile Instant now;

        MutableClock(Instant now) {
            this.now = now;
        }

        void set(Instant instant) {
            now = instant;
        }

        @Override
        public java.time.ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
