package com.scoville.http.webhooks;

import com.scoville.avro.Alert;
import com.scoville.avro.Notification;
import com.scoville.avro.OrderState;
import com.scoville.http.orders.OrderView;
import com.scoville.kafka.Topics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What a record of the topics webhooks hear of means to them: its event type, the channel it belongs to (null:
 * none), the key its deliveries keep their order by, when it happened, and the {@code data} of the body.
 */
final class WebhookEvents implements WebhookDispatcher.EventReader {
    /** One event, before it is addressed to webhooks. */
    record Event(EventType type, String channel, String orderingKey, Instant at, Object data) { }

    private final Topics topics;

    WebhookEvents(Topics topics) {
        this.topics = topics;
    }

    /** The topics read. */
    java.util.List<String> topicNames() {
        return java.util.List.of(topics.orderStatus.name(), topics.notifications.name(), topics.alerts.name());
    }

    @Override
    public java.util.Set<EventType> typesOf(String topic) {
        if (topic.equals(topics.orderStatus.name())) {
            return java.util.EnumSet.of(EventType.ORDER_STATUS);
        }
        if (topic.equals(topics.notifications.name())) {
            return java.util.EnumSet.of(EventType.BACK_IN_STOCK);
        }
        return topic.equals(topics.alerts.name()) ? java.util.EnumSet.of(EventType.ALERT_RAISED, EventType.ALERT_CLEARED)
                : java.util.EnumSet.noneOf(EventType.class);
    }

    /** The event of a record, or empty for one that is none (a tombstone, a type nobody hears of). Throws on an unreadable value. */
    @Override
    public Optional<Event> of(String topic, String key, byte[] value) {
        if (value == null) {
            return Optional.empty();
        }
        if (topic.equals(topics.orderStatus.name())) {
            OrderState s = topics.orderStatus.valueSerde().deserializer().deserialize(topic, value);
            return Optional.of(new Event(EventType.ORDER_STATUS, s.getChannel().name(), s.getOrderId(), s.getUpdatedAt(), OrderView.of(s)));
        }
        if (topic.equals(topics.notifications.name())) {
            Notification n = topics.notifications.valueSerde().deserializer().deserialize(topic, value);
            if (n.getType() != com.scoville.avro.NotificationType.BACK_IN_STOCK) {
                return Optional.empty();
            }
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("customerId", n.getCustomerId());
            data.put("sku", n.getSku());
            data.put("available", n.getAvailable());
            data.put("at", n.getAt());
            data.put("channel", n.getChannel());
            return Optional.of(new Event(EventType.BACK_IN_STOCK, n.getChannel(), n.getCustomerId(), n.getAt(), data));
        }
        if (topic.equals(topics.alerts.name())) {
            Alert a = topics.alerts.valueSerde().deserializer().deserialize(topic, value);
            boolean cleared = a.getClearedAt() != null;
            Map<String, Object> data = new LinkedHashMap<>();
            data.put("id", a.getId());
            data.put("kind", a.getKind().name());
            data.put("sku", a.getSku());
            data.put("raisedAt", a.getRaisedAt());
            data.put("clearedAt", a.getClearedAt());
            data.put("detail", a.getDetail());
            return Optional.of(new Event(cleared ? EventType.ALERT_CLEARED : EventType.ALERT_RAISED, null, a.getId(),
                    cleared ? a.getClearedAt() : a.getRaisedAt(), data));
        }
        return Optional.empty();
    }
}
