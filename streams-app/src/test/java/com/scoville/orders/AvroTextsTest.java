package com.scoville.orders;

import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.registry.AvroTrust;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static com.scoville.ScovilleDriver.START;
import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/** The texts of an Avro record found through its schema: named ({@code of}) and tested without names ({@code any}). */
class AvroTextsTest {
    static {
        AvroTrust.install(); // the states below are deep-copied (Avro builders) before AvroTexts is loaded
    }

    /** An order state with a text in every kind of place: fields, a nested record, array items, a map's keys, unions. */
    private static OrderState everyKindOfText() {
        OrderState state = OrderStates.rejected(OrderStates.pending(order("o-1", Channel.WEB, line("GHOST-150", 1), line("HABANERO-250", 2)),
                List.of(line("GHOST-150", 1), line("HABANERO-250", 2)), START), RejectCode.OUT_OF_STOCK, List.of("GHOST-150"), "short", START);
        state.setShippingAddress(Address.newBuilder().setName("Ann").setLine1("1 Main St").setLine2(null).setCity("Austin")
                .setRegion("TX").setPostalCode("78701").setCountry("US").build());
        state.setHolds(new LinkedHashMap<>(Map.of("HOLD-A", 3)));
        state.getHolds().put("HOLD-B", 1);
        return state;
    }

    @Test
    void shouldFindEveryTextItNamesAndNothingElse() {
        OrderState state = everyKindOfText();
        Map<String, String> named = AvroTexts.of(state);

        assertThat(named).containsEntry("shippingAddress.line1", "1 Main St").containsEntry("lines[1].sku", "HABANERO-250")
                .containsEntry("rejectReason.skus[0]", "GHOST-150").containsEntry("holds{0}", "HOLD-A").containsEntry("holds{1}", "HOLD-B")
                .containsEntry("shippingAddress.line2", null).containsEntry("reservationId", null);
        named.values().stream().filter(Objects::nonNull).forEach(text ->
                assertThat(AvroTexts.any(state, text::equals)).as(text).isTrue());
        assertThat(AvroTexts.any(state, text -> text != null && text.contains("not there"))).isFalse();
        assertThat(AvroTexts.any(state, Objects::isNull)).isTrue();
    }

    @Test
    void shouldFindNoAbsentTextWhereEveryOptionalTextIsThere() {
        OrderState state = everyKindOfText();
        state.setReservationId("r-1");
        state.setRequestHash("h");
        state.getShippingAddress().setLine2("Apt 4");
        state.setStatus(OrderStatus.REJECTED);

        assertThat(AvroTexts.of(state).values()).doesNotContainNull();
        assertThat(AvroTexts.any(state, Objects::isNull)).isFalse();
    }
}
