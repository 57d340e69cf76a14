package com.scoville.http.analytics;

import com.scoville.Violation;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.CustomerAggregator;
import com.scoville.analytics.Dimension;
import com.scoville.analytics.RatingsAggregator;
import com.scoville.analytics.SalesAggregator;
import com.scoville.avro.Product;
import com.scoville.catalog.Catalog;
import com.scoville.http.ApiException;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

/**
 * The owner's numbers: sales, top products, new and returning customers, and ratings per window, added
 * up across every partition and instance. Revenue counts payments and subtracts refunds, in the window
 * of the time the money moved.
 */
public final class AnalyticsService {
    /** How many windows one question may span, so a question stays cheap. */
    private static final Map<AnalyticsWindow, Duration> MAX_RANGE = Map.of(
            AnalyticsWindow.MINUTE, Duration.ofDays(1),
            AnalyticsWindow.HOUR, Duration.ofDays(31),
            AnalyticsWindow.DAY, Duration.ofDays(400));
    private static final Duration DEFAULT_RANGE = Duration.ofHours(24);

    private final WindowGatherer gatherer;
    private final Catalog catalog;
    private final Clock clock;

    public AnalyticsService(WindowGatherer gatherer, Catalog catalog, Clock clock) {
        this.gatherer = gatherer;
        this.catalog = catalog;
        this.clock = clock;
    }

    public record SalesBucket(Instant windowStart, Instant windowEnd, String key, long revenueCents, long units,
                              long orders, long averageOrderCents) { }

    public record ProductSales(String sku, String name, long revenueCents, long units) { }

    public record CustomerBucket(Instant windowStart, Instant windowEnd, long newCustomers, long returningCustomers) { }

    public record RatingBucket(Instant windowStart, Instant windowEnd, String key, long ratings, double averageTaste,
                               double averageHeat) { }

    /** A time range, checked and defaulted to the last 24 hours. */
    public record Range(Instant from, Instant to) { }

    public Range range(AnalyticsWindow window, Instant from, Instant to) {
        Instant end = to != null ? to : clock.instant();
        Instant start = from != null ? from : end.minus(DEFAULT_RANGE);
        if (!start.isBefore(end)) {
            throw ApiException.badRequest("from must be before to", List.of(new Violation("from", "must be before to")));
        }
        if (Duration.between(start, end).compareTo(MAX_RANGE.get(window)) > 0) {
            throw ApiException.badRequest("A " + window + " question spans at most " + MAX_RANGE.get(window),
                    List.of(new Violation("to", "at most " + MAX_RANGE.get(window) + " after from")));
        }
        return new Range(start, end);
    }

    /** One bucket per window (and per group), oldest first; without a group every window is there, empty ones as zero. */
    public List<SalesBucket> sales(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
        Range r = range(window, from, to);
        Dimension dimension = groupBy == null ? Dimension.TOTAL : groupBy;
        List<WindowRows.Row> rows = rows(SalesAggregator.FAMILY, window, r, dimension);
        List<SalesBucket> buckets = new ArrayList<>();
        for (WindowRows.Row row : rows) {
            buckets.add(salesBucket(window, row.windowStart(), groupBy == null ? null : dimension.valueIn(row.key()), row));
        }
        if (groupBy == null) {
            Map<Long, SalesBucket> byStart = buckets.stream().collect(Collectors.toMap(b -> b.windowStart().toEpochMilli(), Function.identity()));
            buckets = windowStarts(window, r).stream()
                    .map(start -> byStart.getOrDefault(start, salesBucket(window, start, null, null)))
                    .toList();
        }
        return buckets.stream().sorted(Comparator.comparing(SalesBucket::windowStart)
                .thenComparing(SalesBucket::key, Comparator.nullsFirst(Comparator.naturalOrder()))).toList();
    }

