package com.scoville.orders;

import com.scoville.CardNumbers;
import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.registry.AvroTrust;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The copy of an order that is sent on: the same order, without card data. */
class OrderKeysTest {
    private static final String CARD = "4111 1111 1111 1111";

    @BeforeAll
    static void trustOurRecords() {
        AvroTrust.install(); // as the topology's serdes do before any record is copied
    }

    @Test
    void shouldRemoveACardNumberFromTheLinesAndTheAddressOfTheCopyAndLeaveTheRest() {
        // given
        Order order = order("o", Channel.WEB, line("GHOST-150", 1), line(CARD, 2));
        order.setShippingAddress(Address.newBuilder().setName("Ann").setLine1("1 Main St").setLine2("card " + CARD)
                .setCity("Austin").build());
        // when
        Order copy = OrderKeys.redacted(order);
        // then
        assertThat(copy.getLines()).extracting(OrderLine::getSku).containsExactly("GHOST-150", CardNumbers.REDACTED);
        assertThat(copy.getLines()).extracting(OrderLine::getQuantity).containsExactly(1, 2);
        assertThat(copy.getShippingAddress().getLine2()).isEqualTo(CardNumbers.REDACTED);
        assertThat(copy.getShippingAddress().getName()).isEqualTo("Ann");
        assertThat(copy.getShippingAddress().getLine1()).isEqualTo("1 Main St");
        assertThat(copy.getShippingAddress().getCity()).isEqualTo("Austin");
        // and the order itself is left as it was
        assertThat(order.getLines().get(1).getSku()).isEqualTo(CARD);
        assertThat(order.getShippingAddress().getLine2()).isEqualTo("card " + CARD);
    }
}
