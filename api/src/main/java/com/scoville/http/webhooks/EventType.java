package com.scoville.http.webhooks;

import java.util.Arrays;
import java.util.Optional;

/** What a webhook may subscribe to, by the name deliveries carry in {@code type}. */
public enum EventType {
    /** An order changed (topic order-status); data is the order as GET /v1/orders/{orderId} shows it. */
    ORDER_STATUS("order.status", false),
    /** A SKU someone subscribed to was restocked (topic notifications). */
    BACK_IN_STOCK("stock.back_in_stock", false),
    /** An anomaly was raised (topic alerts, clearedAt null): for the back office only. */
    ALERT_RAISED("alert.raised", true),
    /** An anomaly was cleared (topic alerts, clearedAt set): for the back office only. */
    ALERT_CLEARED("alert.cleared", true);

    private final String wireName;
    private final boolean backOfficeOnly;

    EventType(String wireName, boolean backOfficeOnly) {
        this.wireName = wireName;
        this.backOfficeOnly = backOfficeOnly;
    }

    public String wireName() {
        return wireName;
    }

    /** Analytics events: a channel may not subscribe to them. */
    public boolean backOfficeOnly() {
        return backOfficeOnly;
    }

    public static Optional<EventType> of(String wireName) {
        return Arrays.stream(values()).filter(t -> t.wireName.equals(wireName)).findFirst();
    }
}
