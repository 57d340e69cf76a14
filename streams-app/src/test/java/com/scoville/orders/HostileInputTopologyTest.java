package com.scoville.orders;

import com.scoville.Bounds;
import com.scoville.ScovilleDriver;
import com.scoville.avro.Address;
import com.scoville.avro.BundleComponent;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.avro.RejectCode;
import com.scoville.kafka.DeadLetters;
import com.scoville.kafka.UnusableRecordException;
import org.apache.kafka.common.header.Header;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.test.TestRecord;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.IntStream;

import static com.scoville.ScovilleDriver.START;
import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;

/**
 * Inputs meant to break the topology (the regressions of the issue "two anonymous requests stop all order
 * processing"): each is rejected or dead-lettered, and the next order is still decided.
 */
class HostileInputTopologyTest {
    private static final String CARD = "4111 1111 1111 1111";

    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestOutputTopic<byte[], byte[]> deadLetters = scoville.output(scoville.topics.ordersDlq);

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldRejectAnOrderForAProductPricedPastTheBoundsInsteadOfStopping() {
        // given the EVIL-1 in the catalog (written before the bounds, or around the API), with stock
        scoville.putProduct(sauce("EVIL-1", 9_223_372_036_854_775_000L, 1));
        scoville.restock("EVIL-1", 10);

        // when the order for two of them arrives
        OrderState evil = scoville.place("evil", line("EVIL-1", 2));

        // then it is rejected, priced at nothing, holding nothing, and the next order goes through
        assertThat(evil.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(evil.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
        assertThat(evil.getRejectReason().getMessage()).contains("lines[0].sku", "priceCents");
        assertThat(evil.getTotalCents()).isZero();
        assertThat(scoville.stock("EVIL-1").getReserved()).isZero();
        assertThat(scoville.place("after-evil", line("GHOST-150", 1)).getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldIgnoreThePricesAPartnerPutInARejectedOrder() {
        // given a partner line carrying its own price, for a SKU the catalog does not know
        Order order = order("priced-by-partner", Channel.WHOLESALE,
                OrderLine.newBuilder().setSku("NO-SUCH-SAUCE").setQuantity(2).setUnitPriceCents(Long.MAX_VALUE).build());

        // when
        OrderState state = scoville.place(order);

        // then the total is not computed from the partner's price (it would overflow)
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.UNKNOWN_SKU);
        assertThat(state.getTotalCents()).isZero();
        assertThat(state.getLines()).extracting(OrderLine::getUnitPriceCents).containsExactly(0L);
    }

    @Test
    void shouldRejectAnOrderForABundleWhoseComponentQuantityWouldOverflow() {
        // given a bundle taking 1.5 billion bottles, written around the API
        scoville.putProduct(bundle("HUGE-PACK", 2_000, component("GHOST-150", 1_500_000_000)));

        // when two of them are ordered (3 billion bottles: past an int)
        OrderState state = scoville.place("huge", line("HUGE-PACK", 2));

        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
        assertThat(state.getRejectReason().getMessage()).contains("lines[0].sku", "components[0].quantity");
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
        assertThat(deadLetters.isEmpty()).isTrue();
    }

    @Test
    void shouldPriceAndCountTheLargestOrderTheBoundsAllowWithoutOverflow() {
        // given the dearest bundle the bounds allow: MAX_BUNDLE_UNITS bottles of one sauce at the highest price
        scoville.putProduct(bundle("DEAR-PACK", Bounds.MAX_PRICE_CENTS, component("GHOST-150", Bounds.MAX_BUNDLE_UNITS)));
        OrderLine[] lines = IntStream.range(0, 50).mapToObj(i -> line("DEAR-PACK", 1000)).toArray(OrderLine[]::new);

        // when the driver's most lines of the most units each are ordered
        OrderState state = scoville.place("dearest", lines);

        // then it is priced exactly and refused for stock, not for arithmetic
        assertThat(state.getTotalCents()).isEqualTo(50L * 1000 * Bounds.MAX_PRICE_CENTS);
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.OUT_OF_STOCK);
        assertThat(state.getRejectReason().getShortages().get(0).getRequested()).isEqualTo(50 * 1000 * Bounds.MAX_BUNDLE_UNITS);
    }

    @Test
    void shouldDeadLetterAnOrderWhoseIdIsTooLongAndGoOnWithTheNext() {
        // given an order id of 600 KB, which would make its status record larger than a broker takes
        String hugeId = "x".repeat(600_000);

        // when
        scoville.placeKeyed(hugeId, order(hugeId, Channel.WEB, line("GHOST-150", 1)));
        OrderState next = scoville.place("after-huge-id", line("GHOST-150", 1));

        // then it is on the dead-letter topic, without its 1.2 MB of key and value, and nothing else holds it
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.EXCEPTION)).isEqualTo(UnusableRecordException.class.getName());
        assertThat(header(dead, DeadLetters.MESSAGE)).contains("orderId").hasSizeLessThan(200);
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo("orders");
        assertThat(header(dead, DeadLetters.PAYLOAD_OMITTED)).contains("bytes");
        assertThat(dead.value()).isNull();
        assertThat(scoville.statusChanges()).extracting(OrderState::getOrderId).containsOnly("after-huge-id");
        assertThat(next.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.reservedBySku().get("GHOST-150")).isEqualTo(1);
    }

