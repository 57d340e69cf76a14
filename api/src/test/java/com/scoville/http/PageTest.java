package com.scoville.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class PageTest {

    @Test
    void shouldPageThroughAListAndEndWithNoCursor() {
        // when
        Page<Integer> first = Page.of(List.of(1, 2, 3), 2, null);
        Page<Integer> second = Page.of(List.of(1, 2, 3), 2, first.nextCursor());

        // then
        assertThat(first.items()).containsExactly(1, 2);
        assertThat(second.items()).containsExactly(3);
        assertThat(second.nextCursor()).isNull();
    }

    @Test
    void shouldEndAtAForgedOffsetNearIntegerMaxInsteadOfStartingOver() {
        // given a cursor no page gave: an offset that overflows when the limit is added
        String forged = Page.encode("o:" + Integer.MAX_VALUE);

        // when
        Page<Integer> page = Page.of(List.of(1, 2, 3), 200, forged);

        // then
        assertThat(page.items()).isEmpty();
        assertThat(page.nextCursor()).isNull();
    }
}
