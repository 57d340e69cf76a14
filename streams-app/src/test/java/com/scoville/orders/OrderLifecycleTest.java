package com.scoville.orders;

import com.scoville.avro.OrderStatus;
import org.junit.jupiter.api.Test;

import java.util.Arrays;

import static org.assertj.core.api.Assertions.assertThat;

class OrderLifecycleTest {

    @Test
    void shouldHoldStockOnlyWhileReservedOrPaid() {
        assertThat(Arrays.stream(OrderStatus.values()).filter(OrderLifecycle::holdsStock))
                .containsExactlyInAnyOrder(OrderStatus.RESERVED, OrderStatus.PAID);
    }
}
