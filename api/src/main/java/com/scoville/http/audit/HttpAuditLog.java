package com.scoville.http.audit;

import com.scoville.CardNumbers;
import com.scoville.audit.ActorSeal;
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
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
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
 * <p>Text from outside (a route not matched, a registry subject) is cut to {@link #MAX_TEXT} and replaced when it holds a
 * card number. Refusals are bounded: those of one caller (its subject; without a token, any caller: the entry counts the
 * distinct addresses), action and route within
 * {@link #INTERVAL} become one entry with their count, and at most {@link #MAX_ENTRIES_PER_INTERVAL} entries are written
 * per interval (the rest are counted in one overflow entry). A caller hammering with bad tokens is also held to the
 * anonymous rate limit, so it mostly earns 429s, which are not recorded. Entries are written at most once: a write
 * Kafka refuses is logged and dropped, never retried in a loop.
 */
public final class HttpAuditLog implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpAuditLog.class);
    static final Duration INTERVAL = Duration.ofSeconds(1);
    static final int MAX_ENTRIES_PER_INTERVAL = 200;
    /** The longest target or detail written; text from outside (a URL, a registry subject) is cut to it. */
    static final int MAX_TEXT = 255;
    /** Distinct sources counted per entry (an anonymous flood names many addresses; its entry need not list them). */
    static final int MAX_SOURCES = 1_000;
    static final String REDACTED = "(redacted)";

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
        /** For a caller no token names: the distinct sources (client addresses, claimed user names) seen, and what they are. */
        final Set<String> sources;
        final String sourceKind;

        Pending(AuditEntry first, String sourceKind) {
            this.first = first;
            this.sourceKind = sourceKind;
            this.sources = sourceKind == null ? null : new HashSet<>();
        }

        void from(String source) {
            if (sources != null && sources.size() < MAX_SOURCES) {
                sources.add(source);
            }
        }

        /** The detail written: for an unidentified caller, how many distinct sources tried. */
        String detail() {
            if (sources == null) {
                return first.getDetail();
            }
            String from = "from " + (sources.size() >= MAX_SOURCES ? "at least " : "") + sources.size() + " distinct " + sourceKind;
            return first.getDetail().isEmpty() ? from : first.getDetail() + "; " + from;
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
        Endpoint endpoint = ctx.endpoints().matchedHttpEndpoint();
        String route = ctx.method().name() + " " + (endpoint == null ? ctx.path() : endpoint.path);
        String action = status == 401 ? "access.unauthenticated" : "access.forbidden";
        if (principal == null) {
            // one entry per action and route, however many addresses: a flood from many addresses stays one entry
            Actor anonymous = Actor.newBuilder().setSubject("anonymous").setRequestId(RequestIds.of(ctx)).build();
            refusedUnidentified(anonymous, ctx.ip(), "client addresses", action, route, status, "");
            return;
        }
        Actor actor = Actors.of(principal, RequestIds.of(ctx));
        refused(actor, actor.getSubject(), action, route, status, "from " + ctx.ip());
    }

    /** The embedded registry's write, or refused write (counted like the API's refusals). */
    public void registryChange(RegistryChange change) {
        Actor actor = Actor.newBuilder().setSubject(change.user() == null ? "anonymous" : change.user()).build();
        if (!change.applied()) {
            // the user named credentials the registry refused: unverified, counted like an anonymous caller
            refusedUnidentified(actor, String.valueOf(change.user()), "user names", change.action(), change.subject(), 401, change.detail());
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

    /** A change the HTTP layer applied itself (after Kafka acknowledged it), written at once, off the caller's thread. */
    public void applied(Actor actor, String action, String target, String detail) {
        AuditEntry entry = entry(actor, action, target, AuditOutcome.APPLIED, null, detail);
        sender.execute(() -> send(entry));
    }

    /** A refusal of a caller its token names: counted by subject, action and target. */
    synchronized void refused(Actor actor, String subject, String action, String target, int status, String detail) {
        count(List.of("subject", String.valueOf(subject), action, outside(target)), actor, action, target, status, detail, null, null);
    }

    /**
     * A refusal of a caller no token names: counted by action and target only (whatever address or name it gives), with
     * how many distinct {@code source}s of the kind {@code sourceKind} tried.
     */
    synchronized void refusedUnidentified(Actor actor, String source, String sourceKind, String action, String target, int status,
                                          String detail) {
        count(List.of("unidentified", action, outside(target)), actor, action, target, status, detail, source, sourceKind);
    }

    private void count(List<String> key, Actor actor, String action, String target, int status, String detail, String source,
                       String sourceKind) {
        Pending known = pending.get(key);
        if (known == null) {
            if (pending.size() >= MAX_ENTRIES_PER_INTERVAL) {
                overflow++;
                return;
            }
            known = new Pending(entry(actor, action, target, AuditOutcome.REFUSED, status, detail), sourceKind);
            pending.put(key, known);
        } else {
            known.count++;
        }
        known.from(source);
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
            p.first.setDetail(outside(p.detail()));
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
        return AuditEntry.newBuilder().setId("http/" + UUID.randomUUID()).setAt(clock.instant()).setActor(ActorSeal.bounded(actor))
                .setAction(action).setTarget(outside(target)).setOutcome(outcome).setStatus(status)
                .setDetail(outside(detail)).setChanges(List.of()).build();
    }

    /** Text that may come from outside (a URL path, a registry subject), as the log keeps it: bounded, never a card number. */
    static String outside(String text) {
        if (text == null) {
            return "";
        }
        if (CardNumbers.containsCardNumber(text)) {
            return REDACTED;
        }
        return text.length() > MAX_TEXT ? text.substring(0, MAX_TEXT) : text;
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
