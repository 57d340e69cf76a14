package com.scoville.http.webhooks;

import com.scoville.avro.Webhook;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookRegistryTest {
    private final WebhookRegistry registry = new WebhookRegistry();

    private void register(String id, String channel, String... events) {
        registry.apply(id, Webhook.newBuilder().setId(id).setUrl("https://" + id + ".example.com/").setEvents(List.of(events))
                .setChannel(channel).setSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").setCreatedAt(Instant.EPOCH).build());
    }

    private List<String> recipients(EventType type, String channel) {
        return registry.recipients(type, channel).stream().map(Webhook::getId).sorted().toList();
    }

    @Test
    void shouldDeliverAnOrderToItsChannelsWebhooksAndTheBackOfficesOnly() {
        register("wh_web", "WEB", "order.status");
        register("wh_mobile", "MOBILE", "order.status");
        register("wh_office", null, "order.status");
        register("wh_web_stock", "WEB", "stock.back_in_stock");

        assertThat(recipients(EventType.ORDER_STATUS, "WEB")).containsExactly("wh_office", "wh_web");
        assertThat(recipients(EventType.ORDER_STATUS, "POS")).containsExactly("wh_office");
    }

    @Test
    void shouldDeliverARestockTakenDirectlyToTheBackOfficeOnly() {
        register("wh_web_stock", "WEB", "stock.back_in_stock");
        register("wh_office", null, "stock.back_in_stock");

        assertThat(recipients(EventType.BACK_IN_STOCK, "WEB")).containsExactly("wh_office", "wh_web_stock");
        assertThat(recipients(EventType.BACK_IN_STOCK, null)).containsExactly("wh_office");
    }

    @Test
    void shouldDeliverAlertsToTheBackOfficeOnlyWhateverAChannelsWebhookSays() {
        register("wh_web", "WEB", "alert.raised"); // only a registration of an older version could say so
        register("wh_office", null, "alert.raised", "alert.cleared");

        assertThat(recipients(EventType.ALERT_RAISED, null)).containsExactly("wh_office");
        assertThat(recipients(EventType.ALERT_CLEARED, null)).containsExactly("wh_office");
    }

    @Test
    void shouldTellWhetherAnyWebhookIsSubscribedToSomeOfTheTypesWhateverItsChannel() {
        assertThat(registry.anySubscribedTo(java.util.EnumSet.allOf(EventType.class))).isFalse();
        register("wh_web_stock", "WEB", "stock.back_in_stock");

        assertThat(registry.anySubscribedTo(java.util.EnumSet.of(EventType.BACK_IN_STOCK))).isTrue();
        assertThat(registry.anySubscribedTo(java.util.EnumSet.of(EventType.ORDER_STATUS, EventType.ALERT_RAISED))).isFalse();
        registry.apply("wh_web_stock", null);
        assertThat(registry.anySubscribedTo(java.util.EnumSet.of(EventType.BACK_IN_STOCK))).isFalse();
    }

    @Test
    void shouldTellOfARemovalOnce() {
        List<String> removed = new ArrayList<>();
        registry.onRemoved(removed::add);
        register("wh_1", null, "order.status");

        registry.apply("wh_1", null);
        registry.apply("wh_1", null);

        assertThat(registry.find("wh_1")).isEmpty();
        assertThat(removed).containsExactly("wh_1");
    }
}
