package com.scoville.http.kafka;

import com.scoville.http.ApiException;
import org.apache.kafka.streams.KeyQueryMetadata;
import org.apache.kafka.streams.state.HostInfo;
import org.junit.jupiter.api.Test;

import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StoreQueriesTest {
    private static final HostInfo SELF = new HostInfo("10.0.0.7", 7070);
    private static final HostInfo OTHER = new HostInfo("10.0.0.8", 7070);

    @Test
    void shouldAnswer503WhenNoInstanceIsActiveForTheKeysPartition() {
        // a partition between owners (or whose owner is gone) has the unavailable host with a real partition number:
        // it was forwarded to http://unavailable:-1 and answered 500 (seen with the Streams rebalance protocol)
        KeyQueryMetadata moving = new KeyQueryMetadata(HostInfo.unavailable(), Set.of(OTHER), 3);

        assertThatThrownBy(() -> StoreQueries.owner(moving, SELF, "ord_1"))
                .isInstanceOfSatisfying(ApiException.class, e -> {
                    assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAVAILABLE);
                    assertThat(e.retryAfter()).isPositive();
                });
        assertThatThrownBy(() -> StoreQueries.owner(KeyQueryMetadata.NOT_AVAILABLE, SELF, "ord_1"))
                .isInstanceOfSatisfying(ApiException.class, e -> assertThat(e.kind()).isEqualTo(ApiException.Kind.UNAVAILABLE));
        assertThatThrownBy(() -> StoreQueries.owner(null, SELF, "ord_1")).isInstanceOf(ApiException.class);
    }

    @Test
    void shouldNameThisInstanceOrTheOwnerWhenOneIsActive() {
        assertThat(StoreQueries.owner(new KeyQueryMetadata(SELF, Set.of(OTHER), 2), SELF, "ord_1"))
                .isEqualTo(new StoreQueries.Local(2));
        assertThat(StoreQueries.owner(new KeyQueryMetadata(OTHER, Set.of(), 4), SELF, "ord_1"))
                .isEqualTo(new StoreQueries.Remote(OTHER));
    }
}
