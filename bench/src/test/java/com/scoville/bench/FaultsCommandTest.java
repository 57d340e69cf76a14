package com.scoville.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The fault bench's measure of availability: the longest silence, and the whole seconds without an acknowledgement. */
class FaultsCommandTest {
    private static final long S = 1_000_000_000L;

    @Test
    void shouldFindTheLongestSilenceIncludingBeforeTheFirstAndAfterTheLastAcknowledgement() {
        FaultsCommand.Gaps gaps = FaultsCommand.Gaps.of(List.of(S / 2, 3 * S, 3 * S + S / 10), 5 * S);

        assertThat(gaps.longestSeconds()).isEqualTo(2.5);
        // seconds 1, 2 and 4 saw none
        assertThat(gaps.emptySeconds()).isEqualTo(3);
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
