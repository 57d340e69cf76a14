package com.scoville.http.analytics;

import com.scoville.avro.SalesTotals;
import com.scoville.http.ApiException;
import com.scoville.http.kafka.RemoteInstances;
import com.scoville.http.kafka.StoreQueries;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.query.WindowRangeQuery;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a window store across every partition and instance and adds the partial sums up. An answer is
 * whole only when every partition answered exactly once; otherwise (a rebalance, a restoring store) it
 * tries again once and then answers 503 — never a partial sum presented as the whole.
 */
public final class WindowGatherer {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final StoreQueries queries;
    private final RemoteInstances remote;
    private final int partitions;

    public WindowGatherer(StoreQueries queries, RemoteInstances remote, int partitions) {
        this.queries = queries;
        this.remote = remote;
        this.partitions = partitions;
    }

    /** Summed rows by (key, window start) for windows starting in [from, to]. */
    public List<WindowRows.Row> gather(String store, Instant from, Instant to) {
        try {
            return gatherOnce(store, from, to);
        } catch (ApiException e) {
            return gatherOnce(store, from, to); // one retry: a rebalance often settles within it
        }
    }

    private List<WindowRows.Row> gatherOnce(String store, Instant from, Instant to) {
        List<WindowRows> parts = new ArrayList<>();
        parts.add(local(store, from, to));
        for (StreamsMetadata instance : queries.instances()) {
            if (!instance.hostInfo().equals(queries.self())) {
                String path = "/internal/windows/" + store + "?from=" + from.toEpochMilli() + "&to=" + to.toEpochMilli();
                parts.add(remote.get(new StoreQueries.Remote(instance.hostInfo()), path, WindowRows.class, Duration.ofSeconds(5))
                        .orElseThrow(() -> ApiException.unavailable("An instance did not answer for " + store, RETRY_AFTER)));
            }
        }
        Set<Integer> answered = new HashSet<>();
        Map<String, WindowRows.Row> merged = new LinkedHashMap<>();
        for (WindowRows part : parts) {
            for (int p : part.partitions()) {
                if (!answered.add(p)) {
                    throw ApiException.unavailable("Partition " + p + " of " + store + " answered twice (rebalancing)", RETRY_AFTER);
                }
            }
            for (WindowRows.Row row : part.rows()) {
                merged.merge(row.key() + "@" + row.windowStart(), row, WindowRows.Row::plus);
            }
        }
        if (answered.size() != partitions) {
            throw ApiException.unavailable("Only " + answered.size() + " of " + partitions + " partitions of " + store
                    + " can answer now (rebalancing or restoring)", RETRY_AFTER);
        }
        return new ArrayList<>(merged.values());
    }

    /** This instance's active partitions of {@code store}: what it answers for its peers. */
    public WindowRows local(String store, Instant from, Instant to) {
        StateQueryRequest<KeyValueIterator<Windowed<String>, SalesTotals>> request = StateQueryRequest.inStore(store)
                .withQuery(WindowRangeQuery.<String, SalesTotals>withWindowStartRange(from, to))
                .requireActive();
        StateQueryResult<KeyValueIterator<Windowed<String>, SalesTotals>> result;
        try {
            result = queries.streams().query(request);
        } catch (RuntimeException e) {
            throw ApiException.unavailable("Store " + store + " cannot answer now: " + e.getMessage(), RETRY_AFTER);
        }
        List<Integer> answered = new ArrayList<>();
        List<WindowRows.Row> rows = new ArrayList<>();
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<Windowed<String>, SalesTotals>>> e : result.getPartitionResults().entrySet()) {
            QueryResult<KeyValueIterator<Windowed<String>, SalesTotals>> part = e.getValue();
            if (part.isFailure()) {
                continue; // not active here (standby or moving): its owner answers for it, or the gatherer notices
            }
            answered.add(e.getKey());
            try (KeyValueIterator<Windowed<String>, SalesTotals> it = part.getResult()) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, SalesTotals> kv = it.next();
                    rows.addAll(WindowRows.Row.of(kv.key.key(), kv.key.window().start(), kv.value));
                }
            }
        }
        return new WindowRows(answered, rows);
    }
}