    /** The best sellers of the window that holds {@code at} (now by default), by revenue. */
    public List<ProductSales> topProducts(AnalyticsWindow window, Instant at, int limit) {
        Instant when = at != null ? at : clock.instant();
        Instant start = window.startOf(when);
        List<WindowRows.Row> rows = rows(SalesAggregator.FAMILY, window, new Range(start, start.plus(window.size).minusMillis(1)), Dimension.PRODUCT);
        return rows.stream()
                .filter(row -> row.windowStart() == start.toEpochMilli())
                .map(row -> {
                    String sku = Dimension.PRODUCT.valueIn(row.key());
                    return new ProductSales(sku, catalog.find(sku).map(Product::getName).orElse(null), row.revenueCents(), row.units());
                })
                .filter(p -> p.units() > 0 || p.revenueCents() != 0)
                .sorted(Comparator.comparingLong(ProductSales::revenueCents).reversed().thenComparing(ProductSales::sku))
                .limit(Math.max(0, Math.min(limit, 100)))
                .toList();
    }

    public List<CustomerBucket> customers(AnalyticsWindow window, Instant from, Instant to) {
        Range r = range(window, from, to);
        Map<Long, WindowRows.Row> byStart = rows(CustomerAggregator.FAMILY, window, r, Dimension.TOTAL).stream()
                .collect(Collectors.toMap(WindowRows.Row::windowStart, Function.identity()));
        return windowStarts(window, r).stream().map(start -> {
            WindowRows.Row row = byStart.get(start);
            return new CustomerBucket(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start).plus(window.size),
                    row == null ? 0 : row.newCustomers(), row == null ? 0 : row.returningCustomers());
        }).toList();
    }

    public List<RatingBucket> ratings(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
        Range r = range(window, from, to);
        Dimension dimension = groupBy == null ? Dimension.TOTAL : groupBy;
        return rows(RatingsAggregator.FAMILY, window, r, dimension).stream()
                .filter(row -> row.ratings() > 0)
                .map(row -> new RatingBucket(Instant.ofEpochMilli(row.windowStart()), Instant.ofEpochMilli(row.windowStart()).plus(window.size),
                        groupBy == null ? null : dimension.valueIn(row.key()), row.ratings(),
                        (double) row.tasteSum() / row.ratings(), (double) row.heatSum() / row.ratings()))
                .sorted(Comparator.comparing(RatingBucket::windowStart).thenComparing(RatingBucket::key, Comparator.nullsFirst(Comparator.naturalOrder())))
                .toList();
    }

    /** Now minus the time of the latest payment counted in the stores; empty before the first one. */
    public Optional<Duration> lag() {
        Instant now = clock.instant();
        Instant start = AnalyticsWindow.MINUTE.startOf(now.minus(Duration.ofHours(1)));
        return rows(SalesAggregator.FAMILY, AnalyticsWindow.MINUTE, new Range(start, now), Dimension.TOTAL).stream()
                .mapToLong(WindowRows.Row::lastEventAt).max()
                .stream().mapToObj(last -> Duration.between(Instant.ofEpochMilli(last), now))
                .findFirst();
    }

    private List<WindowRows.Row> rows(String family, AnalyticsWindow window, Range r, Dimension dimension) {
        Instant firstStart = window.startOf(r.from());
        return gatherer.gather(window.store(family), firstStart, r.to()).stream()
                .filter(row -> dimension.valueIn(row.key()) != null)
                .toList();
    }

    private static List<Long> windowStarts(AnalyticsWindow window, Range r) {
        List<Long> starts = new ArrayList<>();
        for (long s = window.startOf(r.from().toEpochMilli()); s <= r.to().toEpochMilli(); s += window.size.toMillis()) {
            starts.add(s);
        }
        return starts;
    }

    private static SalesBucket salesBucket(AnalyticsWindow window, long start, String key, WindowRows.Row row) {
        long revenue = row == null ? 0 : row.revenueCents();
        long orders = row == null ? 0 : row.orders();
        return new SalesBucket(Instant.ofEpochMilli(start), Instant.ofEpochMilli(start).plus(window.size), key, revenue,
                row == null ? 0 : row.units(), orders, orders > 0 ? revenue / orders : 0);
    }
}
