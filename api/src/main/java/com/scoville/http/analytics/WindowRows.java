package com.scoville.http.analytics;

import com.scoville.avro.SalesTotals;

import java.util.List;

/** The rows of one window store that one instance holds, and the partitions they come from. */
public record WindowRows(List<Integer> partitions, List<Row> rows) {

    /** Partial sums of one key in one window, from one partition. */
    public record Row(String key, long windowStart, long revenueCents, long units, long orders, long newCustomers,
                      long returningCustomers, long ratings, long tasteSum, long heatSum, long lastEventAt) {

        /**
         * The rows of one stored window: its sums, or, for a record that keeps named counts together (the funnel's),
         * one row per count, keyed by its name.
         */
        static List<Row> of(String key, long windowStart, SalesTotals t) {
            if (t.getCounts().isEmpty()) {
                return List.of(sums(key, windowStart, t));
            }
            long last = t.getLastEventAt().toEpochMilli();
            return t.getCounts().entrySet().stream()
                    .map(e -> new Row(e.getKey(), windowStart, 0, 0, e.getValue(), 0, 0, 0, 0, 0, last)).toList();
        }

        private static Row sums(String key, long windowStart, SalesTotals t) {
            return new Row(key, windowStart, t.getRevenueCents(), t.getUnits(), t.getOrders(), t.getNewCustomers(),
                    t.getReturningCustomers(), t.getRatings(), t.getTasteSum(), t.getHeatSum(), t.getLastEventAt().toEpochMilli());
        }

        Row plus(Row o) {
            return new Row(key, windowStart, revenueCents + o.revenueCents, units + o.units, orders + o.orders,
                    newCustomers + o.newCustomers, returningCustomers + o.returningCustomers, ratings + o.ratings,
                    tasteSum + o.tasteSum, heatSum + o.heatSum, Math.max(lastEventAt, o.lastEventAt));
        }
    }
}
