package com.scoville.http;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class RefreshOnDemandTest {
    private final RefreshOnDemand scheduler = new RefreshOnDemand("refresh-test");
    private final AtomicInteger looks = new AtomicInteger();

    @AfterEach
    void stop() {
        scheduler.shutdownNow();
    }

    @Test
    void shouldRunItsPeriodicTaskOnceMoreEachTimeItIsAskedLongBeforeItsPeriod() {
        scheduler.scheduleAtFixedRate(looks::incrementAndGet, 1, 1, TimeUnit.HOURS);
        scheduler.refreshNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() == 1);
        scheduler.refreshNow();
        await().atMost(Duration.ofSeconds(10)).until(() -> looks.get() == 2);
        assertThat(Thread.getAllStackTraces().keySet()).anyMatch(t -> t.getName().equals("refresh-test") && t.isDaemon());
    }

    @Test
    void shouldDoNothingWhenAskedBeforeAnythingIsScheduledOrAfterItStopped() throws InterruptedException {
        scheduler.refreshNow();
        scheduler.scheduleAtFixedRate(looks::incrementAndGet, 1, 1, TimeUnit.HOURS);
        scheduler.shutdown();
        scheduler.refreshNow();
        assertThat(scheduler.awaitTermination(10, TimeUnit.SECONDS)).isTrue();
        assertThat(looks.get()).isZero();
    }
}
