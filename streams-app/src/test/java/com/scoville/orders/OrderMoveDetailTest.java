package com.scoville.orders;

import com.scoville.avro.Channel;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.registry.AvroTrust;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The detail of an applied move's audit entry never fails, whatever record made the state appear. */
class OrderMoveDetailTest {

    @Test
    void shouldDescribeAMoveFromNoStateWithoutFailing() {
        // given
        AvroTrust.install(); // as the topology's serdes do before any record is built
        OrderState paid = OrderState.newBuilder().setOrderId("o-1").setCustomerId("c-1").setChannel(Channel.WEB)
                .setStatus(OrderStatus.PAID).setLines(List.of()).setCreatedAt(Instant.EPOCH).setUpdatedAt(Instant.EPOCH).build();
        OrderState reserved = OrderState.newBuilder(paid).setStatus(OrderStatus.RESERVED).build();

        // then
        assertThat(OrderProcessor.moveDetail(null, paid)).isEqualTo("none -> PAID");
        assertThat(OrderProcessor.moveDetail(reserved, paid)).isEqualTo("RESERVED -> PAID");
        assertThat(OrderProcessor.moveDetail(null, null)).isEqualTo("none -> none");
    }
}
