package com.scoville.http.audit;

import com.scoville.audit.AuditIndex;
import com.scoville.avro.AuditEntry;
import com.scoville.http.Page;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StoreQueryParameters;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.QueryableStoreTypes;
import org.apache.kafka.streams.state.ReadOnlyKeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * Reads the audit log newest first from this instance's copy of the global store 'audit-log' (keyed by time, then
 * id): a time range is a range scan, filters are applied while scanning, and a page scans at most
 * {@link #MAX_SCANNED} entries, so a filter that matches little costs a bounded read per page (the client follows
 * the cursor). The cursor is the last key scanned.
 */
public final class AuditQueries {
    static final int MAX_SCANNED = 10_000;
    private static final String CURSOR_PREFIX = "a:";

    private final KafkaStreams streams;

    public AuditQueries(KafkaStreams streams) {
        this.streams = streams;
    }

    /** The filters of a page; null means "any". {@code action} matches an action or its family ("order": order.*). */
    public record Filter(String actor, String action, String target, Instant from, Instant to, int limit, String cursor) {
        boolean matches(AuditEntry e) {
            return (actor == null || e.getActor() != null && (actor.equals(e.getActor().getSubject()) || actor.equals(e.getActor().getClient())))
                    && (action == null || e.getAction().equals(action) || e.getAction().startsWith(action + "."))
                    && (target == null || target.equals(e.getTarget()));
        }
    }

    /** The wire shape of a page of entries, like a page of orders. */
    public record AuditPage(List<AuditView> items, String nextCursor) { }

    public AuditPage page(Filter filter) {
        Bytes after = filter.cursor() == null ? null : decode(filter.cursor());
        Bytes lowest = AuditIndex.firstKeyAt(filter.from() == null ? Instant.EPOCH : filter.from());
        // 'to' is exclusive: the bare time prefix sorts before every key of that millisecond
        Bytes highest = filter.to() == null ? null : AuditIndex.firstKeyAt(filter.to());
        if (after != null && (highest == null || after.compareTo(highest) < 0)) {
            highest = after;
        }
        List<AuditView> items = new ArrayList<>();
        Bytes last = null;
        int scanned = 0;
        try (KeyValueIterator<Bytes, AuditEntry> it = store().reverseRange(lowest, highest)) {
            while (it.hasNext() && items.size() < filter.limit() && scanned < MAX_SCANNED) {
                KeyValue<Bytes, AuditEntry> kv = it.next();
                if (kv.key.equals(after)) {
                    continue; // the cursor's own entry was on the page before
                }
                scanned++;
                last = kv.key;
                if (filter.matches(kv.value)) {
                    items.add(AuditView.of(kv.value));
                }
            }
            boolean more = last != null && it.hasNext();
            return new AuditPage(List.copyOf(items), more ? encode(last) : null);
        }
    }

    private ReadOnlyKeyValueStore<Bytes, AuditEntry> store() {
        return streams.store(StoreQueryParameters.fromNameAndType(AuditIndex.STORE, QueryableStoreTypes.keyValueStore()));
    }

    private static String encode(Bytes key) {
        return Page.encode(CURSOR_PREFIX + Base64.getUrlEncoder().withoutPadding().encodeToString(key.get()));
    }

    private static Bytes decode(String cursor) {
        String raw = Page.decode(cursor);
        if (!raw.startsWith(CURSOR_PREFIX)) {
            throw Page.invalidCursor();
        }
        try {
            byte[] key = Base64.getUrlDecoder().decode(raw.substring(CURSOR_PREFIX.length()));
            if (key.length < Long.BYTES) {
                throw Page.invalidCursor();
            }
            return Bytes.wrap(key);
        } catch (IllegalArgumentException e) {
            throw Page.invalidCursor();
        }
    }
}
