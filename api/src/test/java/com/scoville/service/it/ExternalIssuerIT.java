package com.scoville.service.it;

import com.fasterxml.jackson.databind.JsonNode;
import com.scoville.service.ScovilleService;
import no.nav.security.mock.oauth2.MockOAuth2Server;
import no.nav.security.mock.oauth2.token.DefaultOAuth2TokenCallback;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * OAUTH_ISSUER naming an external OpenID Connect provider: a real one, NAV's mock-oauth2-server (discovery, JWKS,
 * RS256 tokens). The service finds the keys through the discovery document, takes that issuer's tokens with their
 * roles, refuses another issuer's, and runs no development issuer of its own.
 */
class ExternalIssuerIT {
    private static final String ISSUER_ID = "scoville-realm";
    @TempDir
    static Path dataDir;
    private static MockOAuth2Server provider;
    private static ScovilleService service;
    private static Http admin;

    @BeforeAll
    static void startTheProviderAndTheService() {
        provider = new MockOAuth2Server();
        provider.start();
        service = Stack.embedded(dataDir, Map.of("OAUTH_ISSUER", provider.issuerUrl(ISSUER_ID).toString()));
        admin = new Http(service.httpUrl()).withToken(token(ISSUER_ID, "ops", Map.of("roles", List.of("admin"))));
    }

    @AfterAll
    static void stop() {
        if (service != null) {
            service.close();
        }
        if (provider != null) {
            provider.shutdown();
        }
    }

    @Test
    void shouldTakeTheProvidersTokensWithTheirRoles() {
        // given a sauce in stock (an admin token of the provider)
        String sku = Canary.freshSauce(admin, 10);

        // when a POS channel of the provider orders
        Http pos = admin.withToken(token(ISSUER_ID, "till-7", Map.of("roles", List.of("channel"), "channel", "POS", "azp", "market-pos")));
        Http.Response placed = pos.post("/v1/orders", Map.of("customerId", "walk-in", "lines", List.of(Map.of("sku", sku, "quantity", 1))),
                Map.of("Idempotency-Key", UUID.randomUUID().toString(), "Prefer", "wait=10"));

        // then the order is on its channel, and an analyst of the provider may not order
        assertThat(placed.status()).as(placed.raw().body()).isIn(200, 202);
        JsonNode order = placed.body();
        assertThat(order.path("channel").asText()).isEqualTo("POS");
        Http analyst = admin.withToken(token(ISSUER_ID, "numbers", Map.of("roles", List.of("analyst"))));
        assertThat(analyst.post("/v1/orders", Map.of("customerId", "x", "lines", List.of(Map.of("sku", sku, "quantity", 1))), Http.freshKey()).status())
                .isEqualTo(403);
    }

    @Test
    void shouldRefuseATokenOfAnotherIssuerOfTheSameProvider() {
        Http stranger = admin.withToken(token("another-realm", "ops", Map.of("roles", List.of("admin"))));

        Http.Response r = stranger.get("/v1/orders");

        assertThat(r.status()).isEqualTo(401);
        assertThat(r.header("WWW-Authenticate")).contains("invalid_token");
    }

    @Test
    void shouldRefuseATokenForAnotherAudience() {
        String token = provider.issueToken(ISSUER_ID, "ops", new DefaultOAuth2TokenCallback(ISSUER_ID, "ops", "JWT",
                List.of("another-api"), Map.of("roles", List.of("admin")), 3600)).serialize();

        assertThat(admin.withToken(token).get("/v1/orders").status()).isEqualTo(401);
    }

    @Test
    void shouldRunNoDevelopmentIssuer() {
        assertThat(service.runsDevIssuer()).isFalse();
        assertThat(admin.anonymous().get("/oauth2/.well-known/openid-configuration").status()).isEqualTo(404);
    }

    private static String token(String issuerId, String subject, Map<String, Object> claims) {
        return provider.issueToken(issuerId, subject, new DefaultOAuth2TokenCallback(issuerId, subject, "JWT", List.of("scoville"), claims, 3600))
                .serialize();
    }
}
