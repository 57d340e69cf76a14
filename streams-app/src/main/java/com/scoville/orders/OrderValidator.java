package com.scoville.orders;

import com.scoville.Bounds;
import com.scoville.CardNumbers;
import com.scoville.Violation;
import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.avro.Product;
import com.scoville.avro.RejectCode;
import com.scoville.catalog.Catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;
import java.util.stream.Collectors;

/**
 * The one validation step every order meets, whether it came over HTTP (refused with 4xx, nothing written)
 * or from a partner straight to Kafka (kept as a REJECTED order with its reason). Every value is held to
 * {@link Bounds}, so pricing and stock arithmetic on a valid order cannot overflow.
 */
public final class OrderValidator {
    private static final String REQUEST_HASH = "requestHash";
    private static final Pattern DIGEST = Pattern.compile("[0-9a-f]{64}");

    public static final Pattern SKU = Bounds.SKU;
    /** The reason kept on a rejected order is cut here: it is built from up to MAX_ORDER_LINES violations. */
    static final int MAX_REASON_LENGTH = 1000;

    private final Catalog catalog;
    private final int maxLines;
    private final int maxQuantity;

    public OrderValidator(Catalog catalog, int maxLines, int maxQuantity) {
        if (maxLines < 1 || maxLines > Bounds.MAX_ORDER_LINES || maxQuantity < 1 || maxQuantity > Bounds.MAX_LINE_QUANTITY) {
            // the arithmetic bounds assume these ceilings
            throw new IllegalArgumentException("maxLines must be 1 to " + Bounds.MAX_ORDER_LINES
                    + " and maxQuantity 1 to " + Bounds.MAX_LINE_QUANTITY);
        }
        this.catalog = catalog;
        this.maxLines = maxLines;
        this.maxQuantity = maxQuantity;
    }

    /** The outcome: no violations, or the violations and the code an order rejected for them carries. */
    public record Result(List<Violation> violations, RejectCode code, List<String> unknownSkus) {
        public boolean valid() {
            return violations.isEmpty();
        }

        /** The violations as one bounded text; they never quote a field's value beyond a SKU. */
        public String reason() {
            return Bounds.clip(violations.stream().map(v -> v.field() + " " + v.message()).collect(Collectors.joining("; ")),
                    MAX_REASON_LENGTH);
        }
    }

    public Result validate(Order order) {
        List<Violation> cards = cardNumbers(order);
        if (!cards.isEmpty()) {
            // nothing else is checked: other messages could quote the number (an "unknown SKU 4111...")
            return new Result(cards, RejectCode.INVALID, List.of());
        }
        List<Violation> violations = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        Bounds.requiredText(violations, "orderId", order.getOrderId(), Bounds.MAX_ID_LENGTH);
        Bounds.requiredText(violations, "customerId", order.getCustomerId(), Bounds.MAX_ID_LENGTH);
        if (order.getChannel() == null || order.getChannel() == Channel.UNKNOWN) {
            violations.add(new Violation("channel", "must be one of WEB, MOBILE, WHOLESALE, POS"));
        }
        if (order.getCurrency() != null && !Bounds.CURRENCY.matcher(order.getCurrency()).matches()) {
            violations.add(new Violation("currency", "must be an ISO 4217 code"));
        }
        Bounds.text(violations, "paymentToken", order.getPaymentToken(), Bounds.MAX_ID_LENGTH);
        Bounds.text(violations, "reservationId", order.getReservationId(), Bounds.MAX_ID_LENGTH);
        Bounds.text(violations, "requestHash", order.getRequestHash(), Bounds.MAX_ID_LENGTH);
        address(violations, order.getShippingAddress());
        List<OrderLine> lines = order.getLines() == null ? List.of() : order.getLines();
        if (lines.isEmpty()) {
            violations.add(new Violation("lines", "an order needs at least one line"));
        } else if (lines.size() > maxLines) {
            violations.add(new Violation("lines", "at most " + maxLines + " lines"));
        }
        for (int i = 0; i < lines.size() && i < maxLines; i++) {
            validateLine(violations, unknown, "lines[" + i + "]", lines.get(i), order.getCurrency());
        }
        RejectCode code = violations.size() == unknown.size() && !unknown.isEmpty()
                ? RejectCode.UNKNOWN_SKU : RejectCode.INVALID;
        return new Result(List.copyOf(violations), violations.isEmpty() ? null : code, List.copyOf(unknown));
    }

