package com.scoville.http.audit;

import com.scoville.avro.Actor;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.AuditOutcome;
import com.scoville.devstack.registry.RegistryChange;
import com.scoville.http.kafka.KafkaWriter;
import com.scoville.http.security.Principal;
import com.scoville.kafka.Topic;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.router.Endpoint;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Clock;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.function.Function;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * The audit entries the HTTP layer decides itself, written through its one producer: refusals (401 and 403, whoever
 * answered them: the gate, or a domain's rule such as a channel naming another channel) and the embedded registry's
 * writes. The topology writes the rest, with the changes they record.
 *
 * <p>Refusals are bounded: those of one caller (its subject, or its address without a token), action and route within
 * {@link #INTERVAL} become one entry with their count, and at most {@link #MAX_ENTRIES_PER_INTERVAL} entries are written
 * per interval (the rest are counted in one overflow entry). A caller hammering with bad tokens is also held to the
 * anonymous rate limit, so it mostly earns 429s, which are not recorded. Entries are written at most once: a write
 * Kafka refuses is logged and dropped, never retried in a loop.
 */
public final class HttpAuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpAuditLog.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES_PER_INTERVAL = 200;
    private static final int MAX_DETAIL = 300;

    /** Writes one entry; may fail by throwing or through its future. */
    private final Function<AuditEntry, CompletableFuture<?>> sink;
    private final Clock clock;
    private final ScheduledExecutorService sender = Executors.newSingleThreadScheduledExecutor(KafkaWriter.daemon("audit-writer"));
    /** Refusals of this interval, by caller, action and target. */
    private Map<List<String>, Pending> pending = new LinkedHashMap<>();
    private long overflow;

    private static final class Pending {
        final AuditEntry first;
        int count = 1;

        Pending(AuditEntry first) {
            this.first = first;
        }
    }

    /** Writes to {@code topic} through the HTTP layer's producer, keyed by target. */
    public HttpAuditLog(KafkaWriter writer, Topic<String, AuditEntry> topic, Clock clock) {
        this(entry -> writer.send(topic, entry.getTarget(), entry), clock, INTERVAL);
    }

    HttpAuditLog(Function<AuditEntry, CompletableFuture<?>> sink, Clock clock, Duration interval) {
        this.sink = sink;
        this.clock = clock;
        long ms = interval.toMillis();
        sender.scheduleWithFixedDelay(this::flush, ms, ms, TimeUnit.MILLISECONDS);
    }

    /** Records every 401 and 403 the app answers, after it answered. */
    public void watch(RoutesConfig routes) {
        routes.after(this::afterRequest);
    }

    private void afterRequest(Context ctx) {
        int status = ctx.statusCode();
        if (status != 401 && status != 403) {
            return;
        }
        Principal principal = Principal.of(ctx);
        Actor actor = principal == null
                ? Actor.newBuilder().setSubject("anonymous").setRequestId(RequestIds.of(ctx)).build()
                : Actors.of(principal, RequestIds.of(ctx));
        String caller = principal == null ? "address " + ctx.ip() : actor.getSubject();
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = ctx.method().name() + " " + (endpoint == null ? truncate(ctx.path(), 120) : endpoint.path);
        refused(actor, caller, status == 401 ? "access.unauthenticated" : "access.forbidden", route, status,
                "from " + ctx.ip());
    }

    /** The embedded registry's write, or refused write (counted like the API's refusals). */
    public void registryChange(RegistryChange change) {
        Actor actor = Actor.newBuilder().setSubject(change.user()).build();
        if (!change.applied()) {
            refused(actor, change.user(), change.action(), change.subject(), 401, change.detail());
            return;
        }
        AuditEntry entry = entry(actor, change.action(), change.subject(), AuditOutcome.APPLIED, null, change.detail());
        if (change.before() != null || change.after() != null) {
            entry.setChanges(List.of(com.scoville.avro.AuditChange.newBuilder().setField("compatibility")
                    .setBefore(change.before()).setAfter(change.after()).build()));
        }
        // never on the registry's request thread: the first write of an entry registers its schema with that registry
        sender.execute(() -> send(entry));
    }

    synchronized void refused(Actor actor, String caller, String action, String target, int status, String detail) {
        List<String> key = List.of(caller, action, target);
        Pending known = pending.get(key);
        if (known != null) {
            known.count++;
        } else if (pending.size() < MAX_ENTRIES_PER_INTERVAL) {
            pending.put(key, new Pending(entry(actor, action, target, AuditOutcome.REFUSED, status, detail)));
        } else {
            overflow++;
        }
    }

    void flush() {
        Map<List<String>, Pending> due;
        long over;
        synchronized (this) {
            if (pending.isEmpty() && overflow == 0) {
                return;
            }
            due = pending;
            over = overflow;
            pending = new LinkedHashMap<>();
            overflow = 0;
        }
        due.values().forEach(p -> {
            p.first.setCount(p.count);
            send(p.first);
        });
        if (over > 0) {
            AuditEntry more = entry(null, "access.refused", "*", AuditOutcome.REFUSED, null,
                    "refusals past " + MAX_ENTRIES_PER_INTERVAL + " distinct callers and routes in " + INTERVAL.toSeconds() + " s");
            more.setCount((int) Math.min(Integer.MAX_VALUE, over));
            send(more);
        }
    }

    private AuditEntry entry(Actor actor, String action, String target, AuditOutcome outcome, Integer status, String detail) {
        return AuditEntry.newBuilder().setId("http/" + UUID.randomUUID()).setAt(clock.instant()).setActor(actor)
                .setAction(action).setTarget(target).setOutcome(outcome).setStatus(status)
                .setDetail(truncate(detail == null ? "" : detail, MAX_DETAIL)).setChanges(List.of()).build();
    }

    private void send(AuditEntry entry) {
        try {
            sink.apply(entry).exceptionally(e -> {
                log.warn("Audit entry {} {} on {} not written: {}", entry.getAction(), entry.getOutcome(), entry.getTarget(), e.toString());
                return null;
            });
        } catch (RuntimeException e) {
            log.warn("Audit entry {} {} on {} not written: {}", entry.getAction(), entry.getOutcome(), entry.getTarget(), e.toString());
        }
    }

    private static String truncate(String text, int max) {
        return text.length() > max ? text.substring(0, max) : text;
    }

    /** Writes what is pending, then stops. */
    @Override
    public void close() {
        sender.execute(this::flush);
        sender.shutdown();
        try {
            sender.awaitTermination(5, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
