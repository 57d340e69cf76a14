package com.scoville.http.audit;

import com.scoville.avro.Actor;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.AuditOutcome;
import com.scoville.devstack.registry.RegistryChange;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/** The HTTP layer's audit entries: refusals counted, never more than a bounded number of entries per interval. */
class HttpAuditLogTest {
    private final List<AuditEntry> written = new CopyOnWriteArrayList<>();
    // flushed by the test, not by the clock
    private final HttpAuditLog log = new HttpAuditLog(entry -> {
        written.add(entry);
        return CompletableFuture.completedFuture(null);
    }, Clock.systemUTC(), Duration.ofHours(1));

    @AfterEach
    void close() {
        log.close();
    }

    @Test
    void shouldWriteRepeatedRefusalsOfOneCallerAsOneEntryWithTheirCount() {
        for (int i = 0; i < 1_000; i++) {
            log.refused(subject("web-shop"), "web-shop", "access.forbidden", "POST /v1/orders", 403, "from 10.0.0.1");
        }
        log.refused(subject("mobile-app"), "mobile-app", "access.forbidden", "POST /v1/orders", 403, "from 10.0.0.2");

        log.flush();

        assertThat(written).extracting(AuditEntry::getCount).containsExactly(1_000, 1);
        assertThat(written).allMatch(e -> e.getOutcome() == AuditOutcome.REFUSED && e.getStatus() == 403);
    }

    @Test
    void shouldCountAnonymousRefusalsByActionAndRouteWithTheNumberOfDistinctAddresses() {
        // given a flood without a token from 700 addresses on one route, and one on another
        for (int i = 0; i < 2_100; i++) {
            log.refusedUnidentified(anonymous(), "10.0." + (i % 700) / 256 + "." + (i % 700) % 256, "client addresses",
                    "access.unauthenticated", "POST /v1/orders", 401, "");
        }
        log.refusedUnidentified(anonymous(), "10.9.9.9", "client addresses", "access.unauthenticated", "GET /v1/orders", 401, "");

        log.flush();

        assertThat(written).extracting(AuditEntry::getTarget, AuditEntry::getCount, AuditEntry::getDetail).containsExactly(
                org.assertj.core.groups.Tuple.tuple("POST /v1/orders", 2_100, "from 700 distinct client addresses"),
                org.assertj.core.groups.Tuple.tuple("GET /v1/orders", 1, "from 1 distinct client addresses"));
    }

    @Test
    void shouldBoundTheEntriesOfOneIntervalAndCountTheRestInOne() {
        int callers = HttpAuditLog.MAX_ENTRIES_PER_INTERVAL + 500;
        for (int i = 0; i < callers; i++) {
            log.refused(subject("customer-" + i), "customer-" + i, "access.forbidden", "GET /v1/orders", 403, "");
        }

        log.flush();

        assertThat(written).hasSize(HttpAuditLog.MAX_ENTRIES_PER_INTERVAL + 1);
        AuditEntry overflow = written.get(written.size() - 1);
        assertThat(overflow.getAction()).isEqualTo("access.refused");
        assertThat(overflow.getCount()).isEqualTo(500);
    }

    @Test
    void shouldBoundARefusedRegistryWritesTextAndNeverKeepACardNumber() {
        // given refused registry writes naming subjects from the URL: an overlong one, one holding a card number
        log.registryChange(new RegistryChange("registry.schema.register", "s".repeat(5_000), "intruder", false, "bad credentials", null, null));
        log.registryChange(new RegistryChange("registry.schema.register", "card-4111-1111-1111-1111-value", "4111111111111111", false,
                "bad credentials", null, null));
        log.registryChange(new RegistryChange("registry.schema.register", "card-4111-1111-1111-1111-value", "other", false,
                "bad credentials", null, null));

        log.flush();

        assertThat(written).hasSize(2);
        assertThat(written.get(0).getTarget()).hasSize(HttpAuditLog.MAX_TEXT);
        assertThat(written.get(1).getTarget()).isEqualTo("(redacted)");
        assertThat(written.get(1).getCount()).isEqualTo(2);
        assertThat(written.get(1).getDetail()).isEqualTo("bad credentials; from 2 distinct user names");
        assertThat(written).allSatisfy(e -> assertThat(e.toString()).doesNotContain("4111"));
    }

