package com.scoville.http.orders;

import com.scoville.orders.CardNumbers;
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
    void shouldScopeACommandIdToWhatTheWriteAddressesTheCallerAndTheKey() {
        String id = OrderIds.commandId("restock GHOST-150", "alice", "k1");
        assertThat(OrderIds.commandId("restock GHOST-150", "alice", "k1")).isEqualTo(id);
        assertThat(id).matches("cmd_[a-z2-7]{26}");
        assertThat(java.util.List.of(OrderIds.commandId("restock GHOST-250", "alice", "k1"),
                OrderIds.commandId("restock GHOST-150", "bob", "k1"), OrderIds.commandId("restock GHOST-150", "alice", "k2")))
                .doesNotContain(id).doesNotHaveDuplicates();
    }

    @Property(tries = 2000)
    void anIdNeverLooksLikeACardNumber(@ForAll String caller, @ForAll String key) {
        assertThat(CardNumbers.containsCardNumber(OrderIds.fromIdempotencyKey(caller, key))).isFalse();
        assertThat(CardNumbers.containsCardNumber(OrderIds.holdId(caller, key))).isFalse();
    }
}
