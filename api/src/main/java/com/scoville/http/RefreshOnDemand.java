package com.scoville.http;

import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * A one-thread scheduler that can run its periodic task once more, now. Micrometer's Kafka binder looks for new
 * Kafka metrics only on its schedule, and each look walks thousands of them; with this it can look rarely, and
 * at once when Kafka Streams has new tasks (and new metrics) after a start or a rebalance.
 */
final class RefreshOnDemand extends ScheduledThreadPoolExecutor {
    private volatile Runnable periodic;

    RefreshOnDemand(String threadName) {
        super(1, r -> {
            Thread t = new Thread(r, threadName);
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public ScheduledFuture<?> scheduleAtFixedRate(Runnable command, long initialDelay, long period, TimeUnit unit) {
        periodic = command;
        return super.scheduleAtFixedRate(command, initialDelay, period, unit);
    }

    /** Runs the periodic task once more, soon, on the scheduler's thread; nothing if none is scheduled yet. */
    void refreshNow() {
        Runnable task = periodic;
        if (task != null && !isShutdown()) {
            execute(task);
        }
    }
}
