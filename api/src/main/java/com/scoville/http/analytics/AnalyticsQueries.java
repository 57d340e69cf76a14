package com.scoville.http.analytics;

import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.Dimension;
import com.scoville.http.analytics.AnalyticsService.CustomerBucket;
import com.scoville.http.analytics.AnalyticsService.ProductSales;
import com.scoville.http.analytics.AnalyticsService.RatingBucket;
import com.scoville.http.analytics.AnalyticsService.SalesBucket;
import com.scoville.http.analytics.FunnelService.FunnelBucket;
import com.scoville.http.analytics.SegmentService.CustomerView;
import com.scoville.http.analytics.SegmentService.SegmentBucket;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/** The questions the GraphQL layer asks: {@link AnalyticsService} answers them, a fake does in the layer's own tests. */
public interface AnalyticsQueries {
    List<SalesBucket> sales(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy);

    List<ProductSales> topProducts(AnalyticsWindow window, Instant at, int limit);

    List<CustomerBucket> customers(AnalyticsWindow window, Instant from, Instant to);

    List<RatingBucket> ratings(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy);

    Optional<Duration> lag();

    List<FunnelBucket> funnel(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy);

    List<SegmentBucket> segments(AnalyticsWindow window);

    Optional<CustomerView> customer(String id);

    /** The alerts open at some time in [from, to), only the open (or cleared) ones when {@code open} is given. */
    List<AlertService.AlertView> alerts(Instant from, Instant to, Boolean open);

    /** The analytics of {@code service}, the funnel, the segments, and the alerts of {@code alerts} (none kept when it is null: 503). */
    static AnalyticsQueries of(AnalyticsService service, FunnelService funnel, SegmentService segments, AlertService alerts) {
        return new AnalyticsQueries() {
            @Override
            public List<AlertService.AlertView> alerts(Instant from, Instant to, Boolean open) {
                if (alerts == null) {
                    throw com.scoville.http.ApiException.unavailable("This instance keeps no alerts", Duration.ofSeconds(1));
                }
                return alerts.alerts(from, to, open);
            }

            @Override
            public List<SalesBucket> sales(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
                return service.sales(window, from, to, groupBy);
            }

            @Override
            public List<ProductSales> topProducts(AnalyticsWindow window, Instant at, int limit) {
                return service.topProducts(window, at, limit);
            }

            @Override
            public List<CustomerBucket> customers(AnalyticsWindow window, Instant from, Instant to) {
                return service.customers(window, from, to);
            }

            @Override
            public List<RatingBucket> ratings(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
                return service.ratings(window, from, to, groupBy);
            }

            @Override
            public Optional<Duration> lag() {
                return service.lag();
            }

            @Override
            public List<FunnelBucket> funnel(AnalyticsWindow window, Instant from, Instant to, Dimension groupBy) {
                return funnel.funnel(window, from, to, groupBy);
            }

            @Override
            public List<SegmentBucket> segments(AnalyticsWindow window) {
                return segments.segments(window);
            }

            @Override
            public Optional<CustomerView> customer(String id) {
                return segments.customer(id, false);
            }
        };
    }
}
