package com.scoville.orders;

import com.scoville.Bounds;
import com.scoville.CardNumbers;
import com.scoville.avro.Order;
import com.scoville.kafka.UnusableRecordException;

/**
 * Which id an order record is about. The orderId field is the order's identity (the record key only stands in
 * when the field is blank), because "the same orderId twice is one order" must hold whatever key a partner
 * chose. A record keyed otherwise (or not at all) is re-keyed: sent again on 'orders' under its id, so that it
 * is decided in the task that owns the id, where a twin is found and where the SKUs' answers (keyed by order
 * id) arrive; decided elsewhere it would wait for them forever, holding stock. A record with no usable id
 * cannot be an order.
 */
public record OrderKeys(String orderId) {

    /** @throws UnusableRecordException when neither the field nor the key is a usable id */
    public static OrderKeys of(String recordKey, Order order) {
        String field = order.getOrderId();
        if (field == null || field.isBlank()) {
            // the key stands in
            return new OrderKeys(usable(recordKey, "the order has no orderId and no usable record key"));
        }
        return new OrderKeys(usable(field, "the order's orderId is not a usable id"));
    }

    /**
     * The record to send on under its id: the same order, with every text (every string field of its schema) that holds a card number
     * replaced by {@link CardNumbers#REDACTED}, so the number is not copied again and the order is still
     * rejected for it.
     */
    public static Order redacted(Order order) {
        return AvroTexts.mapped(order, CardNumbers::redact);
    }

    private static String usable(String id, String reason) {
        if (id == null || id.isBlank()) {
            throw new UnusableRecordException(reason + " (blank)", false);
        }
        if (id.length() > Bounds.MAX_ID_LENGTH) {
            throw new UnusableRecordException(reason + " (longer than " + Bounds.MAX_ID_LENGTH + " characters)", false);
        }
        if (CardNumbers.containsCardNumber(id)) {
            throw new UnusableRecordException(reason + " (it holds what looks like a card number)", true);
        }
        return id;
    }
}
