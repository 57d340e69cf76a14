package com.scoville.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class VersusTest {
    @Test
    void shouldDivideScovilleByTheTwinAndGiveNoRatioWithoutAFigure() {
        assertThat(Versus.Ratios.ratio(600, 1500.0)).isEqualTo(0.4);
        assertThat(Versus.Ratios.ratio(3000, 250.0)).isEqualTo(12.0);
        assertThat(Versus.Ratios.ratio(3000, null)).isNull();
        assertThat(Versus.Ratios.ratio(3000, 0.0)).isNull();
    }
}
