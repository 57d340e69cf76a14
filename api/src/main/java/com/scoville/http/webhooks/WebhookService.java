package com.scoville.http.webhooks;

import com.scoville.Violation;
import com.scoville.avro.Actor;
import com.scoville.avro.Webhook;
import com.scoville.avro.WebhookDelivery;
import com.scoville.http.ApiException;
import com.scoville.http.Digests;
import com.scoville.http.Idempotency;
import com.scoville.http.audit.HttpAuditLog;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.security.Principal;
import com.scoville.http.security.Role;
import com.scoville.kafka.Topic;

import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

/**
 * Registers, lists and removes webhooks. A channel manages its own (they hear of its orders and of the
 * back-in-stock subscriptions taken through it); the back office manages every one, and its own hear of every
 * order and of the alerts. A webhook of another owner is answered as unknown (404), like another's order.
 */
public final class WebhookService {
    /** Most webhooks one owner (a channel, or the back office) may have. */
    public static final int MAX_PER_OWNER = 10;
    public static final int MAX_EVENTS = EventType.values().length;

    public record WebhookRequest(String url, List<String> events) { }

    /** A registration's answer, and whether it is a retry's (the same caller, key and body). */
    public record Registered(Created created, boolean replayed) { }

    /** The answer to a registration: the only time the secret is shown (null in the answer to a retry of it). */
    public record Created(String id, String secret, String url, List<String> events, String channel, Instant createdAt) { }

    public record WebhookView(String id, String url, List<String> events, String channel, Instant createdAt) {
        static WebhookView of(Webhook w) {
            return new WebhookView(w.getId(), w.getUrl(), List.copyOf(w.getEvents()), w.getChannel(), w.getCreatedAt());
        }
    }

    public record DeliveryView(String messageId, String type, int attempt, Instant at, String outcome, int statusCode, String error) {
        static DeliveryView of(WebhookDelivery d) {
            return new DeliveryView(d.getMessageId(), d.getType(), d.getAttempt(), d.getAt(), d.getOutcome().name(), d.getStatusCode(), d.getError());
        }
    }

    private final WebhookRegistry registry;
    private final DeliveryLog deliveries;
    private final KafkaWriter writer;
    private final Topic<String, Webhook> topic;
    private final boolean allowLoopback;
    private final Clock clock;
    private final SecureRandom random = new SecureRandom();
    /** Registrations and removals are changes of state: recorded once Kafka holds them. */
    private final HttpAuditLog audit;

    public WebhookService(WebhookRegistry registry, DeliveryLog deliveries, KafkaWriter writer, Topic<String, Webhook> topic,
                          boolean allowLoopback, Clock clock, HttpAuditLog audit) {
        this.audit = audit;
        this.registry = registry;
        this.deliveries = deliveries;
        this.writer = writer;
        this.topic = topic;
        this.allowLoopback = allowLoopback;
        this.clock = clock;
    }

    /**
     * Registers a webhook for {@code principal}, once Kafka holds it; 422 for a bad URL or event list. Its id comes
     * from the caller and the Idempotency-Key, so a retry finds the webhook it made and gets the same answer.
     */
    public CompletableFuture<Registered> register(Principal principal, Idempotency.Write<WebhookRequest> write) {
        String id = Digests.id("wh_", "webhook\n" + write.caller() + "\n" + write.key());
        Optional<Webhook> earlier = registry.find(id);
        if (earlier.isPresent()) {
            if (!Idempotency.sameRequest(earlier.get().getRequestHash(), write.requestHash())) {
                throw Idempotency.reused("the registration of webhook " + id);
            }
            // the secret is shown once: a retry learns the webhook exists, never its secret again (a replayed
            // request, captured or logged on the way, must not be a way to read it)
            return CompletableFuture.completedFuture(new Registered(created(earlier.get(), null), true));
        }
        WebhookRequest request = write.body();
        String channel = ownChannel(principal);
        List<String> events = validate(principal, request);
        long owned = registry.all().stream().filter(w -> Objects.equals(w.getChannel(), channel)).count();
        if (owned >= MAX_PER_OWNER) {
            throw ApiException.conflict("At most " + MAX_PER_OWNER + " webhooks per owner: remove one first");
        }
        Webhook webhook = Webhook.newBuilder().setId(id).setUrl(request.url()).setEvents(events).setChannel(channel)
                .setCreatedBy(principal.subject()).setSecret(WebhookSignature.newSecret(random)).setCreatedAt(clock.instant())
                .setRequestHash(write.requestHash()).build();
        return writer.send(topic, id, webhook).thenApply(ack -> {
            registry.apply(id, webhook); // seen here at once, before the topic comes round
            audit.applied(write.actor(), "webhook.register", id, description(webhook));
            return new Registered(created(webhook, webhook.getSecret()), false);
        });
    }