    @Test
    void shouldKeepAnOverlongCustomerIdOutOfTheRejectedOrder() {
        // given
        Order order = order("long-customer", Channel.WEB, line("GHOST-150", 1));
        order.setCustomerId("c".repeat(600_000));

        // when
        OrderState state = scoville.place(order);

        // then it is rejected naming the field, and what is kept of it is bounded
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getMessage()).contains("customerId");
        assertThat(state.getCustomerId()).hasSize(Bounds.MAX_ID_LENGTH);
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
    }

    @Test
    void shouldRekeyAPartnerOrderWhoseKeyIsNotItsOrderIdSoATwinIsStillOneOrder() {
        // given a partner keying its records by batch, not by order
        Order order = order("p-1", Channel.WHOLESALE, line("GHOST-250", 3));
        TestOutputTopic<String, OrderState> status = scoville.output(scoville.topics.orderStatus);

        // when the same order arrives twice under two other keys
        scoville.placeKeyed("batch-7", order);
        OrderState state = scoville.placeKeyed("batch-8", order);

        // then it is decided once, under its id, and is one order
        assertThat(status.readKeyValuesToList()).singleElement().satisfies(kv -> assertThat(kv.key).isEqualTo("p-1"));
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.reservedBySku().get("GHOST-250")).isEqualTo(3);
    }

    @Test
    void shouldRekeyAPartnerOrderWithoutAKey() {
        OrderState state = scoville.placeKeyed(null, order("p-2", Channel.WHOLESALE, line("GHOST-250", 2)));

        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.reservedBySku().get("GHOST-250")).isEqualTo(2);
    }

    @Test
    void shouldTakeTheKeyAsTheIdOfAnOrderWithABlankOrderId() {
        Order order = order("", Channel.WHOLESALE, line("GHOST-250", 1));

        scoville.placeKeyed("p-3", order);

        assertThat(scoville.order("p-3").getStatus()).isEqualTo(OrderStatus.RESERVED);
    }

    @Test
    void shouldDeadLetterAnOrderWithNeitherIdNorKeyAndGoOnWithTheNext() {
        // when
        scoville.placeKeyed(null, order("", Channel.WEB, line("GHOST-150", 1)));
        OrderState next = scoville.place("after-anonymous", line("GHOST-150", 1));

        // then the record is kept, as it was sent, with the reason beside it
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.MESSAGE)).contains("no orderId and no usable record key");
        assertThat(dead.value()).isNotEmpty();
        assertThat(next.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.reservedBySku().get("GHOST-150")).isEqualTo(1);
    }

    @Test
    void shouldNeverCopyACardNumberFoundInAPartnerRecord() {
        // given card numbers in an address line and where a SKU belongs
        Order order = order("carded", Channel.WHOLESALE, line("GHOST-150", 1), line(CARD.replace(" ", ""), 1));
        order.setShippingAddress(Address.newBuilder().setName("Ann").setLine1("1 Main St").setLine2("card " + CARD).build());

        // when
        OrderState state = scoville.place(order);

        // then it is rejected naming the fields, and no record or state quotes the number
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
        assertThat(state.getRejectReason().getMessage()).contains("lines[1].sku", "shippingAddress.line2");
        assertThat(state.getRejectReason().getSkus()).isEmpty();
        assertThat(scoville.statusChanges()).isNotEmpty().allSatisfy(s -> assertThat(holdsCard(s)).isFalse());
        assertThat(holdsCard(scoville.order("carded"))).isFalse();
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
    }

    @Test
    void shouldRemoveACardNumberFromAPartnerRecordItRekeys() {
        // given a card number in a record keyed by something else than its order id
        Order order = order("carded-rekeyed", Channel.WHOLESALE, line("GHOST-150", 1));
        order.setPaymentToken(CARD);
        TestOutputTopic<String, Order> intake = scoville.output(scoville.topics.orderIntake);
        TestOutputTopic<String, Order> saga = scoville.output(scoville.topics.orderRequests);
        TestOutputTopic<String, OrderState> status = scoville.output(scoville.topics.orderStatus);

        // when
        OrderState state = scoville.placeKeyed("batch-9", order);

        // then it is rejected where it landed: no copy of it is sent on, and its state holds no card number
        assertThat(intake.isEmpty()).isTrue();
        assertThat(saga.isEmpty()).isTrue();
        assertThat(status.readValuesToList()).singleElement()
                .satisfies(s -> assertThat(holdsCard(s)).isFalse());
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getMessage()).contains("paymentToken");
    }

    @Test
    void shouldDeadLetterWithoutItsKeyAndValueAnOrderWhoseIdIsACardNumber() {
        // when
        scoville.placeKeyed("k", order(CARD, Channel.WEB, line("GHOST-150", 1)));

        // then
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.PAYLOAD_OMITTED)).isEqualTo("the record carries card data");
        assertThat(dead.key()).isNull();
        assertThat(dead.value()).isNull();
        assertThat(header(dead, DeadLetters.MESSAGE)).doesNotContain("4111");
        assertThat(scoville.statusChanges()).isEmpty();
    }

    @Test
    void shouldDeadLetterARecordWhoseProcessingThrowsAndGoOnWithTheNext() {
        // given a hold asked for a SKU that has since left the catalog (its stock needs cannot be computed)
        scoville.placeHold("hold-gone", 60, line("GONE-100", 1));

        // when the next order arrives
        OrderState next = scoville.place("after-failure", line("GHOST-150", 2));

        // then the failing record is on the dead-letter topic with its exception, and the task went on
        TestRecord<byte[], byte[]> dead = deadLetters.readRecord();
        assertThat(header(dead, DeadLetters.EXCEPTION)).isEqualTo(IllegalArgumentException.class.getName());
        assertThat(header(dead, DeadLetters.TOPIC)).isEqualTo("order-commands");
        assertThat(header(dead, DeadLetters.STACKTRACE)).contains("StockNeeds");
        assertThat(dead.value()).isNotEmpty();
        assertThat(scoville.order("hold-gone")).isNull();
        assertThat(next.getStatus()).isEqualTo(OrderStatus.RESERVED);
    }

    private static boolean holdsCard(Object record) {
        String text = record.toString();
        return text.contains(CARD) || text.contains(CARD.replace(" ", ""));
    }

    private static String header(TestRecord<byte[], byte[]> record, String name) {
        Header h = record.headers().lastHeader(name);
        return h == null ? null : new String(h.value(), StandardCharsets.UTF_8);
    }

    private static Product sauce(String sku, long priceCents, long wholesaleCents) {
        return Product.newBuilder().setSku(sku).setName("Evil").setType(ProductType.SAUCE).setFamily("evil")
                .setHeatLevel(8).setSizeMl(150).setPriceCents(priceCents).setWholesalePriceCents(wholesaleCents)
                .setComponents(List.of()).setUpdatedAt(START).build();
    }

    private static Product bundle(String sku, long priceCents, BundleComponent... components) {
        return Product.newBuilder().setSku(sku).setName(sku).setType(ProductType.BUNDLE).setHeatLevel(8)
                .setPriceCents(priceCents).setWholesalePriceCents(priceCents).setComponents(List.of(components))
                .setUpdatedAt(START).build();
    }

    private static BundleComponent component(String sku, int quantity) {
        return BundleComponent.newBuilder().setSku(sku).setQuantity(quantity).build();
    }
}
