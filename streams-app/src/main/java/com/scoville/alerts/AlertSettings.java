package com.scoville.alerts;

import com.scoville.kafka.ScovilleConfig;

import java.time.Duration;
import java.util.Map;

/**
 * What the alert detectors need to know: how often to look, when stock is selling out, how fast the current rate
 * and the baseline forget, how long a new SKU is left alone, and the z-scores that raise and clear an alert.
 */
public record AlertSettings(Duration checkInterval, Duration sellingOutWithin, Duration rateHalfLife,
                            Duration baselineHalfLife, Duration warmup, double minRate, double zRaise, double zClear) {

    public static AlertSettings of(ScovilleConfig config) {
        return new AlertSettings(config.alertCheckInterval(), config.alertSellingOutWithin(), config.alertRateHalfLife(),
                config.alertBaselineHalfLife(), config.alertWarmup(), config.alertMinRate(), config.alertZRaise(),
                config.alertZClear());
    }

    /** The defaults of {@link ScovilleConfig}. */
    public static AlertSettings defaults() {
        return of(ScovilleConfig.from(Map.of()));
    }

    /** A copy that looks every {@code interval}. */
    public AlertSettings checkingEvery(Duration interval) {
        return new AlertSettings(interval, sellingOutWithin, rateHalfLife, baselineHalfLife, warmup, minRate, zRaise, zClear);
    }

    /**
     * The weight of a new observation in an EWMA of half-life {@code halfLife}, when the observation covers
     * {@code elapsed}: after one half-life, the old value counts half.
     */
    static double weight(Duration halfLife, double elapsedMs) {
        return 1 - Math.pow(2, -elapsedMs / halfLife.toMillis());
    }
}
