package com.scoville.http;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class IdempotencyTest {

    @Test
    void shouldScopeACommandIdToWhatTheWriteAddressesTheCallerAndTheKey() {
        String id = Idempotency.commandId("restock GHOST-150", "alice", "k1");
        assertThat(Idempotency.commandId("restock GHOST-150", "alice", "k1")).isEqualTo(id);
        assertThat(id).matches("cmd_[a-z2-7]{26}");
        assertThat(List.of(Idempotency.commandId("restock GHOST-250", "alice", "k1"),
                Idempotency.commandId("restock GHOST-150", "bob", "k1"), Idempotency.commandId("restock GHOST-150", "alice", "k2")))
                .doesNotContain(id).doesNotHaveDuplicates();
    }

    @Test
    void shouldDeriveTheCommandIdsAndFingerprintsTheTopicsAlreadyHold() {
        assertThat(Idempotency.commandId("restock GHOST-150", "alice", "k1")).isEqualTo("cmd_bie43htgtpfyryol55wrnz7jwb");
        assertThat(Digests.sha256Hex("")).isEqualTo("e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855");
        assertThat(Digests.sha256Hex("alice")).isEqualTo("2bd806c97f0e00af1a1fc3328fa763a9269723c8db8fac4f93af71db186d6e90");
    }
}
