package com.scoville.kafka;

import org.apache.kafka.streams.KafkaStreams.State;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** Liveness from the Kafka Streams state: DOWN only when a restart is the one way out. */
class StreamsRuntimeTest {

    @Test
    void shouldBeAliveWhileStartingRebalancingOrRunning() {
        assertThat(StreamsRuntime.alive(State.CREATED, false)).isTrue();
        assertThat(StreamsRuntime.alive(State.REBALANCING, false)).isTrue();
        assertThat(StreamsRuntime.alive(State.RUNNING, false)).isTrue();
    }

    @Test
    void shouldBeDeadInErrorEvenWhileClosing() {
        assertThat(StreamsRuntime.alive(State.PENDING_ERROR, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.ERROR, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.ERROR, true)).isFalse();
    }

    @Test
    void shouldBeDeadWhenStoppedWithoutBeingClosed() {
        assertThat(StreamsRuntime.alive(State.NOT_RUNNING, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.PENDING_SHUTDOWN, false)).isFalse();
        assertThat(StreamsRuntime.alive(State.NOT_RUNNING, true)).isTrue();
    }
}
