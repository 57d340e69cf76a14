package com.scoville.orders;

import com.scoville.CardNumbers;
import com.scoville.ScovilleDriver;
import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.kafka.DeadLetters;
import org.apache.avro.generic.IndexedRecord;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Partner orders produced straight to Kafka in Avro with a card number, in the spellings the HTTP API refuses,
 * in any of their text fields: each is rejected naming the field, and no state, status record or copy sent on
 * holds the number in any spelling.
 */
class OrderCardNumbersTopologyTest {
    /** One Luhn-valid number as an attacker might write it. */
    private static final List<String> SPELLINGS = List.of(
            "card4111111111111111x", "4111.1111.1111.1111", "4111/1111/1111/1111",
            "٤١١١ ١١١١ ١١١١ ١١١١", "４１１１－１１１１－１１１１－１１１１", "pay 5500\u200B0000\u200B0000\u200B0004 now");

    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestOutputTopic<String, Order> intake = scoville.output(scoville.topics.orderIntake);
    private final TestOutputTopic<String, Order> saga = scoville.output(scoville.topics.orderRequests);
    private final TestOutputTopic<byte[], byte[]> deadLetters = scoville.output(scoville.topics.ordersDlq);

    @AfterEach
    void close() {
        scoville.close();
    }

    /** Every text field of an order but its id, and how to put a value in it. */
    private static Map<String, BiConsumer<Order, String>> textFields() {
        Map<String, BiConsumer<Order, String>> fields = new LinkedHashMap<>();
        fields.put("customerId", Order::setCustomerId);
        fields.put("lines[1].sku", (o, v) -> o.getLines().add(line(v, 1)));
        fields.put("currency", Order::setCurrency);
        fields.put("paymentToken", Order::setPaymentToken);
        fields.put("shippingAddress.name", (o, v) -> o.setShippingAddress(Address.newBuilder().setName(v).build()));
        fields.put("shippingAddress.line1", (o, v) -> o.setShippingAddress(Address.newBuilder().setLine1(v).build()));
        fields.put("shippingAddress.line2", (o, v) -> o.setShippingAddress(Address.newBuilder().setLine2(v).build()));
        fields.put("shippingAddress.city", (o, v) -> o.setShippingAddress(Address.newBuilder().setCity(v).build()));
        fields.put("shippingAddress.region", (o, v) -> o.setShippingAddress(Address.newBuilder().setRegion(v).build()));
        fields.put("shippingAddress.postalCode", (o, v) -> o.setShippingAddress(Address.newBuilder().setPostalCode(v).build()));
        fields.put("shippingAddress.country", (o, v) -> o.setShippingAddress(Address.newBuilder().setCountry(v).build()));
        fields.put("reservationId", Order::setReservationId);
        fields.put("requestHash", Order::setRequestHash);
        return fields;
    }

    @Test
    void shouldNameEveryTextFieldOfTheSchemaInTheCheck() {
        // the fields this test fills are every text field the schema has (besides the id), so none goes unchecked here
        Order full = order("o", Channel.WHOLESALE, line("GHOST-150", 1));
        textFields().forEach((field, set) -> set.accept(full, "x"));
        full.setShippingAddress(Address.newBuilder().setName("n").setLine1("1").setLine2("2").setCity("c").setRegion("r")
                .setPostalCode("p").setCountry("US").build());
        List<String> expected = new ArrayList<>(textFields().keySet());
        expected.add(0, "orderId");
        expected.add(2, "lines[0].sku");
        assertThat(OrderValidator.textFields(full).keySet()).containsExactlyInAnyOrderElementsOf(expected);
    }

    @Test
    void shouldRejectACardNumberInAnyTextFieldInAnySpellingAndNeverStoreIt() {
        int n = 0;
        for (Map.Entry<String, BiConsumer<Order, String>> field : textFields().entrySet()) {
            for (String card : SPELLINGS) {
                // given a partner order with the number in this field
                String orderId = "carded-" + n++;
                Order order = order(orderId, Channel.WHOLESALE, line("GHOST-150", 1));
                field.getValue().accept(order, card);

                // when
                OrderState state = scoville.place(order);

                // then it is rejected naming the field, and nothing kept holds the number
                String what = field.getKey() + " = " + card;
                assertThat(state.getStatus()).as(what).isEqualTo(OrderStatus.REJECTED);
                assertThat(state.getRejectReason().getCode()).as(what).isEqualTo(RejectCode.INVALID);
                assertThat(state.getRejectReason().getMessage()).as(what).contains(field.getKey() + " looks like a card number");
                assertThat(holdsCard(state)).as(what).isFalse();
                assertThat(holdsCard(scoville.order(orderId))).as(what).isFalse();
            }
        }
        assertThat(scoville.statusChanges()).hasSize(n).allSatisfy(s -> assertThat(holdsCard(s)).isFalse());
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
        assertThat(saga.isEmpty()).isTrue();
        assertThat(deadLetters.isEmpty()).isTrue();
        // and the next order is decided
        assertThat(scoville.place("after-cards", line("GHOST-150", 1)).getStatus()).isEqualTo(OrderStatus.RESERVED);
    }

    @Test
    void shouldNotCopyACardNumberInAnySpellingWhenItRekeysAPartnerRecord() {
        int n = 0;
        for (Map.Entry<String, BiConsumer<Order, String>> field : textFields().entrySet()) {
            for (String card : SPELLINGS) {
                // given the number in a record keyed by something else than its order id
                String orderId = "rekeyed-" + n++;
                Order order = order(orderId, Channel.WHOLESALE, line("GHOST-150", 1));
                field.getValue().accept(order, card);

                // when
                OrderState state = scoville.placeKeyed("batch-" + n, order);

                // then it is rejected, and no copy of it holds the number
                String what = field.getKey() + " = " + card;
                assertThat(state.getStatus()).as(what).isEqualTo(OrderStatus.REJECTED);
                assertThat(state.getRejectReason().getMessage()).as(what).contains(field.getKey());
                assertThat(holdsCard(state)).as(what).isFalse();
            }
        }
        assertThat(intake.readValuesToList()).allSatisfy(o -> assertThat(holdsCard(o)).isFalse());
        assertThat(saga.isEmpty()).isTrue();
        assertThat(scoville.statusChanges()).hasSize(n).allSatisfy(s -> assertThat(holdsCard(s)).isFalse());
    }

    @Test
    void shouldDeadLetterWithoutItsPayloadAnOrderWhoseIdIsACardNumberInAnySpelling() {
        for (String card : SPELLINGS) {
            // when
            scoville.placeKeyed("k", order(card, Channel.WEB, line("GHOST-150", 1)));

            // then
            TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
            assertThat(header(dead, DeadLetters.PAYLOAD_OMITTED)).as(card).isEqualTo("the record carries card data");
            assertThat(dead.key()).isNull();
            assertThat(dead.value()).isNull();
        }
        assertThat(scoville.statusChanges()).isEmpty();
        assertThat(scoville.allOrders()).isEmpty();
    }

    /** Whether any text of the record (found through its schema) holds a card number, in any spelling. */
    private static boolean holdsCard(IndexedRecord record) {
        return record != null && AvroTexts.of(record).values().stream().anyMatch(CardNumbers::containsCardNumber);
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }
}
