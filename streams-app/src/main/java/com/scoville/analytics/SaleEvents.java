package com.scoville.analytics;

import com.scoville.avro.OrderState;
import com.scoville.avro.Product;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.SaleLine;
import com.scoville.catalog.Catalog;

import java.time.Instant;

/** The money an order moves: its lines at payment, the same lines negated when a paid order is cancelled. */
public final class SaleEvents {
    private SaleEvents() { }

    public static SaleEvent payment(OrderState order, Catalog catalog, Instant at) {
        return event(order, catalog, at, SaleKind.PAYMENT, 1);
    }

    public static SaleEvent refund(OrderState order, Catalog catalog, Instant at) {
        return event(order, catalog, at, SaleKind.REFUND, -1);
    }

    private static SaleEvent event(OrderState order, Catalog catalog, Instant at, SaleKind kind, int sign) {
        return SaleEvent.newBuilder()
                .setOrderId(order.getOrderId())
                .setCustomerId(order.getCustomerId())
                .setChannel(order.getChannel())
                .setKind(kind)
                .setLines(order.getLines().stream().map(line -> SaleLine.newBuilder()
                        .setSku(line.getSku())
                        .setHeatLevel(catalog.find(line.getSku()).map(Product::getHeatLevel).orElse(0))
                        .setUnits(sign * line.getQuantity())
                        .setRevenueCents(sign * line.getUnitPriceCents() * line.getQuantity())
                        .build()).toList())
                .setTotalCents(sign * order.getTotalCents())
                .setAt(at)
                .build();
    }
}
