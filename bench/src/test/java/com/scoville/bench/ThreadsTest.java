package com.scoville.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadsTest {

    @Test
    void shouldWaitPastTheStallForAsLongAsProgressIsMade() {
        // a drain that moves one step a check (100 ms apart) and is done after 12 steps, about 1.2 s: four stalls' length
        AtomicInteger checks = new AtomicInteger();
        long begin = System.nanoTime();

        boolean done = Threads.awaitWhileMoving(Duration.ofMillis(300), checks::get, () -> checks.incrementAndGet() > 12);

        assertThat(done).isTrue();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isGreaterThan(Duration.ofMillis(300));
    }

    @Test
    void shouldGiveUpOnceProgressStandsStillForTheStall() {
        // three steps, then nothing more
        AtomicInteger checks = new AtomicInteger();
        long begin = System.nanoTime();

        boolean done = Threads.awaitWhileMoving(Duration.ofMillis(300), () -> Math.min(checks.incrementAndGet(), 3), () -> false);

        assertThat(done).isFalse();
        assertThat(Duration.ofNanos(System.nanoTime() - begin)).isBetween(Duration.ofMillis(300), Duration.ofSeconds(5));
    }
}
