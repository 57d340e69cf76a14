package com.scoville.bench;

import java.io.PrintStream;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/** Once a second: takes the last second's figures into the timeline and prints a line of progress. */
final class Progress implements AutoCloseable {
    /** One second of the run, as the chart draws it. */
    record Second(int second, long accepted, long processed, Double acceptP99Ms, Double finalP99Ms) { }

    private final OrderTracker tracker;
    private final PrintStream out;
    private final List<Second> rows = new ArrayList<>();
    private final ScheduledExecutorService ticker = Executors.newSingleThreadScheduledExecutor(Threads.daemon("bench-progress"));
    private final long start = System.nanoTime();

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
        int second = (int) Math.round((System.nanoTime() - start) / 1e9);
        rows.add(new Second(second, iv.accepted(), iv.processed(), iv.acceptP99Ms(), iv.finalP99Ms()));
        out.printf("%4ds  sent %8d  accepted %6d/s  processed %6d/s  p99 so far: accept %s, final %s  awaiting %d  errors %d%n",
                second, tracker.sent(), iv.accepted(), iv.processed(), ms(tracker.acceptP99SoFar()),
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
