package com.scoville.bench;

import com.scoville.service.cluster.PartProcess;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;

/**
 * The faults of a run: at given seconds after the load began, one part of the cluster is killed with SIGKILL and,
 * after a pause, started again with the same folders and ports. Each kill is timed: when it happened, when the part
 * was started again, and how long it took from that start to ready.
 */
final class FaultPlan implements AutoCloseable {
    /** How long a restarted part may take to be ready before the run gives up on it. */
    private static final Duration READY_LIMIT = Duration.ofSeconds(120);

    /** One kill, planned; its target is chosen when its time comes (the broker that leads the quorum then, say). */
    record Fault(java.util.function.Supplier<PartProcess> target, Duration at, Duration downFor) { }

    /** One kill, done: seconds since the load began; readyAgainSeconds from the restart to ready, null if never. */
    record Kill(String target, double atSeconds, double restartedAtSeconds, Double readyAgainSeconds, String problem) {
        Map<String, Object> json() {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("target", target);
            m.put("atSeconds", atSeconds);
            m.put("restartedAtSeconds", restartedAtSeconds);
            m.put("readyAgainSeconds", readyAgainSeconds);
            if (problem != null) {
                m.put("problem", problem);
            }
            return m;
        }
    }

    private final List<Fault> faults;
    private final List<Kill> kills = Collections.synchronizedList(new ArrayList<>());
    private final ExecutorService workers = Executors.newCachedThreadPool(Threads.daemon("fault"));
    private final List<CompletableFuture<Void>> running = new ArrayList<>();
    private long begin;

    FaultPlan(List<Fault> faults) {
        this.faults = List.copyOf(faults);
    }

    /**
     * Instance kills every {@code every} (round robin over {@code instances}) while at least {@code every} of the
     * load is left, and one broker kill at {@code brokerAt} (none if null).
     */
    static FaultPlan of(List<PartProcess> instances, Duration every, Duration downFor, java.util.function.Supplier<PartProcess> broker, Duration brokerAt,
                        Duration brokerDownFor, Duration load) {
        List<Fault> faults = new ArrayList<>();
        int k = 0;
        for (Duration at = every; at.plus(every).compareTo(load) <= 0; at = at.plus(every)) {
            PartProcess instance = instances.get(k++ % instances.size());
            faults.add(new Fault(() -> instance, at, downFor));
        }
        if (broker != null && brokerAt != null && brokerAt.compareTo(load) < 0) {
            faults.add(new Fault(broker, brokerAt, brokerDownFor));
        }
        faults.sort(java.util.Comparator.comparing(Fault::at));
        return new FaultPlan(faults);
    }

    /** Starts the clock: each fault runs on its own thread at its time. */
    FaultPlan start() {
        begin = System.nanoTime();
        for (Fault fault : faults) {
            running.add(CompletableFuture.runAsync(() -> run(fault), workers));
        }
        return this;
    }

    private void run(Fault fault) {
        sleepUntil(fault.at());
        PartProcess part = fault.target().get();
        double at = secondsSinceBegin();
        System.out.printf("%4.0fs  kill -9 %s%n", at, part.name());
        part.kill();
        sleepUntil(fault.at().plus(fault.downFor()));
        double restartedAt = secondsSinceBegin();
        try {
            part.start();
            Duration ready = part.awaitReady(READY_LIMIT);
            double readyAgain = Math.round(ready.toMillis() / 100.0) / 10.0;
            System.out.printf("%4.0fs  %s ready again %.1f s after its restart%n", secondsSinceBegin(), part.name(), readyAgain);
            kills.add(new Kill(part.name(), round(at), round(restartedAt), readyAgain, null));
        } catch (RuntimeException e) {
            System.out.printf("%4.0fs  %s did not come back: %s%n", secondsSinceBegin(), part.name(), e.getMessage());
            kills.add(new Kill(part.name(), round(at), round(restartedAt), null, e.getMessage()));
        }
    }

    /** Waits for every fault to be done (its part restarted and ready, or given up). */
    void awaitDone() {
        CompletableFuture.allOf(running.toArray(CompletableFuture[]::new)).join();
    }

    List<Kill> kills() {
        List<Kill> done = new ArrayList<>(kills);
        done.sort(java.util.Comparator.comparingDouble(Kill::atSeconds));
        return done;
    }

    private double secondsSinceBegin() {
        return (System.nanoTime() - begin) / 1e9;
    }

    private void sleepUntil(Duration sinceBegin) {
        long wait = begin + sinceBegin.toNanos() - System.nanoTime();
        if (wait > 0) {
            Threads.sleep(Duration.ofNanos(wait));
        }
    }

    private static double round(double seconds) {
        return Math.round(seconds * 10) / 10.0;
    }

    @Override
    public void close() {
        workers.shutdownNow();
        try {
            workers.awaitTermination(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
