package com.scoville.analytics;

import java.time.Duration;
import java.time.Instant;

/**
 * The tumbling windows of the analytics, each with how long it stays queryable. Windows are aligned to
 * UTC (a DAY window starts at midnight UTC). Retention is set on purpose: a window store's default is
 * window size plus grace, and the owner wants 30 days of DAY windows.
 */
public enum AnalyticsWindow {
    MINUTE(Duration.ofMinutes(1), Duration.ofDays(2)),
    HOUR(Duration.ofHours(1), Duration.ofDays(14)),
    DAY(Duration.ofDays(1), Duration.ofDays(400));

    public final Duration size;
    public final Duration retention;

    AnalyticsWindow(Duration size, Duration retention) {
        this.size = size;
        this.retention = retention;
    }

    public long startOf(long timestampMs) {
        return timestampMs - Math.floorMod(timestampMs, size.toMillis());
    }

    public Instant startOf(Instant at) {
        return Instant.ofEpochMilli(startOf(at.toEpochMilli()));
    }

    /** The store of {@code family} ("sales", "customers", "ratings") for this window. */
    public String store(String family) {
        return family + "-" + name().toLowerCase();
    }
}
