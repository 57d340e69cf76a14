package com.scoville.bench;

import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.stream.IntStream;

import static org.assertj.core.api.Assertions.assertThat;

class ChannelClientTest {

    @Test
    void shouldDoubleItsPauseAfterEachFailedAttemptUpToFiveSeconds() {
        assertThat(IntStream.rangeClosed(1, 8).mapToObj(ChannelClient::pauseAfter).map(Duration::toMillis))
                .containsExactly(200L, 400L, 800L, 1_600L, 3_200L, 5_000L, 5_000L, 5_000L);
        assertThat(ChannelClient.pauseAfter(100)).isEqualTo(Duration.ofSeconds(5));
    }
}
