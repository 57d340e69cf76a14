package com.scoville.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault bench's measure of availability: the longest silence, and the whole seconds without an acknowledgement. */
class FaultsCommandTest {
    private static final long S = 1_000_000_000L;

    @Test
    void shouldFindTheLongestSilenceFromTheFirstAcknowledgementToTheEndOfTheLoad() {
        FaultsCommand.Gaps gaps = FaultsCommand.Gaps.of(List.of(S / 2, 3 * S, 3 * S + S / 10), 5 * S);

        assertThat(gaps.longestSeconds()).isEqualTo(2.5);
        // seconds 1, 2 and 4 saw none
        assertThat(gaps.emptySeconds()).isEqualTo(3);
    }

    @Test
    void shouldNotCountTheSecondsBeforeTheFirstAnswerCouldArrive() {
        // the first answer takes 1.6 s (a slow start is latency, not a gap in taking orders), then one every 0.5 s
        FaultsCommand.Gaps gaps = FaultsCommand.Gaps.of(List.of(16 * S / 10, 21 * S / 10, 26 * S / 10, 31 * S / 10, 36 * S / 10), 4 * S);

        assertThat(gaps.emptySeconds()).isZero();
        assertThat(gaps.longestSeconds()).isEqualTo(0.5);
    }

    @Test
    void shouldCountEverySecondEmptyWithoutAcknowledgementsAndIgnoreThoseAfterTheLoad() {
        FaultsCommand.Gaps none = FaultsCommand.Gaps.of(List.of(7 * S), 3 * S);

        assertThat(none.longestSeconds()).isEqualTo(3.0);
        assertThat(none.emptySeconds()).isEqualTo(3);
    }

    @Test
    void shouldSeeNoGapWhenEverySecondHasAnAcknowledgement() {
        FaultsCommand.Gaps steady = FaultsCommand.Gaps.of(List.of(S / 10, S + S / 10, 2 * S + S / 10, 3 * S - S / 10), 3 * S);

        assertThat(steady.emptySeconds()).isZero();
        assertThat(steady.longestSeconds()).isEqualTo(1.0);
    }
}
