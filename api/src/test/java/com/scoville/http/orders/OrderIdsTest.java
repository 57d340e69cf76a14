package com.scoville.http.orders;

import com.scoville.CardNumbers;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class OrderIdsTest {

    @Test
    void shouldDeriveTheSameIdFromTheSameCallerAndKeyAndAnotherFromAnotherCaller() {
        assertThat(OrderIds.fromIdempotencyKey("alice", "k1")).isEqualTo(OrderIds.fromIdempotencyKey("alice", "k1"));
        assertThat(OrderIds.fromIdempotencyKey("alice", "k1")).isNotEqualTo(OrderIds.fromIdempotencyKey("bob", "k1"));
        assertThat(OrderIds.fromIdempotencyKey("alice", "k1")).matches("ord_[a-z2-7]{26}");
    }

    @Test
    void shouldDeriveTheIdsOrdersAndHoldsAlreadyOnTheTopicsHave() {
        assertThat(OrderIds.fromIdempotencyKey("alice", "k1")).isEqualTo("ord_bcdem3cozlwlvbn3gt474ypz5b");
        assertThat(OrderIds.holdId("alice", "k1")).isEqualTo("hold_kdmwjs3ashq57evrptnkydna3z");
    }

    @Property(tries = 2000)
    void anIdNeverLooksLikeACardNumber(@ForAll String caller, @ForAll String key) {
        assertThat(CardNumbers.containsCardNumber(OrderIds.fromIdempotencyKey(caller, key))).isFalse();
        assertThat(CardNumbers.containsCardNumber(OrderIds.holdId(caller, key))).isFalse();
    }
}
