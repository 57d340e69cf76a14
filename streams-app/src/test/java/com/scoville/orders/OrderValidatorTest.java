package com.scoville.orders;

import com.scoville.Bounds;
import com.scoville.Violation;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.Product;
import com.scoville.avro.RejectCode;
import com.scoville.catalog.Catalog;
import com.scoville.devstack.DemoCatalog;
import org.junit.jupiter.api.Test;

import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import static com.scoville.ScovilleDriver.START;
import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The validation every order meets, over HTTP (the API answers 422 with these fields) and from partners. */
class OrderValidatorTest {
    private static final Map<String, Product> PRODUCTS = DemoCatalog.products(START).stream()
            .collect(Collectors.toMap(Product::getSku, Function.identity()));
    private static final Catalog CATALOG = sku -> Optional.ofNullable(PRODUCTS.get(sku));

    private final OrderValidator validator = new OrderValidator(CATALOG, 2, 10);

    @Test
    void shouldTakeLimitsUpToTheCeilingsTheArithmeticAssumesAndRefuseOthers() {
        assertThatCode(() -> new OrderValidator(CATALOG, 1, 1)).doesNotThrowAnyException();
        assertThatCode(() -> new OrderValidator(CATALOG, Bounds.MAX_ORDER_LINES, Bounds.MAX_LINE_QUANTITY)).doesNotThrowAnyException();
        assertThatThrownBy(() -> new OrderValidator(CATALOG, 0, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderValidator(CATALOG, Bounds.MAX_ORDER_LINES + 1, 1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderValidator(CATALOG, 1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new OrderValidator(CATALOG, 1, Bounds.MAX_LINE_QUANTITY + 1)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void shouldFindNothingWrongWithAValidOrder() {
        OrderValidator.Result result = validator.validate(order("o", Channel.WEB, line("GHOST-150", 10), line("INFERNO-PACK", 1)));

        assertThat(result.valid()).isTrue();
        assertThat(result.code()).isNull();
    }

    @Test
    void shouldTakeARequestDigestThatHappensToHoldALuhnValidRunButRefuseACardNumberAnywhereElseInThatField() {
        // a real SHA-256 digest: "4156761637348260" inside it passes Luhn, as about one digest in two hundred does
        String digest = "8956cb8fc4c8f2588de2450870357d5bea4156761637348260aea97e238063fb";
        Order hashed = order("o", Channel.WEB, line("GHOST-150", 1));
        hashed.setRequestHash(digest);
        Order smuggled = order("o", Channel.WEB, line("GHOST-150", 1));
        smuggled.setRequestHash("card 4111 1111 1111 1111");

        assertThat(validator.validate(hashed).valid()).isTrue();
        assertThat(OrderKeys.redacted(hashed).getRequestHash()).isEqualTo(digest);
        assertThat(validator.validate(smuggled).violations()).extracting(Violation::field).containsExactly("requestHash");
        assertThat(OrderKeys.redacted(smuggled).getRequestHash()).doesNotContain("4111");
    }

    @Test
    void shouldRequireAnOrderIdAndACustomerIdOfBoundedLength() {
        Order order = order("", Channel.WEB, line("GHOST-150", 1));
        order.setCustomerId("c".repeat(Bounds.MAX_ID_LENGTH + 1));

        assertThat(validator.validate(order).violations()).extracting(Violation::field).containsExactly("orderId", "customerId");
    }

    @Test
    void shouldRefuseACurrencyThatIsNotAnIsoCode() {
        Order lower = order("o", Channel.WEB, line("GHOST-150", 1));
        lower.setCurrency("usd");
        Order euro = order("o", Channel.WEB, line("GHOST-150", 1));
        euro.setCurrency("EUR");

        assertThat(validator.validate(lower).violations()).extracting(Violation::message).containsExactly("must be an ISO 4217 code");
        // an ISO code is readable, but the catalog prices GHOST-150 in another currency
        assertThat(validator.validate(euro).violations()).extracting(Violation::message)
                .singleElement().asString().startsWith("must be ").doesNotContain("ISO");
    }

    @Test
    void shouldNameOnlyTheLineWhoseSkuHoldsACardNumber() {
        OrderValidator.Result result = validator.validate(order("o", Channel.WEB, line("GHOST-150", 1), line("4111111111111111", 1)));

        assertThat(result.violations()).extracting(Violation::field).containsExactly("lines[1].sku");
        assertThat(result.code()).isEqualTo(RejectCode.INVALID);
        assertThat(result.reason()).doesNotContain("4111");
    }

    @Test
    void shouldNotLookAtTheLinesPastTheMostAnOrderMayHave() {
        // given an order of three lines where two are allowed, the third naming a SKU the catalog does not know
        Order order = order("o", Channel.WEB, line("GHOST-150", 1), line("VERDE-250", 1), line("NOT-A-SAUCE", 1));

        OrderValidator.Result result = validator.validate(order);

        assertThat(result.violations()).extracting(Violation::field).containsExactly("lines");
        assertThat(result.unknownSkus()).isEmpty();
        assertThat(result.code()).isEqualTo(RejectCode.INVALID);
    }
}
