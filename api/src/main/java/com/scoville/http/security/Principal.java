package com.scoville.http.security;

import io.javalin.http.Context;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;

/**
 * Who a request comes from, as its verified token says: subject, client, roles and, for a sales channel, its channel.
 * Set on the request by {@link Gatekeeper}; absent on the public routes when no token was sent.
 */
public record Principal(String subject, String clientId, Set<Role> roles, String channel, Instant expiresAt) {
    static final String ATTRIBUTE = "scoville.principal";
    /** Another instance forwarding a read: it applies the caller's rules itself, on its side. */
    static final Principal PEER = new Principal("peer", "peer", EnumSet.of(Role.PEER), null, Instant.MAX);

    public Principal {
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
    }

    public boolean is(Role role) {
        return roles.contains(role);
    }

    /** May do anything: an admin, or a peer (which only ever forwards reads). */
    public boolean unrestricted() {
        return is(Role.ADMIN) || is(Role.PEER);
    }

    /**
     * Who this is for idempotency keys (and the ids derived from them): a customer by its id, anyone else by its
     * subject. Stable across tokens, so a retry with a fresh token is still the same caller.
     */
    public String caller() {
        return (is(Role.CUSTOMER) ? "customer:" : "client:") + subject;
    }

    /** The customer a write is for: a customer acts for itself whatever the body names; others for whom the body names. */
    public String actingFor(String customerIdInBody) {
        return is(Role.CUSTOMER) && !unrestricted() ? subject : customerIdInBody;
    }

    /** The principal of this request; null on a public route called without a token. */
    public static Principal of(Context ctx) {
        return ctx.attribute(ATTRIBUTE);
    }

    /** The caller as idempotency keys are scoped: its principal, or "anonymous" without one. */
    public static String callerOf(Context ctx) {
        Principal p = of(ctx);
        return p == null ? "anonymous" : p.caller();
    }
}