    @Test
    void shouldWriteAnAppliedChangeOfTheHttpLayer() {
        log.applied(subject("backoffice"), "webhook.register", "wh-1", "https://hooks.example.com/in");

        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        assertThat(written.get(0)).satisfies(e -> {
            assertThat(e.getOutcome()).isEqualTo(AuditOutcome.APPLIED);
            assertThat(e.getTarget()).isEqualTo("wh-1");
            assertThat(e.getActor().getSubject()).isEqualTo("backoffice");
        });
    }

    @Test
    void shouldWriteARegistryLevelChangeWithItsBeforeAndAfter() {
        log.registryChange(new RegistryChange("registry.config.set", "orders-value", "ops", true, "compatibility NONE", "BACKWARD", "NONE"));

        await().atMost(Duration.ofSeconds(5)).until(() -> written.size() == 1);
        AuditEntry entry = written.get(0);
        assertThat(entry.getActor().getSubject()).isEqualTo("ops");
        assertThat(entry.getOutcome()).isEqualTo(AuditOutcome.APPLIED);
        assertThat(entry.getChanges()).singleElement().satisfies(c -> {
            assertThat(c.getBefore()).isEqualTo("BACKWARD");
            assertThat(c.getAfter()).isEqualTo("NONE");
        });
    }

    @Test
    void shouldRecordARefusalOfTheGateUnderItsRouteTemplateAndRequestId() throws Exception {
        io.javalin.Javalin app = com.scoville.http.HttpApi.create("127.0.0.1", 0, com.scoville.http.Json.mapper(), List.of(log::watch,
                routes -> {
                    routes.beforeMatched(ctx -> {
                        throw new com.scoville.http.ApiException(com.scoville.http.ApiException.Kind.UNAUTHORIZED, "no token",
                                List.of(), null, null, java.util.Map.of());
                    });
                    routes.post("/v1/things/{id}", ctx -> ctx.status(204));
                })).start();
        try {
            var answer = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + app.port() + "/v1/things/42")).header("X-Request-Id", "req-42")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(answer.statusCode()).isEqualTo(401);
            assertThat(answer.headers().firstValue("X-Request-Id")).contains("req-42");
            var carded = java.net.http.HttpClient.newHttpClient().send(java.net.http.HttpRequest.newBuilder(
                            java.net.URI.create("http://127.0.0.1:" + app.port() + "/v1/things/43")).header("X-Request-Id", "4111111111111111")
                    .POST(java.net.http.HttpRequest.BodyPublishers.noBody()).build(), java.net.http.HttpResponse.BodyHandlers.ofString());
            assertThat(carded.headers().firstValue("X-Request-Id")).as("a card-like id is replaced").hasValueSatisfying(id ->
                    assertThat(id).isNotEqualTo("4111111111111111").hasSize(36));
        } finally {
            app.stop();
        }

        log.flush();

        assertThat(written).hasSize(1).first().satisfies(e -> {
            assertThat(e.getCount()).as("the two refusals of one caller and route").isEqualTo(2);
            assertThat(e.getAction()).isEqualTo("access.unauthenticated");
            assertThat(e.getTarget()).isEqualTo("POST /v1/things/{id}");
            assertThat(e.getActor().getRequestId()).isEqualTo("req-42");
        });
    }

    private static Actor subject(String subject) {
        return Actor.newBuilder().setSubject(subject).setRoles(List.of("channel")).build();
    }

    private static Actor anonymous() {
        return Actor.newBuilder().setSubject("anonymous").build();
    }
}
