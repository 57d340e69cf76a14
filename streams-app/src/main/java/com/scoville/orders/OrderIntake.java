package com.scoville.orders;

import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.Product;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.Pricing;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * What every order meets first, wherever it is decided: validation (an invalid order becomes REJECTED with
 * its reasons) and pricing from the catalog (never from the client).
 */
public final class OrderIntake {
    private final Catalog catalog;
    private final OrderValidator validator;
    private final int maxLines;

    public OrderIntake(Catalog catalog, int maxLines, int maxQuantity) {
        this.catalog = catalog;
        this.validator = new OrderValidator(catalog, maxLines, maxQuantity);
        this.maxLines = maxLines;
    }

    /** A valid order priced and PENDING, or an invalid one already REJECTED. */
    public record Admitted(OrderState state, boolean valid) { }

    public Admitted admit(Order order, Instant now) {
        OrderValidator.Result validation = validator.validate(order);
        if (!validation.valid()) {
            // bounded, and without any text that holds a card number
            return new Admitted(OrderStates.refused(order, validation, maxLines, now), false);
        }
        List<OrderLine> priced = new ArrayList<>();
        for (OrderLine line : order.getLines()) {
            Product product = catalog.find(line.getSku()).orElseThrow();
            priced.add(OrderLine.newBuilder(line).setUnitPriceCents(Pricing.unitPriceCents(product, order.getChannel())).build());
        }
        return new Admitted(OrderStates.pending(order, priced, now), true);
    }
}
