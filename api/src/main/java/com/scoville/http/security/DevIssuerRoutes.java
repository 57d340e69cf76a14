package com.scoville.http.security;

import com.scoville.Bounds;
import com.scoville.http.ApiException;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The development issuer over HTTP, under {@code /oauth2}: its discovery document, its JWKS and {@code POST /oauth2/token}
 * (form-encoded; client credentials in the form or with HTTP Basic). Errors are problem+json that also carry OAuth's
 * {@code error} code (RFC 6749 section 5.2), so both kinds of client read them.
 */
public final class DevIssuerRoutes {
    private final DevIssuer issuer;

    public DevIssuerRoutes(DevIssuer issuer) {
        this.issuer = issuer;
    }

    /** OAuth's error code, beside the problem's fields. */
    public record OAuthError(String error) { }

    public void register(RoutesConfig routes) {
        routes.get(DevIssuer.PATH + "/.well-known/openid-configuration", this::discovery);
        routes.get(DevIssuer.PATH + "/jwks", ctx -> ctx.contentType("application/json").result(issuer.jwks().toString()));
        routes.post(DevIssuer.PATH + "/token", this::token);
    }

    private void discovery(Context ctx) {
        Map<String, Object> doc = new LinkedHashMap<>();
        doc.put("issuer", issuer.issuer());
        doc.put("jwks_uri", issuer.issuer() + "/jwks");
        doc.put("token_endpoint", issuer.issuer() + "/token");
        doc.put("grant_types_supported", List.of("client_credentials", "password"));
        doc.put("token_endpoint_auth_methods_supported", List.of("client_secret_post", "client_secret_basic"));
        doc.put("response_types_supported", List.of("token"));
        doc.put("subject_types_supported", List.of("public"));
        doc.put("id_token_signing_alg_values_supported", List.of("RS256"));
        ctx.json(doc);
    }

    private void token(Context ctx) {
        String[] basic = basicCredentials(ctx);
        String clientId = basic != null ? basic[0] : form(ctx, "client_id");
        String secret = basic != null ? basic[1] : form(ctx, "client_secret");
        String grant = form(ctx, "grant_type");
        if (grant == null || grant.isBlank()) {
            throw oauth(400, "invalid_request", "grant_type is required (client_credentials or password), form-encoded");
        }
        if (clientId == null || clientId.isBlank() || !issuer.secretMatches(secret)) {
            throw new ApiException(ApiException.Kind.UNAUTHORIZED, "Unknown client or wrong client secret",
                    List.of(), null, new OAuthError("invalid_client"), Map.of("WWW-Authenticate", "Basic realm=\"scoville-dev\""));
        }
        String token = switch (grant) {
            case "client_credentials" -> {
                if (issuer.client(clientId).isEmpty()) {
                    throw oauth(400, "unauthorized_client", "Client " + clientId + " has no client credentials grant; the demo clients are "
                            + String.join(", ", DevIssuer.CLIENTS.keySet().stream().sorted().toList()));
                }
                yield issuer.clientToken(clientId);
            }
            case "password" -> {
                if (!DevIssuer.STOREFRONT.equals(clientId)) {
                    throw oauth(400, "unauthorized_client", "Only the client storefront signs customers in");
                }
                String username = form(ctx, "username");
                if (username == null || username.isBlank() || username.length() > Bounds.MAX_ID_LENGTH
                        || !issuer.secretMatches(form(ctx, "password"))) {
                    throw oauth(400, "invalid_grant", "A username (the customer id, at most " + Bounds.MAX_ID_LENGTH
                            + " characters) and the demo password are required");
                }
                yield issuer.customerToken(username.trim());
            }
            default -> throw oauth(400, "unsupported_grant_type", "grant_type must be client_credentials or password");
        };
        ctx.header("Cache-Control", "no-store");
        ctx.json(Map.of("access_token", token, "token_type", "Bearer", "expires_in", DevIssuer.TOKEN_LIFETIME.toSeconds()));
    }

    /** A form field; a body that is no form (bad percent-encoding, a broken multipart) is the client's mistake: 400. */
    private static String form(Context ctx, String name) {
        try {
            return ctx.formParam(name);
        } catch (Exception e) { // Jetty's multipart parser fails with a checked ServletException, thrown unchecked
            throw oauth(400, "invalid_request", "The body is not a valid application/x-www-form-urlencoded form");
        }
    }

    /** {@code Authorization: Basic}, whose id and secret are form-encoded before Base64 (RFC 6749 section 2.3.1); null without. */
    private static String[] basicCredentials(Context ctx) {
        String header = ctx.header("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Basic ", 0, 6)) {
            return null;
        }
        try {
            String decoded = new String(Base64.getDecoder().decode(header.substring(6).trim()), StandardCharsets.UTF_8);
            int colon = decoded.indexOf(':');
            if (colon < 0) {
                throw oauth(401, "invalid_client", "HTTP Basic credentials need client_id:client_secret");
            }
            return new String[] {URLDecoder.decode(decoded.substring(0, colon), StandardCharsets.UTF_8),
                    URLDecoder.decode(decoded.substring(colon + 1), StandardCharsets.UTF_8)};
        } catch (IllegalArgumentException e) {
            throw oauth(401, "invalid_client", "HTTP Basic credentials are not Base64 of client_id:client_secret");
        }
    }

    private static ApiException oauth(int status, String error, String description) {
        return status == 401
                ? new ApiException(ApiException.Kind.UNAUTHORIZED, description, List.of(), null, new OAuthError(error),
                        Map.of("WWW-Authenticate", "Basic realm=\"scoville-dev\""))
                : new ApiException(ApiException.Kind.BAD_REQUEST, description, List.of(), null, new OAuthError(error));
    }
}
