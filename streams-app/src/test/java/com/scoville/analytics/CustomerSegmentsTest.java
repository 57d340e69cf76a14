package com.scoville.analytics;

import com.scoville.analytics.CustomerSegments.Rfm;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** The segment rules on scores alone: every segment, and the edges between them. */
class CustomerSegmentsTest {
    @Test
    void shouldTryTheSegmentsInTheirOrder() {
        assertThat(CustomerSegments.segment(new Rfm(4, 4, 4))).isEqualTo(CustomerSegment.CHAMPIONS);
        assertThat(CustomerSegments.segment(new Rfm(5, 5, 3))).isEqualTo(CustomerSegment.LOYAL);
        assertThat(CustomerSegments.segment(new Rfm(3, 3, 1))).isEqualTo(CustomerSegment.LOYAL);
        assertThat(CustomerSegments.segment(new Rfm(4, 1, 5))).isEqualTo(CustomerSegment.NEW);
        assertThat(CustomerSegments.segment(new Rfm(5, 2, 2))).isEqualTo(CustomerSegment.PROMISING);
        assertThat(CustomerSegments.segment(new Rfm(3, 1, 1))).isEqualTo(CustomerSegment.PROMISING);
        assertThat(CustomerSegments.segment(new Rfm(2, 2, 1))).isEqualTo(CustomerSegment.AT_RISK);
        assertThat(CustomerSegments.segment(new Rfm(2, 5, 5))).isEqualTo(CustomerSegment.AT_RISK);
        assertThat(CustomerSegments.segment(new Rfm(2, 1, 5))).isEqualTo(CustomerSegment.HIBERNATING);
        assertThat(CustomerSegments.segment(new Rfm(1, 5, 5))).isEqualTo(CustomerSegment.LOST);
    }
}
