package com.scoville.http.security;

import com.scoville.http.ApiException;
import com.scoville.http.Digests;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Runs before every matched route: who is calling (a bearer token, checked by {@link TokenVerifier}; or another
 * instance, by the peer header), how much it may call ({@link RateLimits}, on {@code /v1} and {@code /oauth2}), and
 * whether its roles may call this route ({@link RouteAccess}). 401 for a missing or bad token (RFC 6750's
 * {@code WWW-Authenticate}), 403 for a role that may not, 429 over the limit; all problem+json.
 */
public final class Gatekeeper {
    /** What an instance shows another when it forwards a read; see {@link #peerProof}. */
    public static final String PEER_HEADER = "X-Scoville-Peer";
    private static final String REALM = "Bearer realm=\"scoville\"";

    private final TokenVerifier verifier;
    private final RateLimits limits;
    private final byte[] peerProof;

    public Gatekeeper(TokenVerifier verifier, RateLimits limits, String peerProof) {
        this.verifier = verifier;
        this.limits = limits;
        this.peerProof = peerProof.getBytes(StandardCharsets.UTF_8);
    }

    /** The peer header's value for a shared secret: a digest, so the secret itself never travels. */
    public static String peerProof(String secret) {
        return Digests.sha256Hex("scoville-peer\n" + secret);
    }

    public void register(RoutesConfig routes) {
        routes.beforeMatched(this::admit);
    }

    private void admit(Context ctx) {
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        if (endpoint == null) {
            return;
        }
        String route = endpoint.path;
        RouteAccess.Access access = RouteAccess.of(ctx.method(), route);
        if (isPeer(ctx)) {
            require(access, Principal.PEER, Map.of());
            ctx.attribute(Principal.ATTRIBUTE, Principal.PEER);
            return;
        }
        boolean limited = route.startsWith("/v1/") || route.startsWith("/oauth2/");
        String authorization = ctx.header("Authorization");
        Principal principal = null;
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer", 0, 6)) {
            String token = authorization.length() > 7 ? authorization.substring(7).trim() : "";
            try {
                principal = verifier.verify(token);
            } catch (TokenVerifier.InvalidToken e) {
                Map<String, String> headers = limited ? new LinkedHashMap<>(limits.take(null, ctx.ip())) : new LinkedHashMap<>();
                headers.put("WWW-Authenticate", REALM + ", error=\"invalid_token\", error_description=\"" + quotable(e.getMessage()) + "\"");
                throw new ApiException(ApiException.Kind.UNAUTHORIZED, e.getMessage(), List.of(), null, null, headers);
            }
        }
        Map<String, String> headers = limited ? limits.take(principal, ctx.ip()) : Map.of();
        headers.forEach(ctx::header);
        if (principal != null) {
            ctx.attribute(Principal.ATTRIBUTE, principal); // also on a refusal: its audit entry names who was refused
        }
        require(access, principal, headers);
    }

    private static void require(RouteAccess.Access access, Principal principal, Map<String, String> rateHeaders) {
        if (access.allows(principal)) {
            return;
        }
        Map<String, String> headers = new LinkedHashMap<>(rateHeaders);
        if (principal == null) {
            // no credential at all: RFC 6750 section 3.1 gives no error code
            headers.put("WWW-Authenticate", REALM);
            throw new ApiException(ApiException.Kind.UNAUTHORIZED, "This route needs a bearer token (Authorization: Bearer ...)",
                    List.of(), null, null, headers);
        }
        headers.put("WWW-Authenticate", REALM + ", error=\"insufficient_scope\"");
        throw new ApiException(ApiException.Kind.FORBIDDEN, "The token's roles " + principal.roles().stream().map(Role::claim).sorted().toList()
                + " may not do this", List.of(), null, null, headers);
    }

    /** Another instance forwarding a read: only GETs, and only with the cluster's peer proof. */
    private boolean isPeer(Context ctx) {
        String proof = ctx.header(PEER_HEADER);
        return proof != null && ctx.method() == io.javalin.http.HandlerType.GET
                && MessageDigest.isEqual(peerProof, proof.getBytes(StandardCharsets.UTF_8));
    }

    private static String quotable(String text) {
        StringBuilder s = new StringBuilder();
        for (char c : text.toCharArray()) {
            if (c >= 0x20 && c < 0x7f && c != '"' && c != '\\') {
                s.append(c);
            }
        }
        return s.length() > 200 ? s.substring(0, 200) : s.toString();
    }
}
