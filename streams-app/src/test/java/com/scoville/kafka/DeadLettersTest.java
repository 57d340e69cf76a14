package com.scoville.kafka;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** What a dead letter keeps of the record it stands for. */
class DeadLettersTest {

    @Test
    void shouldKeepTheKeyAndValueOfAnOrdinaryFailure() {
        assertThat(DeadLetters.omission(new byte[10], new byte[1000], new IllegalStateException("boom"))).isNull();
    }

    @Test
    void shouldLeaveOutKeyAndValueThatCarryCardData() {
        assertThat(DeadLetters.omission(new byte[10], new byte[10], new UnusableRecordException("card", true)))
                .isEqualTo("the record carries card data");
    }

    @Test
    void shouldLeaveOutKeyAndValueTooLargeForABrokerTogetherWithTheHeaders() {
        byte[] half = new byte[DeadLetters.MAX_COPIED_BYTES / 2 + 1];
        assertThat(DeadLetters.omission(half, half, new IllegalStateException("boom"))).contains("bytes");
        assertThat(DeadLetters.omission(null, new byte[DeadLetters.MAX_COPIED_BYTES], new IllegalStateException("boom"))).isNull();
    }
}
