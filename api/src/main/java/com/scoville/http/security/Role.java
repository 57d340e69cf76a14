package com.scoville.http.security;

import java.util.Locale;
import java.util.Optional;

/** What a token's {@code roles} claim may name (CONTRACT.md, section Security); PEER is another instance, never a token. */
public enum Role {
    /** A shopper: the token's subject is the customer id. */
    CUSTOMER,
    /** A sales channel's system: the token's {@code channel} claim names its channel. */
    CHANNEL,
    /** The back office: everything. */
    ADMIN,
    /** Reads analytics and order listings without addresses or payment tokens. */
    ANALYST,
    /** Another instance of the service, forwarding a read to the owner of a key. */
    PEER;

    /** The name as the {@code roles} claim and RATE_LIMITS write it. */
    public String claim() {
        return name().toLowerCase(Locale.ROOT);
    }

    /** The role a claim value names; empty for one we do not know (ignored, not an error). */
    public static Optional<Role> ofClaim(String value) {
        for (Role r : values()) {
            if (r != PEER && r.claim().equals(value)) {
                return Optional.of(r);
            }
        }
        return Optional.empty();
    }
}
