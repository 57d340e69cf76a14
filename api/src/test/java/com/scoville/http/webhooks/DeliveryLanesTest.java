package com.scoville.http.webhooks;

import com.scoville.avro.DeliveryOutcome;
import com.scoville.avro.Webhook;
import org.apache.kafka.common.TopicPartition;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

class DeliveryLanesTest {
    private static final Backoff FAST = new Backoff(Duration.ofMillis(10), Duration.ofMillis(40), 4);

    private final WebhookRegistry registry = new WebhookRegistry();
    private final OffsetTracker offsets = new OffsetTracker();
    private final OffsetTracker.Assignment partition = offsets.assignment(new TopicPartition("order-status", 0));
    /** What each endpoint received, in order. */
    private final Map<String, List<String>> received = new ConcurrentHashMap<>();
    private final List<String> log = new CopyOnWriteArrayList<>();
    private final List<String> deadLetters = new CopyOnWriteArrayList<>();
    private final Map<String, String> deadLetterErrors = new ConcurrentHashMap<>();
    private DeliveryLanes lanes;

    @AfterEach
    void close() {
        if (lanes != null) {
            lanes.close();
        }
    }

    private DeliveryLanes lanes(DeliveryLanes.Attempts attempts, int concurrency) {
        return lanes(attempts, concurrency, 10_000);
    }

    private DeliveryLanes lanes(DeliveryLanes.Attempts attempts, int concurrency, int buffer) {
        DeliveryLanes.Outcomes outcomes = new DeliveryLanes.Outcomes() {
            @Override
            public void attempted(DeliveryLanes.Message m, int attempt, DeliveryOutcome outcome, WebhookSender.Result result) {
                log.add(m.id() + "#" + attempt + " " + outcome);
            }

            @Override
            public CompletableFuture<?> deadLettered(Webhook webhook, DeliveryLanes.Message m, int attempts, String error) {
                deadLetters.add(m.id());
                deadLetterErrors.put(m.id(), error);
                return CompletableFuture.completedFuture(null);
            }
        };
        lanes = new DeliveryLanes(registry, attempts, FAST, concurrency, buffer, outcomes, offsets::handled);
        return lanes;
    }

    private void register(String id) {
        registry.apply(id, Webhook.newBuilder().setId(id).setUrl("https://" + id + ".example.com/").setEvents(List.of("order.status"))
                .setSecret("whsec_MfKQ9r8GKYqrTwjUPD8ILPZIo2LaLaSw").setCreatedAt(Instant.EPOCH).build());
    }

    private DeliveryLanes.Message message(String webhookId, String orderId, long offset) {
        return message(webhookId, "owner of " + webhookId, orderId, offset);
    }

    private DeliveryLanes.Message message(String webhookId, String owner, String orderId, long offset) {
        offsets.read(partition, offset, 1);
        return new DeliveryLanes.Message("msg-" + offset, webhookId, owner, EventType.ORDER_STATUS, orderId, "{\"n\":" + offset + "}", partition, offset);
    }

    private WebhookSender.Result receive(Webhook w, String body) {
        received.computeIfAbsent(w.getId(), k -> new CopyOnWriteArrayList<>()).add(body);
        return new WebhookSender.Result(true, 204, "");
    }

