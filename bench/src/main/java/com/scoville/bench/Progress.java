package com.scoville.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Once a second: takes the last second's figures into the timeline and prints a line of progress. */
final class Progress implements AutoCloseable {
    /** One second of the run, as the chart draws it; failed: requests answered with an error or not at all. */
    record Second(double second, double acceptedPerSecond, double processedPerSecond, double failedPerSecond, Double acceptP99Ms, Double finalP99Ms) { }

    private final OrderTracker tracker;
    private final PrintStream out;
    private final List<Second> rows = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("bench-progress"));
    private final long start = System.nanoTime();
    private long lastTick = start;

    Progress(OrderTracker tracker, PrintStream out) {
        this.tracker = tracker;
        this.out = out;
    }

    Progress start() {
        ticker.scheduleAtFixedRate(this::tick, 1, 1, TimeUnit.SECONDS);
        return this;
    }

    private synchronized void tick() {
        OrderTracker.Interval iv = tracker.interval();
        long now = System.nanoTime();
        double seconds = Math.max(0.001, (now - lastTick) / 1e9);
        lastTick = now;
        double second = Math.round((now - start) / 1e8) / 10.0;
        double accepted = Math.round(iv.accepted() / seconds);
        double processed = Math.round(iv.processed() / seconds);
        double failed = Math.round(iv.failed() / seconds);
        rows.add(new Second(second, accepted, processed, failed, iv.acceptP99Ms(), iv.finalP99Ms()));
        out.printf("%4.0fs  sent %8d  accepted %6.0f/s  processed %6.0f/s  p99 so far: accept %s, final %s  awaiting %d  errors %d%n",
                second, tracker.sent(), accepted, processed, ms(tracker.acceptP99SoFar()),
                ms(tracker.finalP99SoFar()), tracker.awaiting(), tracker.errors());
    }

    synchronized List<Second> rows() {
        return List.copyOf(rows);
    }

    private static String ms(Double v) {
        return v == null ? "-" : String.format("%.1f ms", v);
    }

    @Override
    public void close() {
        ticker.shutdown();
        try {
            ticker.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tick(); // the last, partial second
    }
}
