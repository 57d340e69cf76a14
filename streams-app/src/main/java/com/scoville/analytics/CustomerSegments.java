package com.scoville.analytics;

import com.scoville.avro.CustomerProfile;
import com.scoville.avro.RecentRevenue;

import java.time.Duration;
import java.time.Instant;

/**
 * Scores a customer profile: recency, frequency and monetary value from 1 to 5 each, on fixed thresholds (so a
 * customer's score needs no other customer's, and each partition scores its own), the segment they fall in, and
 * their heat preference. The README's "Analytics: funnel, segments" section states the same thresholds.
 */
public final class CustomerSegments {
    /** Days since the last payment at most 7, 30, 90, 180 score 5, 4, 3, 2; longer scores 1. */
    private static final long[] RECENCY_DAYS = {7, 30, 90, 180};
    /** Paid orders (net of refunds) at least 10, 5, 3, 2 score 5, 4, 3, 2; one scores 1. */
    private static final long[] FREQUENCY_ORDERS = {10, 5, 3, 2};
    /** Net revenue at least $500, $200, $100, $40 scores 5, 4, 3, 2; less scores 1. */
    private static final long[] MONETARY_CENTS = {50_000, 20_000, 10_000, 4_000};
    /** A liked rating weighs as much as this many units bought. */
    static final int LIKED_RATING_WEIGHT = 2;

    private CustomerSegments() { }

    public record Rfm(int recency, int frequency, int monetary) { }

    /** The scores as of {@code now}; null for a customer without a paid order that stands (none, or all refunded). */
    public static Rfm score(CustomerProfile p, Instant now) {
        if (p.getLastPaidAt() == null || p.getPaidOrders() <= 0) {
            return null;
        }
        long days = Math.max(0, Duration.between(p.getLastPaidAt(), now).toDays());
        int recency = 1;
        for (int i = 0; i < RECENCY_DAYS.length; i++) {
            if (days <= RECENCY_DAYS[i]) {
                recency = 5 - i;
                break;
            }
        }
        return new Rfm(recency, atLeast(p.getPaidOrders(), FREQUENCY_ORDERS), atLeast(p.getRevenueCents(), MONETARY_CENTS));
    }

    private static int atLeast(long value, long[] thresholds) {
        for (int i = 0; i < thresholds.length; i++) {
            if (value >= thresholds[i]) {
                return 5 - i;
            }
        }
        return 1;
    }

    /** Net revenue of the customer in the {@code window} that holds {@code now}: the profile keeps only the latest one. */
    public static long revenueIn(CustomerProfile p, AnalyticsWindow window, Instant now) {
        RecentRevenue slot = switch (window) {
            case MINUTE -> p.getMinute();
            case HOUR -> p.getHour();
            case DAY -> p.getDay();
        };
        return slot.getWindowStart().equals(window.startOf(now)) ? slot.getRevenueCents() : 0;
    }

    /** The first segment whose rule the scores meet; every scored customer meets one. */
    public static CustomerSegment segment(Rfm s) {
        if (s.recency() >= 4 && s.frequency() >= 4 && s.monetary() >= 4) {
            return CustomerSegment.CHAMPIONS;
        }
        if (s.recency() >= 3 && s.frequency() >= 3) {
            return CustomerSegment.LOYAL;
        }
        if (s.recency() >= 4 && s.frequency() == 1) {
            return CustomerSegment.NEW;
        }
        if (s.recency() >= 3) {
            return CustomerSegment.PROMISING;
        }
        if (s.recency() == 2) {
            return s.frequency() >= 2 ? CustomerSegment.AT_RISK : CustomerSegment.HIBERNATING;
        }
        return CustomerSegment.LOST;
    }

    /**
     * The heat level a customer leans to: the mean heat level of the units they bought (net of refunds), with
     * every sauce they rated 4 or 5 for taste counted as {@value #LIKED_RATING_WEIGHT} more units of its heat level.
     * NaN when there is nothing to go by.
     */
    public static double heatLevel(CustomerProfile p) {
        long weight = Math.max(0, p.getUnits()) + LIKED_RATING_WEIGHT * p.getLikedRatings();
        if (weight == 0) {
            return Double.NaN;
        }
        long sum = Math.max(0, p.getHeatUnitSum()) + LIKED_RATING_WEIGHT * p.getLikedHeatSum();
        return (double) sum / weight;
    }

    public static HeatPreference heat(CustomerProfile p) {
        double level = heatLevel(p);
        if (Double.isNaN(level)) {
            return HeatPreference.UNKNOWN;
        }
        long rounded = Math.round(level);
        return rounded <= 3 ? HeatPreference.MILD : rounded <= 6 ? HeatPreference.MEDIUM
                : rounded <= 8 ? HeatPreference.HOT : HeatPreference.EXTREME;
    }
}
