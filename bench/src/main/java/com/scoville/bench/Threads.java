package com.scoville.bench;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;

/** Daemon threads with names, and bounded waits for a condition. */
final class Threads {
    private Threads() { }

    static ThreadFactory daemon(String prefix) {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, prefix + "-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** Checks {@code condition} every 100 ms until it holds; false when {@code timeout} passes first. */
    static boolean await(Duration timeout, BooleanSupplier condition) {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (!condition.getAsBoolean()) {
            if (System.nanoTime() > deadline) {
                return false;
            }
            sleep(Duration.ofMillis(100));
        }
        return true;
    }

    /** Like {@link #await}, but a timeout is an error naming {@code what}. */
    static void require(String what, Duration timeout, BooleanSupplier condition) {
        if (!await(timeout, condition)) {
            throw new IllegalStateException(what + ": not within " + timeout.toSeconds() + " s");
        }
    }

    static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
