package com.scoville.http.analytics;

import com.scoville.Bounds;
import com.scoville.Violation;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.CustomerProfiler;
import com.scoville.analytics.CustomerSegment;
import com.scoville.analytics.CustomerSegments;
import com.scoville.analytics.HeatPreference;
import com.scoville.avro.CustomerProfile;
import com.scoville.http.ApiException;
import com.scoville.http.kafka.RemoteInstances;
import com.scoville.http.kafka.StoreQueries;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.StreamsMetadata;
import org.apache.kafka.streams.query.QueryResult;
import org.apache.kafka.streams.query.RangeQuery;
import org.apache.kafka.streams.query.StateQueryRequest;
import org.apache.kafka.streams.query.StateQueryResult;
import org.apache.kafka.streams.state.KeyValueIterator;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * Customer segments as of now: every customer profile scored (recency, frequency, monetary) and counted in its
 * segment, across every partition and instance, and one customer's profile where it lives. A count is whole only
 * when every partition answered exactly once, as with the windows ({@link WindowGatherer}); otherwise 503. A scan
 * reads every profile, so its cost grows with the customers: fine for a brand's customer base, and no stream thread
 * waits on it.
 */
public final class SegmentService {
    private static final Duration RETRY_AFTER = Duration.ofSeconds(1);

    private final StoreQueries queries;
    private final RemoteInstances remote;
    private final int partitions;
    private final Clock clock;

    public SegmentService(StoreQueries queries, RemoteInstances remote, int partitions, Clock clock) {
        this.queries = queries;
        this.remote = remote;
        this.partitions = partitions;
        this.clock = clock;
    }

    /** One segment's customers, their net revenue ever, and those who paid in the current window and what. */
    public record SegmentBucket(CustomerSegment segment, Instant windowStart, Instant windowEnd, long customers, long revenueCents,
                                long windowCustomers, long windowRevenueCents) { }

    /** One customer as of now: segment and scores (null without a paid order that stands) and heat preference. */
    public record CustomerView(String id, CustomerSegment segment, Integer recency, Integer frequency, Integer monetary,
                               long paidOrders, long revenueCents, Instant firstPaidAt, Instant lastPaidAt,
                               HeatPreference heatPreference, Double heatLevel, long ratings, Double averageFeltHeat) { }

    /** What one instance's partitions hold, per segment (the buckets without their window), and which partitions answered. */
    public record SegmentRows(List<Integer> partitions, List<SegmentBucket> rows) { }

    /** Every segment, in the order of {@link CustomerSegment}, empty ones as zero. */
    public List<SegmentBucket> segments(AnalyticsWindow window) {
        Instant now = clock.instant();
        try {
            return gather(window, now);
        } catch (ApiException e) {
            return gather(window, now); // one retry: a rebalance often settles within it
        }
    }

    private List<SegmentBucket> gather(AnalyticsWindow window, Instant now) {
        List<SegmentRows> parts = new ArrayList<>();
        parts.add(local(window, now));
        for (StreamsMetadata instance : queries.instances()) {
            if (!instance.hostInfo().equals(queries.self())) {
                String path = "/internal/segments?window=" + window + "&at=" + now.toEpochMilli();
                parts.add(remote.get(new StoreQueries.Remote(instance.hostInfo()), path, SegmentRows.class, Duration.ofSeconds(5))
                        .orElseThrow(() -> ApiException.unavailable("An instance did not answer for the segments", RETRY_AFTER)));
            }
        }
        Set<Integer> answered = new HashSet<>();
        Map<CustomerSegment, SegmentBucket> merged = empty(window, now);
        for (SegmentRows part : parts) {
            for (int p : part.partitions()) {
                if (!answered.add(p)) {
                    throw ApiException.unavailable("Partition " + p + " of the profiles answered twice (rebalancing)", RETRY_AFTER);
                }
            }
            part.rows().forEach(row -> merged.merge(row.segment(), row, SegmentService::plus));
        }
        if (answered.size() != partitions) {
            throw ApiException.unavailable("Only " + answered.size() + " of " + partitions
                    + " partitions of the profiles can answer now (rebalancing or restoring)", RETRY_AFTER);
        }
        return List.copyOf(merged.values());
    }

