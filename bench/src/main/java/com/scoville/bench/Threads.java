package com.scoville.bench;

import java.time.Duration;
import java.util.concurrent.ThreadFactory;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.LongSupplier;

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
        return awaitWhileMoving(timeout, () -> 0L, condition); // nothing moves: the stall is the whole wait
    }

    /**
     * Checks {@code condition} every 100 ms until it holds, for as long as {@code progress} keeps changing: false once
     * it has stood still for {@code stall}. A slow machine that still moves is waited for; a stuck one is not.
     */
    static boolean awaitWhileMoving(Duration stall, LongSupplier progress, BooleanSupplier condition) {
        long last = progress.getAsLong();
        long deadline = System.nanoTime() + stall.toNanos();
        while (!condition.getAsBoolean()) {
            long now = progress.getAsLong();
            if (now != last) {
                last = now;
                deadline = System.nanoTime() + stall.toNanos();
            } else if (System.nanoTime() > deadline) {
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