    private void validateLine(List<Violation> violations, List<String> unknown, String field, OrderLine line, String currency) {
        String sku = line == null ? null : line.getSku();
        if (sku == null || !SKU.matcher(sku).matches()) {
            Bounds.sku(violations, field + ".sku", sku);
        } else {
            Optional<Product> product = catalog.find(sku);
            if (product.isEmpty()) {
                violations.add(new Violation(field + ".sku", "unknown SKU " + sku));
                unknown.add(sku);
            } else if (!Bounds.product(product.get()).isEmpty()) {
                // a catalog entry from before the bounds (or written around the API): it cannot be priced safely
                violations.add(new Violation(field + ".sku", "product " + sku + " is outside the catalog's bounds ("
                        + Bounds.product(product.get()).stream().map(Violation::field).collect(Collectors.joining(", ")) + ")"));
            } else if (currency != null && !currency.equals(product.get().getCurrency())
                    && violations.stream().noneMatch(v -> v.field().equals("currency"))) {
                // prices come from the catalog: an order in another currency would be priced under a wrong label
                violations.add(new Violation("currency", "must be " + product.get().getCurrency() + ", the currency of " + sku + "'s price"));
            }
        }
        int quantity = line == null ? 0 : line.getQuantity();
        if (quantity < 1 || quantity > maxQuantity) {
            violations.add(new Violation(field + ".quantity", "must be 1 to " + maxQuantity));
        }
    }

    private static void address(List<Violation> violations, Address a) {
        if (a == null) {
            return;
        }
        Bounds.text(violations, "shippingAddress.name", a.getName(), Bounds.MAX_NAME_LENGTH);
        Bounds.text(violations, "shippingAddress.line1", a.getLine1(), Bounds.MAX_TEXT_LENGTH);
        Bounds.text(violations, "shippingAddress.line2", a.getLine2(), Bounds.MAX_TEXT_LENGTH);
        Bounds.text(violations, "shippingAddress.city", a.getCity(), Bounds.MAX_NAME_LENGTH);
        Bounds.text(violations, "shippingAddress.region", a.getRegion(), Bounds.MAX_NAME_LENGTH);
        Bounds.text(violations, "shippingAddress.postalCode", a.getPostalCode(), Bounds.MAX_NAME_LENGTH);
        Bounds.text(violations, "shippingAddress.country", a.getCountry(), Bounds.MAX_NAME_LENGTH);
    }

    /**
     * Every text field of the order that holds something like a card number, named, never quoted. The request
     * hash is exempt when it has the shape of the SHA-256 digest the HTTP layer writes there: 64 hex characters
     * hold a Luhn-valid run of 13 to 19 digits about once in two hundred digests, and a digest is no card data.
     */
    static List<Violation> cardNumbers(Order order) {
        if (!AvroTexts.any(order, CardNumbers::isCardData)) {
            return List.of(); // nearly every order: one walk, no field named
        }
        List<Violation> found = new ArrayList<>();
        textFields(order).forEach((field, value) -> {
            if (field.equals(REQUEST_HASH) && isDigest(value)) {
                return;
            }
            if (CardNumbers.isCardData(value)) {
                found.add(new Violation(field, "looks like a card number: card data is refused, send a payment gateway token"));
            }
        });
        return found;
    }

    /** Whether {@code value} has the shape of a SHA-256 digest in lowercase hex, as the HTTP layer's request hash has. */
    static boolean isDigest(String value) {
        return value != null && DIGEST.matcher(value).matches();
    }

    /** The order's text fields by name, in the order of the schema: every one of them, found through the schema. */
    static Map<String, String> textFields(Order order) {
        return AvroTexts.of(order);
    }
}
