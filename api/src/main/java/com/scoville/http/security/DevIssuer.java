package com.scoville.http.security;

import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.JWSHeader;
import com.nimbusds.jose.crypto.RSASSASigner;
import com.nimbusds.jose.jwk.JWKSet;
import com.nimbusds.jose.jwk.KeyUse;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.jwk.gen.RSAKeyGenerator;
import com.nimbusds.jose.jwk.source.ImmutableJWKSet;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.SignedJWT;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

/**
 * The development issuer the embedded default runs when {@code OAUTH_ISSUER} is unset: an RSA key made on the first
 * start and kept under DATA_DIR (tokens outlive a restart), the demo clients of CONTRACT.md (section Security), one secret for all
 * ({@code DEV_CLIENT_SECRET}). Its HTTP side is {@link DevIssuerRoutes}. Never meant for production: anyone who
 * knows the demo secret gets any role.
 */
public final class DevIssuer {
    public static final String PATH = "/oauth2";
    static final Duration TOKEN_LIFETIME = Duration.ofHours(1);
    /** The client whose password grant signs customers in. */
    static final String STOREFRONT = "storefront";

    /** A demo client: its role and, for a channel, its channel. */
    record Client(Role role, String channel) { }

    static final Map<String, Client> CLIENTS = Map.of(
            "web-shop", new Client(Role.CHANNEL, "WEB"),
            "mobile-app", new Client(Role.CHANNEL, "MOBILE"),
            "market-pos", new Client(Role.CHANNEL, "POS"),
            "wholesale-partner", new Client(Role.CHANNEL, "WHOLESALE"),
            "backoffice", new Client(Role.ADMIN, null),
            "analytics", new Client(Role.ANALYST, null));

    private final String issuer;
    private final String audience;
    private final byte[] secret;
    private final RSAKey key;
    private final RSASSASigner signer;
    private final Clock clock;

    /** An issuer with a key of its own for this process only (tests). */
    public DevIssuer(String issuer, String audience, String secret, Clock clock) {
        this(issuer, audience, secret, clock, null);
    }

    /**
     * An issuer whose key is kept in {@code keyFile} (made there on first start, owner-only), so that its tokens outlive
     * a restart: a client, or another instance trusting this one, need not notice it. Null: a key for this process only.
     */
    public DevIssuer(String issuer, String audience, String secret, Clock clock, Path keyFile) {
        this.issuer = issuer;
        this.audience = audience;
        this.secret = secret.getBytes(StandardCharsets.UTF_8);
        this.clock = clock;
        try {
            this.key = keyFile == null ? newKey() : keptKey(keyFile);
            this.signer = new RSASSASigner(key);
        } catch (JOSEException e) {
            throw new IllegalStateException("The development issuer could not make its key", e);
        }
    }

    private static RSAKey newKey() throws JOSEException {
        return new RSAKeyGenerator(2048).keyUse(KeyUse.SIGNATURE).algorithm(JWSAlgorithm.RS256).keyID("dev-" + UUID.randomUUID()).generate();
    }

    private static RSAKey keptKey(Path keyFile) throws JOSEException {
        try {
            if (Files.exists(keyFile)) {
                return RSAKey.parse(Files.readString(keyFile));
            }
            RSAKey made = newKey();
            Files.createDirectories(keyFile.toAbsolutePath().getParent());
            Path temp = Files.createTempFile(keyFile.toAbsolutePath().getParent(), "dev-issuer-key", ".tmp");
            try {
                Files.setPosixFilePermissions(temp, PosixFilePermissions.fromString("rw-------"));
            } catch (UnsupportedOperationException e) {
                // not a POSIX file system: the folder's own protection applies
            }
            Files.writeString(temp, made.toJSONString());
            Files.move(temp, keyFile, StandardCopyOption.ATOMIC_MOVE);
            return made;
        } catch (IOException | java.text.ParseException e) {
            throw new IllegalStateException("The development issuer cannot read or keep its key in " + keyFile + ": " + e.getMessage(), e);
        }
    }

    public String issuer() {
        return issuer;
    }

    /** Its public keys, for the verifier of this instance (no HTTP round trip to itself). */
    public JWKSource<SecurityContext> keys() {
        return new ImmutableJWKSet<>(jwks());
    }

    JWKSet jwks() {
        return new JWKSet(key.toPublicJWK());
    }

    /** Whether {@code given} is the demo secret (in constant time). */
    boolean secretMatches(String given) {
        return given != null && MessageDigest.isEqual(secret, given.getBytes(StandardCharsets.UTF_8));
    }

    Optional<Client> client(String clientId) {
        return Optional.ofNullable(CLIENTS.get(clientId));
    }

    /** A token for a demo client (client credentials). */
    String clientToken(String clientId) {
        Client c = CLIENTS.get(clientId);
        return sign(clientId, clientId, c.role(), c.channel());
    }

    /** A token for a demo customer (password grant of the storefront): the username is the customer id. */
    String customerToken(String customerId) {
        return sign(customerId, STOREFRONT, Role.CUSTOMER, null);
    }

    private String sign(String subject, String clientId, Role role, String channel) {
        Instant now = clock.instant();
        JWTClaimsSet.Builder claims = new JWTClaimsSet.Builder().issuer(issuer).audience(audience).subject(subject)
                .issueTime(Date.from(now)).notBeforeTime(Date.from(now)).expirationTime(Date.from(now.plus(TOKEN_LIFETIME)))
                .jwtID(UUID.randomUUID().toString()).claim("azp", clientId).claim("roles", List.of(role.claim()));
        if (channel != null) {
            claims.claim("channel", channel);
        }
        SignedJWT jwt = new SignedJWT(new JWSHeader.Builder(JWSAlgorithm.RS256).type(JOSEObjectType.JWT).keyID(key.getKeyID()).build(),
                claims.build());
        try {
            jwt.sign(signer);
        } catch (JOSEException e) {
            throw new IllegalStateException("The development issuer could not sign", e);
        }
        return jwt.serialize();
    }
}
