package com.scoville.orders;

import com.scoville.Bounds;
import com.scoville.ScovilleDriver;
import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;

import static com.scoville.ScovilleDriver.START;
import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * What intake makes of a partner's order written straight to 'orders': the fields it names when it rejects one,
 * what a rejected order keeps, and the edges of what it takes.
 */
class PartnerOrderIntakeTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldRejectAnOrderNamingEveryAddressFieldPastItsBound() {
        // given
        Order order = order("far", Channel.WHOLESALE, line("GHOST-150", 1));
        String name = "n".repeat(Bounds.MAX_NAME_LENGTH + 1);
        String text = "t".repeat(Bounds.MAX_TEXT_LENGTH + 1);
        order.setShippingAddress(Address.newBuilder().setName(name).setLine1(text).setLine2(text).setCity(name)
                .setRegion(name).setPostalCode(name).setCountry(name).build());
        // when
        OrderState state = scoville.place(order);
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
        assertThat(state.getRejectReason().getMessage()).contains("shippingAddress.name", "shippingAddress.line1",
                "shippingAddress.line2", "shippingAddress.city", "shippingAddress.region", "shippingAddress.postalCode",
                "shippingAddress.country");
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
    }

    @Test
    void shouldRejectAnOrderNamingEveryOverlongIdItCarries() {
        // given
        Order order = order("ids", Channel.WHOLESALE, line("GHOST-150", 1));
        String tooLong = "i".repeat(Bounds.MAX_ID_LENGTH + 1);
        order.setPaymentToken(tooLong);
        order.setReservationId(tooLong);
        order.setRequestHash(tooLong);
        // when
        OrderState state = scoville.place(order);
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getMessage()).contains("paymentToken", "reservationId", "requestHash");
    }

    @Test
    void shouldRejectAnOrderWhoseLineNamesNoSku() {
        // when
        OrderState state = scoville.place("not-a-sku", line("hot sauce!", 1));
        // then it is invalid, not unknown: nothing that is not a SKU is looked up
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
        assertThat(state.getRejectReason().getMessage()).contains("lines[0].sku");
    }

    @Test
    void shouldLeaveWhatARejectedOrderDidNotSayAbsent() {
        // given an order rejected for an unknown SKU, naming no hold, no request hash and no second address line
        Order order = order("sparse", Channel.WHOLESALE, line("NOT-A-SAUCE", 1));
        order.setShippingAddress(Address.newBuilder().setName("Ann").setLine1("1 Main St").setCity("Austin")
                .setCountry("US").build());
        // when
        OrderState state = scoville.place(order);
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getReservationId()).isNull();
        assertThat(state.getRequestHash()).isNull();
        assertThat(state.getShippingAddress().getLine2()).isNull();
        assertThat(state.getShippingAddress().getName()).isEqualTo("Ann");
    }

    @Test
    void shouldKeepTheCustomerChannelAndCreationTimeOfAnOrder() {
        // given an order created at the start, decided a minute later
        scoville.advance(Duration.ofMinutes(1));
        // when
        OrderState state = scoville.place(order("created", Channel.MOBILE, line("GHOST-150", 1)));
        // then
        assertThat(state.getCustomerId()).isEqualTo("cust-created");
        assertThat(state.getChannel()).isEqualTo(Channel.MOBILE);
        assertThat(state.getCreatedAt()).isEqualTo(START);
        assertThat(state.getUpdatedAt()).isEqualTo(START.plus(Duration.ofMinutes(1)));
    }

    @Test
    void shouldDecideAnOrderWhoseIdIsAsLongAsAnIdMayBe() {
        // given
        Order order = order("x".repeat(Bounds.MAX_ID_LENGTH), Channel.WEB, line("GHOST-150", 1));
        order.setCustomerId("c-1");
        // when
        OrderState state = scoville.place(order);
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(1);
    }
}
