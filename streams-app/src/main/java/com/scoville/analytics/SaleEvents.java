package com.scoville.analytics;

import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.Product;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.catalog.Catalog;

import java.time.Instant;
import java.util.List;

/** The money an order moves: its lines at payment, the same lines negated when a paid order is cancelled. */
public final class SaleEvents {
    private SaleEvents() { }

    public static List<SaleEvent> payment(OrderState order, Catalog catalog, Instant at) {
        return lines(order, catalog, at, SaleKind.PAYMENT, 1);
    }

    public static List<SaleEvent> refund(OrderState order, Catalog catalog, Instant at) {
        return lines(order, catalog, at, SaleKind.REFUND, -1);
    }

    private static List<SaleEvent> lines(OrderState order, Catalog catalog, Instant at, SaleKind kind, int sign) {
        return order.getLines().stream().map(line -> event(order, line, catalog, at, kind, sign)).toList();
    }

    private static SaleEvent event(OrderState order, OrderLine line, Catalog catalog, Instant at, SaleKind kind, int sign) {
        int heat = catalog.find(line.getSku()).map(Product::getHeatLevel).orElse(0);
        return SaleEvent.newBuilder()
                .setOrderId(order.getOrderId())
                .setCustomerId(order.getCustomerId())
                .setChannel(order.getChannel())
                .setSku(line.getSku())
                .setHeatLevel(heat)
                .setKind(kind)
                .setUnits(sign * line.getQuantity())
                .setRevenueCents(sign * line.getUnitPriceCents() * line.getQuantity())
                .setOrderTotalCents(sign * order.getTotalCents())
                .setAt(at)
                .build();
    }
}
