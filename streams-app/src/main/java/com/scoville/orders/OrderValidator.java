package com.scoville.orders;

import com.scoville.avro.Address;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.avro.RejectCode;
import com.scoville.catalog.Catalog;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The one validation step every order meets, whether it came over HTTP (refused with 4xx, nothing written)
 * or from a partner straight to Kafka (kept as a REJECTED order with its reason).
 */
public final class OrderValidator {
    public static final Pattern SKU = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,63}");
    private static final int MAX_ID_LENGTH = 128;

    private final Catalog catalog;
    private final int maxLines;
    private final int maxQuantity;

    public OrderValidator(Catalog catalog, int maxLines, int maxQuantity) {
        this.catalog = catalog;
        this.maxLines = maxLines;
        this.maxQuantity = maxQuantity;
    }

    /** The outcome: no violations, or the violations and the code an order rejected for them carries. */
    public record Result(List<Violation> violations, RejectCode code, List<String> unknownSkus) {
        public boolean valid() {
            return violations.isEmpty();
        }
    }

    public Result validate(Order order) {
        List<Violation> violations = new ArrayList<>();
        List<String> unknown = new ArrayList<>();
        requireId(violations, "orderId", order.getOrderId());
        requireId(violations, "customerId", order.getCustomerId());
        if (order.getChannel() == null || order.getChannel() == Channel.UNKNOWN) {
            violations.add(new Violation("channel", "must be one of WEB, MOBILE, WHOLESALE, POS"));
        }
        List<OrderLine> lines = order.getLines() == null ? List.of() : order.getLines();
        if (lines.isEmpty()) {
            violations.add(new Violation("lines", "an order needs at least one line"));
        } else if (lines.size() > maxLines) {
            violations.add(new Violation("lines", "at most " + maxLines + " lines"));
        }
        for (int i = 0; i < lines.size() && i < maxLines; i++) {
            validateLine(violations, unknown, "lines[" + i + "]", lines.get(i));
        }
        if (hasCardNumber(order)) {
            violations.add(new Violation("paymentToken", "card data is refused: send a payment gateway token"));
        }
        RejectCode code = violations.size() == unknown.size() && !unknown.isEmpty()
                ? RejectCode.UNKNOWN_SKU : RejectCode.INVALID;
        return new Result(List.copyOf(violations), violations.isEmpty() ? null : code, List.copyOf(unknown));
    }

    private void validateLine(List<Violation> violations, List<String> unknown, String field, OrderLine line) {
        String sku = line.getSku();
        if (sku == null || !SKU.matcher(sku).matches()) {
            violations.add(new Violation(field + ".sku", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        } else if (catalog.find(sku).isEmpty()) {
            violations.add(new Violation(field + ".sku", "unknown SKU " + sku));
            unknown.add(sku);
        }
        if (line.getQuantity() < 1 || line.getQuantity() > maxQuantity) {
            violations.add(new Violation(field + ".quantity", "must be 1 to " + maxQuantity));
        }
    }

    private static void requireId(List<Violation> violations, String field, String value) {
        if (value == null || value.isBlank()) {
            violations.add(new Violation(field, "is required"));
        } else if (value.length() > MAX_ID_LENGTH) {
            violations.add(new Violation(field, "at most " + MAX_ID_LENGTH + " characters"));
        }
    }

    private static boolean hasCardNumber(Order order) {
        Address a = order.getShippingAddress();
        Stream<String> addressFields = a == null ? Stream.empty()
                : Stream.of(a.getName(), a.getLine1(), a.getLine2(), a.getCity(), a.getRegion(), a.getPostalCode(), a.getCountry());
        return Stream.concat(Stream.of(order.getCustomerId(), order.getPaymentToken(), order.getOrderId()), addressFields)
                .anyMatch(CardNumbers::containsCardNumber);
    }
}
