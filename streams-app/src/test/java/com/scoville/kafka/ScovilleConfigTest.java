package com.scoville.kafka;

import com.scoville.Bounds;
import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ScovilleConfigTest {

    @Test
    void shouldRefuseOrderLimitsAboveTheCeilingsTheArithmeticAssumes() {
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("MAX_LINE_QUANTITY", String.valueOf(Bounds.MAX_LINE_QUANTITY + 1))))
                .hasMessageContaining("MAX_LINE_QUANTITY");
        assertThatThrownBy(() -> ScovilleConfig.from(Map.of("MAX_ORDER_LINES", "100000")))
                .hasMessageContaining("MAX_ORDER_LINES");
    }

    @Test
    void shouldTakeOrderLimitsUpToTheCeilings() {
        ScovilleConfig config = ScovilleConfig.from(Map.of("MAX_ORDER_LINES", String.valueOf(Bounds.MAX_ORDER_LINES),
                "MAX_LINE_QUANTITY", String.valueOf(Bounds.MAX_LINE_QUANTITY)));
        assertThat(config.maxOrderLines()).isEqualTo(Bounds.MAX_ORDER_LINES);
        assertThat(config.maxLineQuantity()).isEqualTo(Bounds.MAX_LINE_QUANTITY);
    }
}
