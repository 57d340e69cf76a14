package com.scoville.http.webhooks;

import com.scoville.avro.Webhook;
import com.scoville.http.Digests;
import com.scoville.http.Idempotency;
import com.scoville.http.security.Principal;
import com.scoville.http.security.Role;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class WebhookServiceTest {
    private static final String SECRET = "whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw";

    @Test
    void shouldAnswerARetriedRegistrationWithTheSameWebhookButNotItsSecret() {
        // given a webhook registered by the channel WEB under the key k1 (it is in the registry: no Kafka write follows)
        WebhookRegistry registry = new WebhookRegistry();
        Principal web = new Principal("web-shop", "web-shop", Set.of(Role.CHANNEL), "WEB", Instant.MAX);
        String id = Digests.id("wh_", "webhook\n" + web.caller() + "\nk1");
        registry.apply(id, Webhook.newBuilder().setId(id).setUrl("https://hooks.example.com/x").setEvents(List.of("order.status"))
                .setChannel("WEB").setCreatedBy("web-shop").setSecret(SECRET).setCreatedAt(Instant.EPOCH).setRequestHash("h1").build());
        WebhookService service = new WebhookService(registry, new DeliveryLog(x -> true),
                null, null, false, Clock.systemUTC(), null);

        // when the same request comes again under the same key
        WebhookService.Registered again = service.register(web, new Idempotency.Write<>(
                new WebhookService.WebhookRequest("https://hooks.example.com/x", List.of("order.status")), web.caller(), "k1", "h1", null)).join();

        // then it is the same webhook, marked a replay, and its secret is not shown again
        assertThat(again.replayed()).isTrue();
        assertThat(again.created().id()).isEqualTo(id);
        assertThat(again.created().url()).isEqualTo("https://hooks.example.com/x");
        assertThat(again.created().secret()).isNull();
    }
}
