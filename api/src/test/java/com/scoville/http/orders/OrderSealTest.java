package com.scoville.http.orders;

import com.scoville.audit.ActorSeal;
import com.scoville.avro.Actor;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.http.kafka.ServiceContext;
import com.scoville.kafka.ScovilleConfig;
import com.scoville.registry.AvroTrust;
import org.apache.kafka.common.header.internals.RecordHeaders;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

/** The HTTP layer seals the actor of each order it writes, with the secret every instance's topology verifies it with. */
class OrderSealTest {

    @Test
    void shouldSealTheActorOfAnOrderSoThatTheTopologyOfAnyInstanceKeepsIt() {
        // given the service's seal and the topology's, both from the configuration
        AvroTrust.install();
        ScovilleConfig config = ScovilleConfig.from(Map.of("APPLICATION_ID", "sealed-app"));
        OrderService service = new OrderService(new ServiceContext(null, null, null, null, null, null, null, 50, 1000, Clock.systemUTC()),
                null, ActorSeal.of(config.effectivePeerSecret()));
        ActorSeal topology = com.scoville.ScovilleTopology.Settings.of(config).actorSeal();
        Actor shop = Actor.newBuilder().setSubject("web-shop").setClient("web-shop").setRoles(List.of("channel")).setRequestId("r-1").build();
        Order order = Order.newBuilder().setOrderId("o-sealed").setCustomerId("c-1").setChannel(Channel.WEB).setLines(List.of())
                .setCreatedAt(Instant.EPOCH).setActor(shop).build();

        // when
        RecordHeaders headers = new RecordHeaders(service.sealed(order));

        // then
        assertThat(headers.lastHeader(ActorSeal.HEADER)).isNotNull();
        assertThat(topology.verified("o-sealed", shop, headers)).isEqualTo(shop);
        assertThat(topology.verified("o-other", shop, headers)).as("another order").isNull();
        ActorSeal otherApplication = ActorSeal.of(ScovilleConfig.from(Map.of("APPLICATION_ID", "other-app")).effectivePeerSecret());
        assertThat(otherApplication.verified("o-sealed", shop, headers)).as("another secret").isNull();
        assertThat(service.sealed(Order.newBuilder(order).setActor(null).build())).as("no actor, no seal").isEmpty();
    }
}
