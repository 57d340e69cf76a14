package com.scoville.http.analytics;

import com.scoville.Violation;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.Dimension;
import com.scoville.analytics.FunnelCounter;
import com.scoville.analytics.FunnelStep;
import com.scoville.http.ApiException;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The order funnel per window, in total or by channel, added up across every partition and instance: how many
 * orders reached each step in the window (each order once per step), and the rates between steps.
 */
public final class FunnelService {
    private final WindowGatherer gatherer;
    private final AnalyticsService analytics;

    public FunnelService(WindowGatherer gatherer, AnalyticsService analytics) {
        this.gatherer = gatherer;
        this.analytics = analytics;
    }

    public record ReasonCount(String reason, long orders) { }

    /**
     * One window's (and group's) counts. A rate is the later step's count over the earlier one's in the same window,
     * null when the earlier is zero: reserved/placed, paid/reserved, shipped/paid, delivered/shipped.
     */
    public record FunnelBucket(Instant windowStart, Instant windowEnd, String key, long placed, long reserved, long rejected,
                               long expired, long paid, long cancelled, long shipped, long delivered,
                               List<ReasonCount> rejectedByReason) {
        public Double reservedRate() {
            return rate(reserved, placed);
        }

        public Double paidRate() {
            return rate(paid, reserved);
        }

        public Double shippedRate() {
            return rate(shipped, paid);
        }

        public Double deliveredRate() {
            return rate(delivered, shipped);
        }

        private static Double rate(long later, long earlier) {
            return earlier == 0 ? null : (double) later / earlier;
        }
    }

    /** One bucket per window (and channel), oldest first; without groupBy every window of the range is there. */
    public List<FunnelBucket> funnel(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
        if (groupBy != null && groupBy != Dimension.CHANNEL) {
            throw ApiException.badRequest("The funnel is kept per CHANNEL: an order's steps name no single product or heat level",
                    List.of(new Violation("groupBy", "must be CHANNEL for the funnel")));
        }
        AnalyticsService.Range r = analytics.range(window, from, to);
        Dimension dimension = groupBy == null ? Dimension.TOTAL : groupBy;
        // by window start, then group: each step's count, and each rejection reason's
        Map<Long, Map<String, Counts>> byWindow = new TreeMap<>();
        if (groupBy == null) {
            for (long s = window.startOf(r.from().toEpochMilli()); s <= r.to().toEpochMilli(); s += window.size.toMillis()) {
                byWindow.put(s, new TreeMap<>(Map.of(Dimension.ALL, new Counts())));
            }
        }
        List<WindowRows.Row> rows = new ArrayList<>();
        for (String family : FunnelCounter.FAMILIES) { // decisions made where the stock is, and the steps after
            rows.addAll(gatherer.gather(window.store(family), window.startOf(r.from()), r.to()));
        }
        for (WindowRows.Row row : rows) {
            FunnelStep.Key key = FunnelStep.parse(dimension, row.key());
            if (key == null) {
                continue;
            }
            Counts counts = byWindow.computeIfAbsent(row.windowStart(), s -> new TreeMap<>()).computeIfAbsent(key.group(), g -> new Counts());
            if (key.reason() == null) {
                counts.steps.merge(key.step(), row.orders(), Long::sum);
            } else {
                counts.reasons.merge(key.reason(), row.orders(), Long::sum);
            }
        }
        List<FunnelBucket> buckets = new ArrayList<>();
        byWindow.forEach((start, groups) -> groups.forEach((group, c) -> buckets.add(c.bucket(window, start,
                groupBy == null ? null : group))));
        buckets.sort(Comparator.comparing(FunnelBucket::windowStart).thenComparing(FunnelBucket::key, Comparator.nullsFirst(Comparator.naturalOrder())));
        return buckets;
    }

    private static final class Counts {
        final Map<FunnelStep, Long> steps = new EnumMap<>(FunnelStep.class);
        final Map<String, Long> reasons = new TreeMap<>();

        long of(FunnelStep step) {
            return steps.getOrDefault(step, 0L);
        }

        FunnelBucket bucket(AnalyticsWindow window, long start, String key) {
            Instant windowStart = Instant.ofEpochMilli(start);
            return new FunnelBucket(windowStart, windowStart.plus(window.size), key, of(FunnelStep.PLACED), of(FunnelStep.RESERVED),
                    of(FunnelStep.REJECTED), of(FunnelStep.EXPIRED), of(FunnelStep.PAID), of(FunnelStep.CANCELLED),
                    of(FunnelStep.SHIPPED), of(FunnelStep.DELIVERED),
                    reasons.entrySet().stream().map(e -> new ReasonCount(e.getKey(), e.getValue())).toList());
        }
    }
}