    /** This instance's active partitions, scored as of {@code now}: what it answers for its peers. */
    public SegmentRows local(AnalyticsWindow window, Instant now) {
        StateQueryRequest<KeyValueIterator<String, CustomerProfile>> request = StateQueryRequest.inStore(CustomerProfiler.STORE)
                .withQuery(RangeQuery.<String, CustomerProfile>withNoBounds())
                .requireActive();
        StateQueryResult<KeyValueIterator<String, CustomerProfile>> result;
        try {
            result = queries.streams().query(request);
        } catch (RuntimeException e) {
            throw ApiException.unavailable("The customer profiles cannot answer now: " + e.getMessage(), RETRY_AFTER);
        }
        List<Integer> answered = new ArrayList<>();
        Map<CustomerSegment, SegmentBucket> sums = empty(window, now);
        for (Map.Entry<Integer, QueryResult<KeyValueIterator<String, CustomerProfile>>> e : result.getPartitionResults().entrySet()) {
            if (e.getValue().isFailure()) {
                continue; // not active here: its owner answers for it, or the gatherer notices
            }
            answered.add(e.getKey());
            try (KeyValueIterator<String, CustomerProfile> it = e.getValue().getResult()) {
                while (it.hasNext()) {
                    KeyValue<String, CustomerProfile> kv = it.next();
                    CustomerSegments.Rfm rfm = CustomerSegments.score(kv.value, now);
                    if (rfm != null) {
                        long inWindow = CustomerSegments.revenueIn(kv.value, window, now);
                        CustomerSegment segment = CustomerSegments.segment(rfm);
                        sums.merge(segment, new SegmentBucket(segment, null, null, 1, kv.value.getRevenueCents(),
                                inWindow != 0 ? 1 : 0, inWindow), SegmentService::plus);
                    }
                }
            }
        }
        return new SegmentRows(answered, List.copyOf(sums.values()));
    }

    /** One customer, from the instance that holds them; empty when nothing is known of them. */
    public Optional<CustomerView> customer(String id, boolean forwarded) {
        if (id == null || id.isBlank() || id.length() > Bounds.MAX_ID_LENGTH) {
            throw ApiException.badRequest("id must be 1 to " + Bounds.MAX_ID_LENGTH + " characters",
                    List.of(new Violation("id", "must be 1 to " + Bounds.MAX_ID_LENGTH + " characters")));
        }
        Instant now = clock.instant();
        String path = "/internal/customers/" + URLEncoder.encode(id, StandardCharsets.UTF_8).replace("+", "%20");
        return queries.<CustomerProfile, CustomerView>read(CustomerProfiler.STORE, id, forwarded,
                profile -> Optional.of(view(id, profile, now)), remote, path, CustomerView.class);
    }

    static CustomerView view(String id, CustomerProfile p, Instant now) {
        CustomerSegments.Rfm rfm = CustomerSegments.score(p, now);
        double heat = CustomerSegments.heatLevel(p);
        return new CustomerView(id, rfm == null ? null : CustomerSegments.segment(rfm), rfm == null ? null : rfm.recency(),
                rfm == null ? null : rfm.frequency(), rfm == null ? null : rfm.monetary(), p.getPaidOrders(), p.getRevenueCents(),
                p.getFirstPaidAt(), p.getLastPaidAt(), CustomerSegments.heat(p), Double.isNaN(heat) ? null : heat, p.getRatings(),
                p.getRatings() == 0 ? null : (double) p.getFeltHeatSum() / p.getRatings());
    }

    private static Map<CustomerSegment, SegmentBucket> empty(AnalyticsWindow window, Instant now) {
        Instant start = window.startOf(now);
        Map<CustomerSegment, SegmentBucket> buckets = new EnumMap<>(CustomerSegment.class);
        for (CustomerSegment s : CustomerSegment.values()) {
            buckets.put(s, new SegmentBucket(s, start, start.plus(window.size), 0, 0, 0, 0));
        }
        return buckets;
    }

    private static SegmentBucket plus(SegmentBucket a, SegmentBucket b) {
        return new SegmentBucket(a.segment(), a.windowStart(), a.windowEnd(), a.customers() + b.customers(),
                a.revenueCents() + b.revenueCents(), a.windowCustomers() + b.windowCustomers(),
                a.windowRevenueCents() + b.windowRevenueCents());
    }
}
