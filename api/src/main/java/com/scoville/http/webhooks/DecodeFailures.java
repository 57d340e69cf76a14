package com.scoville.http.webhooks;

import com.scoville.registry.SchemaRegistryException;

import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.net.http.HttpTimeoutException;
import java.time.Duration;

/**
 * Tells a record that cannot be read now (the schema registry unreachable, timing out, answering 5xx or 429: it
 * will be readable later) from one that never will be (corrupt bytes, an unknown schema id). Only the second may
 * be passed over; the first is read again after a wait, or an event is lost for every webhook.
 */
final class DecodeFailures {
    /** First wait before reading a record again; each later one doubles, up to {@link #MAX_WAIT}. */
    static final Duration FIRST_WAIT = Duration.ofMillis(500);
    static final Duration MAX_WAIT = Duration.ofSeconds(30);

    private DecodeFailures() { }

    /**
     * Whether the failure is of the way to the registry, not of the record. An IOException of Avro's decoding
     * (EOF, bytes left over) is the record's own, so only network exceptions count.
     */
    static boolean isTransient(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause() == t ? null : t.getCause()) {
            if (t instanceof SchemaRegistryException r) {
                return r.isRetryable();
            }
            if (t instanceof SocketException || t instanceof SocketTimeoutException || t instanceof HttpTimeoutException
                    || t instanceof UnknownHostException) {
                return true;
            }
        }
        return false;
    }

    /** The wait after {@code previous} (null: the first). */
    static Duration nextWait(Duration previous) {
        if (previous == null) {
            return FIRST_WAIT;
        }
        Duration doubled = previous.multipliedBy(2);
        return doubled.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : doubled;
    }
}