    private static Created created(Webhook w, String secret) {
        return new Created(w.getId(), secret, w.getUrl(), List.copyOf(w.getEvents()), w.getChannel(), w.getCreatedAt());
    }

    /** The webhooks {@code principal} manages, oldest first, without their secrets. */
    public List<WebhookView> list(Principal principal) {
        return registry.all().stream().filter(w -> manages(principal, w))
                .sorted(Comparator.comparing(Webhook::getCreatedAt).thenComparing(Webhook::getId))
                .map(WebhookView::of).toList();
    }

    /** Removes a webhook: no delivery starts for it once this instance has written the tombstone. */
    public CompletableFuture<Void> delete(Principal principal, Actor actor, String id) {
        Webhook removed = owned(principal, id);
        return writer.send(topic, id, null).thenAccept(ack -> {
            registry.apply(id, null);
            audit.applied(actor, "webhook.remove", id, description(removed));
        });
    }

    /** What the audit log says of a webhook: where it delivers and what, never its secret. */
    private static String description(Webhook w) {
        return "url " + w.getUrl() + " events " + String.join(",", w.getEvents());
    }

    /** The latest attempts to deliver to a webhook, newest first. */
    public List<DeliveryView> deliveries(Principal principal, String id, int limit) {
        owned(principal, id);
        return deliveries.latest(id, limit).stream().map(DeliveryView::of).toList();
    }

    private Webhook owned(Principal principal, String id) {
        return registry.find(id).filter(w -> manages(principal, w))
                .orElseThrow(() -> ApiException.notFound("No webhook " + id));
    }

    private static boolean manages(Principal principal, Webhook w) {
        return principal.unrestricted() || principal.is(Role.CHANNEL) && principal.channel().equals(w.getChannel());
    }

    /** A channel's webhooks are its channel's; the back office's are nobody's in particular (they hear of all). */
    private static String ownChannel(Principal principal) {
        if (principal.unrestricted()) {
            return null;
        }
        if (!principal.is(Role.CHANNEL) || principal.channel() == null) {
            // RouteAccess lets no one else here; were that to change, nobody else gets a webhook that hears of every order
            throw new ApiException(ApiException.Kind.FORBIDDEN, "Webhooks are for channels and the back office", List.of(), null, null);
        }
        return principal.channel();
    }

    private List<String> validate(Principal principal, WebhookRequest request) {
        List<Violation> violations = new ArrayList<>(WebhookUrls.violations(request.url(), allowLoopback));
        List<String> raw = request.events() == null ? List.of() : request.events();
        Set<String> events = new LinkedHashSet<>();
        if (raw.isEmpty() || raw.size() > MAX_EVENTS) {
            violations.add(new Violation("events", "must name 1 to " + MAX_EVENTS + " event types"));
        } else {
            for (int i = 0; i < raw.size(); i++) {
                String name = raw.get(i);
                EventType type = name == null ? null : EventType.of(name).orElse(null);
                if (type == null) {
                    violations.add(new Violation("events[" + i + "]", "must be one of order.status, stock.back_in_stock, alert.raised, alert.cleared"));
                } else if (type.backOfficeOnly() && !principal.unrestricted()) {
                    violations.add(new Violation("events[" + i + "]", type.wireName() + " is for the back office's webhooks"));
                } else {
                    events.add(type.wireName());
                }
            }
        }
        if (!violations.isEmpty()) {
            throw ApiException.unprocessable("Cannot register the webhook", violations);
        }
        return List.copyOf(events);
    }

}
