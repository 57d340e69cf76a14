package com.scoville.kafka;

import org.apache.kafka.streams.errors.StreamsUncaughtExceptionHandler;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * What a stream thread's uncaught exception does: the thread is replaced, so the client goes on (a bad
 * record never gets here, the processing exception handler takes it). An exception that keeps coming back
 * would replace threads forever while nothing restarts the instance, so after {@code budget} replacements
 * within {@code window} the client shuts down instead: Kafka Streams goes to ERROR, /health/live says DOWN,
 * and the orchestrator restarts the instance.
 */
public final class ThreadReplacement implements StreamsUncaughtExceptionHandler {
    private static final Logger log = LoggerFactory.getLogger(ThreadReplacement.class);

    private final int budget;
    private final Duration window;
    private final Clock clock;
    private final Deque<Instant> recent = new ArrayDeque<>();

    public ThreadReplacement(int budget, Duration window, Clock clock) {
        this.budget = budget;
        this.window = window;
        this.clock = clock;
    }

    @Override
    public synchronized StreamThreadExceptionResponse handle(Throwable exception) {
        Instant now = clock.instant();
        while (!recent.isEmpty() && recent.peekFirst().isBefore(now.minus(window))) {
            recent.removeFirst();
        }
        if (recent.size() >= budget) {
            log.error("Stream thread failed {} times within {}: shutting Kafka Streams down so the instance is restarted",
                    recent.size() + 1, window, exception);
            return StreamThreadExceptionResponse.SHUTDOWN_CLIENT;
        }
        recent.addLast(now);
        log.error("Stream thread failed; replacing it", exception);
        return StreamThreadExceptionResponse.REPLACE_THREAD;
    }
}
