package com.scoville.kafka;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler.StreamThreadExceptionResponse;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;

import static org.assertj.core.api.Assertions.assertThat;

class ThreadReplacementTest {
    private final MutableClock clock = new MutableClock();
    private final ThreadReplacement handler = new ThreadReplacement(3, Duration.ofMinutes(10), clock);

    @Test
    void shouldReplaceAFailedThreadUpToTheBudget() {
        for (int i = 0; i < 3; i++) {
            assertThat(handler.handle(new IllegalStateException("boom"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
        }
    }

    @Test
    void shouldShutTheClientDownWhenFailuresKeepComingBack() {
        for (int i = 0; i < 3; i++) {
            handler.handle(new IllegalStateException("boom"));
        }
        assertThat(handler.handle(new IllegalStateException("again"))).isEqualTo(StreamThreadExceptionResponse.SHUTDOWN_CLIENT);
    }

    @Test
    void shouldForgetFailuresOlderThanTheWindow() {
        for (int i = 0; i < 3; i++) {
            handler.handle(new IllegalStateException("boom"));
        }
        clock.advance(Duration.ofMinutes(11));
        assertThat(handler.handle(new IllegalStateException("later"))).isEqualTo(StreamThreadExceptionResponse.REPLACE_THREAD);
    }

    private static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2026-11-25T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneOffset getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(java.time.ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
