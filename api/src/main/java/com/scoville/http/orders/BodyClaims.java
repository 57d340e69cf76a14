package com.scoville.http.orders;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The body each recent order id was first written with from this instance. Two bodies raced under one key land
 * on the partitions of their own stock and are decided there, each in one hop; the order processor keeps the
 * first decision it sees. A request learns which one that was from 'order-status', but only while decisions
 * come within its wait: on a slow or stalled path it would answer 202 for a body that may lose. So a second
 * body under an id already written from here is refused at once (422) and never written: racing bodies sent to
 * one instance leave exactly one body in Kafka. (Bodies raced to two instances still race in the topology,
 * where the first decision stands and the other's stock goes back.)
 */
final class BodyClaims {
    /** About a day of orders at a busy instance's rate; an id older than that is a retry answered from its store. */
    static final int RECENT_ORDERS = 200_000;

    private record Claim(String requestHash, boolean written) { }

    private final int capacity;
    private final Map<String, Claim> claims;

    BodyClaims() {
        this(RECENT_ORDERS);
    }

    BodyClaims(int capacity) {
        this.capacity = capacity;
        this.claims = new LinkedHashMap<>(1024, 0.75f, false) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<String, Claim> eldest) {
                return size() > BodyClaims.this.capacity;
            }
        };
    }

    /**
     * Claims {@code orderId} for this body: true when it is unclaimed or claimed by the same body (a retry, or
     * a racing twin of the same request, which the topology makes one order); false when another body has it.
     */
    synchronized boolean claim(String orderId, String requestHash) {
        Claim known = claims.get(orderId);
        if (known == null) {
            claims.put(orderId, new Claim(requestHash, false));
            return true;
        }
        return known.requestHash().equals(requestHash);
    }

    /** The body's write was acknowledged: the claim holds for good. */
    synchronized void written(String orderId, String requestHash) {
        claims.computeIfPresent(orderId, (id, c) -> c.requestHash().equals(requestHash) ? new Claim(requestHash, true) : c);
    }

    /** The body's write failed: unless an earlier write of it went through, another body may have the id. */
    synchronized void failed(String orderId, String requestHash) {
        claims.computeIfPresent(orderId, (id, c) -> c.requestHash().equals(requestHash) && !c.written() ? null : c);
    }
}
