package com.scoville.bench.twin;

import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class OrderDeskTest {
    private final OrderDesk desk = new OrderDesk(null, Map.of("BOX", Map.of("MILD", 2, "HOT", 1)));

    @Test
    void shouldLockStockInSkuOrderWithBundlesReplacedByTheirComponents() {
        List<OrderDesk.Line> lines = List.of(new OrderDesk.Line("ZING", 1), new OrderDesk.Line("BOX", 3), new OrderDesk.Line("HOT", 2));

        Map<String, Integer> needs = desk.needs(lines);

        assertThat(needs.keySet()).containsExactly("HOT", "MILD", "ZING");
        assertThat(needs).containsEntry("HOT", 3 + 2).containsEntry("MILD", 6).containsEntry("ZING", 1);
    }

    @Test
    void shouldFingerprintTheSameOrderAlikeAndAnotherCustomerOtherwise() {
        OrderDesk.Request a = new OrderDesk.Request("c1", "WEB", List.of(new OrderDesk.Line("HOT", 1)));
        OrderDesk.Request same = new OrderDesk.Request("c1", "WEB", List.of(new OrderDesk.Line("HOT", 1)));
        OrderDesk.Request other = new OrderDesk.Request("c2", "WEB", List.of(new OrderDesk.Line("HOT", 1)));

        assertThat(TwinRoutes.fingerprint(a)).isEqualTo(TwinRoutes.fingerprint(same)).isNotEqualTo(TwinRoutes.fingerprint(other));
    }
}
