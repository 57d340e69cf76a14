package com.scoville.bench;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;
import java.util.function.LongFunction;

/**
 * Starts requests at a target rate (an open loop: request i is due at i / rate seconds), or as fast as the
 * concurrency allows with rate 0, never more than {@code concurrency} in flight. Bounded in count and
 * in time; returns once the requests in flight have ended (or after a minute more).
 */
final class LoadLoop {
    private LoadLoop() { }

    /** How the loop went: requests started, and how many started later than due because all slots were busy. */
    record Outcome(long started, long late, double seconds) { }

    static Outcome run(double rate, int concurrency, Duration duration, long maxCount, LongFunction<CompletableFuture<?>> request) {
        Semaphore slots = new Semaphore(concurrency);
        long start = System.nanoTime();
        long deadline = start + duration.toNanos();
        long started = 0;
        long late = 0;
        while (started < maxCount) {
            long now = System.nanoTime();
            if (now >= deadline) {
                break;
            }
            if (rate > 0) {
                long due = start + (long) (started * 1e9 / rate);
                if (due > now) {
                    LockSupport.parkNanos(Math.min(due - now, 1_000_000));
                    continue;
                }
                if (slots.availablePermits() == 0) {
                    late++;
                }
            }
            if (!acquire(slots, deadline - now)) {
                break;
            }
            started++;
            try {
                request.apply(started - 1).whenComplete((r, e) -> slots.release());
            } catch (RuntimeException e) {
                slots.release();
                throw e;
            }
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        acquireAll(slots, concurrency);
        return new Outcome(started, late, seconds);
    }

    private static boolean acquire(Semaphore slots, long nanos) {
        try {
            return slots.tryAcquire(nanos, TimeUnit.NANOSECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static void acquireAll(Semaphore slots, int concurrency) {
        try {
            if (!slots.tryAcquire(concurrency, 60, TimeUnit.SECONDS)) {
                System.out.println("Some requests were still in flight a minute after the load ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
