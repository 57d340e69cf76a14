package com.scoville.alerts;

import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.avro.SalesRate;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The arithmetic of SALES_SPIKE and SALES_DROP: an EWMA control chart per SKU on one-minute buckets of units sold.
 * <ul>
 *   <li>the current rate {@code c} is a fast EWMA of the buckets (half-life {@code ALERT_RATE_HALF_LIFE}, weight α);</li>
 *   <li>the baseline is a slow EWMA mean {@code m} and variance {@code v} of the same buckets (half-life
 *       {@code ALERT_BASELINE_HALF_LIFE}), learnt after each bucket is judged, so a lasting change becomes the new
 *       normal within a few half-lives;</li>
 *   <li>{@code z = (c − b) / sqrt(max(v, b) · α / (2 − α))} with {@code b = max(m, ALERT_MIN_RATE)}: the spread of
 *       an EWMA of independent buckets of variance {@code max(v, b)}. Counts of independent sales vary at least like
 *       a Poisson count (variance = mean), so a SKU is never taken as more regular than that: a perfectly steady
 *       history does not make the first odd minute infinitely unlikely;</li>
 *   <li>raised at {@code |z| >= ALERT_Z_RAISE}, cleared once {@code |z| <= ALERT_Z_CLEAR} (hysteresis);</li>
 *   <li>nothing is judged before {@code ALERT_WARMUP} after the SKU's first sale, and the first buckets are plain
 *       averages (weight {@code max(α, 1/n)}), so a new sauce has neither an alert nor a baseline biased to 0.</li>
 * </ul>
 * A spike can be raised inside the minute: units only add up, so the open bucket's count is a lower bound of the
 * minute's. A drop is seen only when minutes close, quiet ones included (the processor closes them on the clock).
 */
public final class SalesRates {
    public static final long BUCKET_MS = 60_000;
    /** At most this many quiet minutes are closed one by one (a week); past that, the SKU starts over. */
    static final long MAX_QUIET_BUCKETS = 7 * 24 * 60;

    private final AlertSettings settings;
    private final double rateWeight;
    private final double baselineWeight;

    public SalesRates(AlertSettings settings) {
        this.settings = settings;
        this.rateWeight = AlertSettings.weight(settings.rateHalfLife(), BUCKET_MS);
        this.baselineWeight = AlertSettings.weight(settings.baselineHalfLife(), BUCKET_MS);
    }

    public static long bucketOf(long at) {
        return Math.floorDiv(at, BUCKET_MS) * BUCKET_MS;
    }

    /** A SKU seen for the first time. */
    public SalesRate first(String sku, long at) {
        return SalesRate.newBuilder().setSku(sku).setFirstSaleAt(Instant.ofEpochMilli(at)).setBucketStart(Instant.ofEpochMilli(bucketOf(at)))
                .build();
    }

    /** Counts {@code units} sold at {@code at} (a late sale counts in the open minute); answers the alerts raised or cleared. */
    public List<Alert> sold(SalesRate state, long at, long units) {
        List<Alert> changes = advance(state, at);
        state.setBucketUnits(state.getBucketUnits() + units);
        if (state.getOpenKind() == null && warm(state, at)) {
            double rate = state.getRate() + weight(rateWeight, state) * (state.getBucketUnits() - state.getRate());
            double z = z(state, rate);
            if (z >= settings.zRaise()) {
                raise(state, AlertKind.SALES_SPIKE, at, rate, z, changes);
            }
        }
        return changes;
    }

    /** Closes every minute that ended at or before {@code now}; answers the alerts raised or cleared. */
    public List<Alert> advance(SalesRate state, long now) {
        List<Alert> changes = new ArrayList<>();
        long quiet = 0;
        while (state.getBucketStart().toEpochMilli() + BUCKET_MS <= now) {
            if (++quiet > MAX_QUIET_BUCKETS) {
                // a week without a sale: what the SKU did before says nothing any more
                SalesRate fresh = first(state.getSku(), now);
                fresh.setOpenKind(state.getOpenKind());
                fresh.setOpenRaisedAt(state.getOpenRaisedAt());
                copy(fresh, state);
                break;
            }
            close(state, changes);
        }
        return changes;
    }

    private void close(SalesRate state, List<Alert> changes) {
        long end = state.getBucketStart().toEpochMilli() + BUCKET_MS;
        double units = state.getBucketUnits();
        double rate = state.getRate() + weight(rateWeight, state) * (units - state.getRate());
        if (warm(state, end)) {
            judge(state, rate, end, changes);
        }
        double b = weight(baselineWeight, state);
        double d = units - state.getBaselineMean();
        state.setBaselineMean(state.getBaselineMean() + b * d);
        state.setBaselineVariance((1 - b) * (state.getBaselineVariance() + b * d * d));
        state.setRate(rate);
        state.setClosedBuckets(state.getClosedBuckets() + 1);
        state.setBucketStart(Instant.ofEpochMilli(end));
        state.setBucketUnits(0L);
    }

    private void judge(SalesRate state, double rate, long at, List<Alert> changes) {
        double z = z(state, rate);
        String open = state.getOpenKind();
        if ((AlertKind.SALES_SPIKE.name().equals(open) && z <= settings.zClear())
                || (AlertKind.SALES_DROP.name().equals(open) && z >= -settings.zClear())) {
            AlertKind kind = AlertKind.valueOf(open);
            changes.add(Alerts.cleared(kind, state.getSku(), state.getOpenRaisedAt(), Instant.ofEpochMilli(at), describe("back to", state, rate, z)));
            state.setOpenKind(null);
            state.setOpenRaisedAt(null);
        }
        if (state.getOpenKind() == null) {
            if (z >= settings.zRaise()) {
                raise(state, AlertKind.SALES_SPIKE, at, rate, z, changes);
            } else if (z <= -settings.zRaise()) {
                raise(state, AlertKind.SALES_DROP, at, rate, z, changes);
            }
        }
    }

    private void raise(SalesRate state, AlertKind kind, long at, double rate, double z, List<Alert> changes) {
        Instant when = Instant.ofEpochMilli(at);
        changes.add(Alerts.raised(kind, state.getSku(), when, describe("selling", state, rate, z)));
        state.setOpenKind(kind.name());
        state.setOpenRaisedAt(when);
    }

    /** How many standard deviations of the current-rate EWMA {@code rate} is from the baseline. */
    double z(SalesRate state, double rate) {
        double baseline = Math.max(state.getBaselineMean(), settings.minRate());
        double variance = Math.max(state.getBaselineVariance(), baseline);
        return (rate - baseline) / Math.sqrt(variance * rateWeight / (2 - rateWeight));
    }

    private boolean warm(SalesRate state, long at) {
        return at - state.getFirstSaleAt().toEpochMilli() >= settings.warmup().toMillis();
    }

    /** The EWMA weight, or more while fewer buckets than its span are known: the first buckets are averaged. */
    private static double weight(double weight, SalesRate state) {
        return Math.max(weight, 1.0 / (state.getClosedBuckets() + 1));
    }

    private static String describe(String what, SalesRate state, double rate, double z) {
        return what + " " + Alerts.number(rate) + " units/min against a baseline of "
                + Alerts.number(state.getBaselineMean()) + " (z = " + Alerts.number(z) + ")";
    }

    private static void copy(SalesRate from, SalesRate to) {
        for (int i = 0; i < from.getSchema().getFields().size(); i++) {
            to.put(i, from.get(i));
        }
    }
}
