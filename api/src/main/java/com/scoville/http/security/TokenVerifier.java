package com.scoville.http.security;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.nimbusds.jose.JOSEObjectType;
import com.scoville.http.ApiException;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;

import java.io.IOException;
import java.net.URI;
import java.net.URL;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.text.ParseException;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Checks bearer JWTs with Nimbus JOSE+JWT: the signature against the issuer's JWKS (cached, fetched again for a
 * {@code kid} it does not know), only RS256 or ES256 (never {@code none}, never HMAC), {@code iss} exactly the issuer,
 * {@code aud} naming our audience, {@code exp} required, {@code exp}/{@code nbf} with {@link #CLOCK_SKEW}.
 *
 * <p>A verified token is remembered by its text until it expires (at most {@link #MAX_CACHED} tokens), so the
 * thousands of requests a channel sends with one token pay for one signature check, not one each.
 */
public final class TokenVerifier {
    /** Longer than any token a sane issuer signs (a few hundred bytes to 2 KB); a longer one is refused unread. */
    public static final int MAX_TOKEN_LENGTH = 8 * 1024;
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final Set<JWSAlgorithm> ALGORITHMS = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.ES256);
    private static final int MAX_CACHED = 50_000;
    private static final Duration KEYS_RETRY_AFTER = Duration.ofSeconds(5);
    /** An unknown kid fetches the JWKS again, but not more often than this (a forger sending random kids). */
    private static final long JWKS_REFETCH_MIN_INTERVAL_MS = 1_000;

    /** Why a token was refused: the 401's error_description. */
    public static final class InvalidToken extends Exception {
        InvalidToken(String message) {
            super(message);
        }
    }

    private final String issuer;
    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Map<String, Principal> verified = new ConcurrentHashMap<>();
    private final Clock clock;

    public TokenVerifier(String issuer, String audience, JWKSource<SecurityContext> keys, Clock clock) {
        this.issuer = issuer;
        this.clock = clock;
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, new JOSEObjectType("at+jwt"), null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALGORITHMS, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(Set.of(audience),
                new JWTClaimsSet.Builder().issuer(issuer).build(), Set.of("sub", "exp"), Set.of());
        claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    /** A verifier for an external OpenID Connect issuer: its discovery document is read on the first token. */
    public static TokenVerifier forIssuer(String issuer, String audience, Clock clock) {
        return new TokenVerifier(issuer, audience, new DiscoveredKeys(issuer), clock);
    }

    public String issuer() {
        return issuer;
    }

    /** The principal a token names; {@link InvalidToken} when it is not one of our issuer's, valid now, for us. */
    public Principal verify(String token) throws InvalidToken {
        if (token.length() > MAX_TOKEN_LENGTH) {
            throw new InvalidToken("The token is longer than " + MAX_TOKEN_LENGTH + " characters");
        }
        Instant now = clock.instant();
        Principal known = verified.get(token);
        if (known != null) {
            if (now.isBefore(known.expiresAt().plus(CLOCK_SKEW))) {
                return known;
            }
            verified.remove(token);
            throw new InvalidToken("The token has expired");
        }
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (ParseException e) {
            throw new InvalidToken("The token is not a JWT");
        } catch (com.nimbusds.jose.jwk.source.RateLimitReachedException e) {
            // a kid the cached JWKS lacks, asked again too soon after the last fetch: a forger's, or a rotation a second old
            throw new InvalidToken("The token's key is unknown");
        } catch (com.nimbusds.jose.KeySourceException e) {
            // the issuer's keys cannot be read (it is down, or unreachable): not the token's fault
            throw ApiException.unavailable("The token issuer's keys cannot be read now: " + e.getMessage(), KEYS_RETRY_AFTER);
        } catch (Exception e) {
            // BadJOSEException (signature, algorithm, claims) or JOSEException: never say more than "invalid"
            throw new InvalidToken("The token is not valid: " + e.getMessage());
        }
        Principal principal = principalOf(claims);
        remember(token, principal, now);
        return principal;
    }

    private void remember(String token, Principal principal, Instant now) {
        if (verified.size() >= MAX_CACHED) {
            verified.values().removeIf(p -> !now.isBefore(p.expiresAt()));
            if (verified.size() >= MAX_CACHED) {
                verified.clear(); // a flood of distinct valid tokens: verify them again rather than grow
            }
        }
        verified.put(token, principal);
    }

    static Principal principalOf(JWTClaimsSet claims) throws InvalidToken {
        Set<Role> roles = EnumSet.noneOf(Role.class);
        for (String name : roleNames(claims)) {
            Role.ofClaim(name).ifPresent(roles::add);
        }
        String channel;
        try {
            channel = claims.getStringClaim("channel");
        } catch (ParseException e) {
            throw new InvalidToken("The channel claim is not a text");
        }
        if (roles.contains(Role.CHANNEL) && (channel == null || channel.isBlank())) {
            throw new InvalidToken("A channel token names no channel");
        }
        String client = Optional.ofNullable(claimText(claims, "azp")).orElse(claimText(claims, "client_id"));
        return new Principal(claims.getSubject(), client == null ? claims.getSubject() : client, roles,
                channel == null ? null : channel.trim().toUpperCase(java.util.Locale.ROOT), claims.getExpirationTime().toInstant());
    }

    /** The {@code roles} claim (a list, or space-separated text); Keycloak's {@code realm_access.roles} too. */
    private static List<String> roleNames(JWTClaimsSet claims) {
        List<String> names = new ArrayList<>();
        Object roles = claims.getClaim("roles");
        if (roles instanceof List<?> list) {
            list.forEach(r -> names.add(String.valueOf(r)));
        } else if (roles instanceof String text) {
            names.addAll(List.of(text.trim().split("\\s+")));
        }
        if (claims.getClaim("realm_access") instanceof Map<?, ?> realm && realm.get("roles") instanceof List<?> list) {
            list.forEach(r -> names.add(String.valueOf(r)));
        }
        return names;
    }

    private static String claimText(JWTClaimsSet claims, String name) {
        Object value = claims.getClaim(name);
        return value instanceof String s && !s.isBlank() ? s : null;
    }

    /**
     * The JWKS of an external issuer, found through its discovery document on first use (the issuer may start after
     * us), then cached by Nimbus and fetched again when a token names a key it does not hold (a rotation).
     */
    static final class DiscoveredKeys implements JWKSource<SecurityContext> {
        private static final ObjectMapper JSON = new ObjectMapper();
        private final String issuer;
        private volatile JWKSource<SecurityContext> keys;

        DiscoveredKeys(String issuer) {
            this.issuer = issuer;
        }

        @Override
        public List<com.nimbusds.jose.jwk.JWK> get(com.nimbusds.jose.jwk.JWKSelector selector, SecurityContext context)
                throws com.nimbusds.jose.KeySourceException {
            JWKSource<SecurityContext> source = keys;
            if (source == null) {
                synchronized (this) {
                    if (keys == null) {
                        keys = JWKSourceBuilder.<SecurityContext>create(jwksUri()).rateLimited(JWKS_REFETCH_MIN_INTERVAL_MS).retrying(true)
                                // the issuer down (restarting): keep the keys it last published rather than refuse everyone
                                .outageTolerant(true).build();
                    }
                    source = keys;
                }
            }
            return source.get(selector, context);
        }

        private URL jwksUri() throws com.nimbusds.jose.KeySourceException {
            String discovery = issuer.replaceAll("/+$", "") + "/.well-known/openid-configuration";
            try {
                HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();
                HttpResponse<String> response = http.send(HttpRequest.newBuilder(URI.create(discovery)).timeout(Duration.ofSeconds(5)).GET().build(),
                        HttpResponse.BodyHandlers.ofString());
                if (response.statusCode() != 200) {
                    throw new com.nimbusds.jose.KeySourceException(discovery + " answered " + response.statusCode());
                }
                JsonNode doc = JSON.readTree(response.body());
                if (!issuer.equals(doc.path("issuer").asText())) {
                    throw new com.nimbusds.jose.KeySourceException(discovery + " names another issuer: " + doc.path("issuer").asText());
                }
                return URI.create(doc.path("jwks_uri").asText()).toURL();
            } catch (IOException | IllegalArgumentException e) {
                throw new com.nimbusds.jose.KeySourceException("Cannot read " + discovery + ": " + e.getMessage(), e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new com.nimbusds.jose.KeySourceException("Interrupted reading " + discovery, e);
            }
        }
    }
}
