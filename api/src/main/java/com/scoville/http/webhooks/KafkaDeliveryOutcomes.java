package com.scoville.http.webhooks;

import com.scoville.avro.DeliveryOutcome;
import com.scoville.avro.Webhook;
import com.scoville.avro.WebhookDeadLetter;
import com.scoville.avro.WebhookDelivery;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.kafka.Topics;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.util.concurrent.CompletableFuture;

/** Where the service writes what became of webhook messages: the topics webhook-deliveries and webhook-dlq. */
final class KafkaDeliveryOutcomes {
    private static final Logger log = LoggerFactory.getLogger(KafkaDeliveryOutcomes.class);

    private KafkaDeliveryOutcomes() { }

    /** The topics webhook-deliveries and webhook-dlq, through the HTTP layer's producer. */
    static DeliveryLanes.Outcomes of(KafkaWriter writer, Topics topics, Clock clock) {
        return new DeliveryLanes.Outcomes() {
            @Override
            public void attempted(DeliveryLanes.Message m, int attempt, DeliveryOutcome outcome, WebhookSender.Result result) {
                WebhookDelivery d = WebhookDelivery.newBuilder().setWebhookId(m.webhookId()).setMessageId(m.id())
                        .setType(m.type().wireName()).setAttempt(attempt).setAt(clock.instant()).setOutcome(outcome)
                        .setStatusCode(result.statusCode()).setError(result.error()).build();
                // the log is for people: a write it loses costs a line of it, never a delivery
                writer.send(topics.webhookDeliveries, m.webhookId(), d).exceptionally(e -> {
                    log.warn("Delivery log of webhook {} lost an attempt: {}", m.webhookId(), e.toString());
                    return null;
                });
            }

            @Override
            public CompletableFuture<?> deadLettered(Webhook webhook, DeliveryLanes.Message m, int attempts, String error) {
                WebhookDeadLetter letter = WebhookDeadLetter.newBuilder().setWebhookId(m.webhookId()).setUrl(webhook.getUrl())
                        .setMessageId(m.id()).setType(m.type().wireName()).setBody(m.body()).setAttempts(attempts)
                        .setLastError(error).setAt(clock.instant()).build();
                return writer.send(topics.webhookDlq, m.webhookId(), letter);
            }
        };
    }
}