    @Test
    void shouldDeliverOneOrdersMessagesInOrderThroughRetries() {
        // given an endpoint that fails the first message twice
        register("wh_a");
        AtomicInteger failures = new AtomicInteger();
        lanes((w, id, body) -> body.contains("\"n\":1") && failures.getAndIncrement() < 2
                ? WebhookSender.Result.failed(503, "answered 503") : receive(w, body), 4);

        // when three changes of one order are handed over
        lanes.enqueue(message("wh_a", "o1", 1));
        lanes.enqueue(message("wh_a", "o1", 2));
        lanes.enqueue(message("wh_a", "o1", 3));

        // then they arrive in order, the first after two failed attempts, and the offset moves past all three
        await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_a", List.of()).size() == 3);
        assertThat(received.get("wh_a")).containsExactly("{\"n\":1}", "{\"n\":2}", "{\"n\":3}");
        assertThat(log).startsWith("msg-1#1 FAILED", "msg-1#2 FAILED", "msg-1#3 DELIVERED");
        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.pending() == 0);
        assertThat(offsets.committable().get(partition.partition()).offset()).isEqualTo(4);
    }

    @Test
    void shouldDeadLetterAfterTheLastAttemptAndGoOnWithTheLane() {
        // given an endpoint that never takes the first message
        register("wh_a");
        lanes((w, id, body) -> body.contains("\"n\":1") ? WebhookSender.Result.failed(0, "refused") : receive(w, body), 4);

        // when two messages of one order are handed over
        lanes.enqueue(message("wh_a", "o1", 1));
        lanes.enqueue(message("wh_a", "o1", 2));

        // then the first is dead-lettered after 4 attempts, and the second delivered after it
        await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_a", List.of()).size() == 1);
        assertThat(deadLetters).containsExactly("msg-1");
        assertThat(log).containsSubsequence("msg-1#4 FAILED", "msg-1#4 DEAD_LETTERED", "msg-2#1 DELIVERED");
    }

    @Test
    void shouldKeepDeliveringToOthersWhileOneEndpointHangs() throws Exception {
        // given one endpoint that hangs until released, and another that answers
        register("wh_slow");
        register("wh_fast");
        CountDownLatch release = new CountDownLatch(1);
        lanes((w, id, body) -> {
            if (w.getId().equals("wh_slow")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return receive(w, body);
        }, 4);

        // when the slow one has many orders' messages, then the fast one's
        for (int i = 0; i < 10; i++) {
            lanes.enqueue(message("wh_slow", "o" + i, i));
        }
        for (int i = 10; i < 15; i++) {
            lanes.enqueue(message("wh_fast", "o" + i, i));
        }

        // then the fast endpoint gets all of its messages while the slow one still hangs
        await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_fast", List.of()).size() == 5);
        assertThat(received.getOrDefault("wh_slow", List.of())).isEmpty();
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_slow", List.of()).size() == 10);
    }

    @Test
    void shouldKeepDeliveringToOtherOwnersWhileOneOwnersManyWebhooksHang() {
        // given a channel with four hanging webhooks, and the back office's webhook that answers
        CountDownLatch release = new CountDownLatch(1);
        for (int i = 0; i < 4; i++) {
            register("wh_slow" + i);
        }
        register("wh_office");
        lanes((w, id, body) -> {
            if (w.getId().startsWith("wh_slow")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return receive(w, body);
        }, 4);

        // when each of the channel's webhooks has messages, then the back office's
        for (int i = 0; i < 8; i++) {
            lanes.enqueue(message("wh_slow" + (i % 4), "channel WEB", "o" + i, i));
        }
        lanes.enqueue(message("wh_office", "back office", "o99", 99));

        // then the back office's arrives while the channel's still hang: they hold half of the senders, not all
        await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_office", List.of()).size() == 1);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.pending() == 0);
    }

    @Test
    void shouldKeepDeliveringToAThirdOwnerWhileTwoOwnersHang() {
        // given two channels whose endpoints hang, and a third that answers
        CountDownLatch release = new CountDownLatch(1);
        register("wh_web");
        register("wh_mobile");
        register("wh_pos");
        lanes((w, id, body) -> {
            if (!w.getId().equals("wh_pos")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return receive(w, body);
        }, 4);

        // when the hanging ones have many orders' messages each, then the third one's
        for (int i = 0; i < 10; i++) {
            lanes.enqueue(message("wh_web", "channel WEB", "o" + i, i));
            lanes.enqueue(message("wh_mobile", "channel MOBILE", "m" + i, 100 + i));
        }
        for (int i = 0; i < 5; i++) {
            lanes.enqueue(message("wh_pos", "channel POS", "p" + i, 200 + i));
        }

        // then the third one gets all of its messages while the two others still hang: they never hold every thread
        try {
            await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_pos", List.of()).size() == 5);
            assertThat(received.getOrDefault("wh_web", List.of())).isEmpty();
            assertThat(received.getOrDefault("wh_mobile", List.of())).isEmpty();
        } finally {
            release.countDown();
        }
        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.pending() == 0);
        assertThat(deadLetters).isEmpty();
    }

    @Test
    void shouldDeadLetterTheNewMessagesOfAnOwnerOverItsShareWhileOthersGoOn() {
        // given a buffer of 20 and a channel whose endpoint hangs, and the back office's endpoint that answers
        CountDownLatch release = new CountDownLatch(1);
        register("wh_dead");
        register("wh_office");
        lanes((w, id, body) -> {
            if (w.getId().equals("wh_dead")) {
                try {
                    release.await(10, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return receive(w, body);
        }, 4, 20);

        // when the hanging channel gets 30 messages (its share alone: 20 / 2 = 10), then the back office 30, as fast
        // as its endpoint takes them
        for (int i = 0; i < 30; i++) {
            lanes.enqueue(message("wh_dead", "channel WEB", "o" + i, i));
        }
        for (int i = 0; i < 30; i++) {
            int sent = i + 1;
            lanes.enqueue(message("wh_office", "back office", "b" + i, 100 + i));
            await().atMost(Duration.ofSeconds(5)).until(() -> received.getOrDefault("wh_office", List.of()).size() == sent);
        }

        // then the channel's 20 beyond its share are dead-lettered at once ("backlog full") and count as handled,
        // the back office's are all delivered, and what waits stays within the buffer
        await().atMost(Duration.ofSeconds(5)).until(() -> deadLetters.size() == 20
                && received.getOrDefault("wh_office", List.of()).size() == 30);
        assertThat(deadLetters).allMatch(id -> Integer.parseInt(id.substring(4)) >= 10 && Integer.parseInt(id.substring(4)) < 30);
        assertThat(deadLetterErrors.values()).containsOnly(DeliveryLanes.BACKLOG_FULL);
        assertThat(log).contains("msg-29#0 DEAD_LETTERED");
        assertThat(received.getOrDefault("wh_dead", List.of())).isEmpty();
        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.pending() == 10);
        release.countDown();
        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.pending() == 0);
        assertThat(received.get("wh_dead")).hasSize(10);
    }

    @Test
    void shouldDropTheMessagesOfARemovedWebhook() {
        // given a webhook removed after its message was handed over
        register("wh_gone");
        lanes((w, id, body) -> receive(w, body), 2);
        registry.apply("wh_gone", null);

        // when its message comes up
        lanes.enqueue(message("wh_gone", "o1", 7));

        // then nothing is sent, and the record counts as handled
        await().atMost(Duration.ofSeconds(5)).until(() -> offsets.pending() == 0);
        assertThat(received).isEmpty();
    }
}
