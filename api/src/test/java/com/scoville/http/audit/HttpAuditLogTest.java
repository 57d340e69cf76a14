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
            log.refused(anonymous(), "address 10.0.0.1", "access.unauthenticated", "POST /v1/orders", 401, "from 10.0.0.1");
        }
        log.refused(anonymous(), "address 10.0.0.2", "access.unauthenticated", "POST /v1/orders", 401, "from 10.0.0.2");

        log.flush();

        assertThat(written).extracting(AuditEntry::getCount).containsExactly(1_000, 1);
        assertThat(written).allMatch(e -> e.getOutcome() == AuditOutcome.REFUSED && e.getStatus() == 401);
    }

    @Test
    void shouldBoundTheEntriesOfOneIntervalAndCountTheRestInOne() {
        int callers = HttpAuditLog.MAX_ENTRIES_PER_INTERVAL + 500;
        for (int i = 0; i < callers; i++) {
            log.refused(anonymous(), "address 10.0." + i / 256 + "." + i % 256, "access.unauthenticated", "GET /v1/orders", 401, "");
        }

        log.flush();

        assertThat(written).hasSize(HttpAuditLog.MAX_ENTRIES_PER_INTERVAL + 1);
        AuditEntry overflow = written.get(written.size() - 1);
        assertThat(overflow.getAction()).isEqualTo("access.refused");
        assertThat(overflow.getCount()).isEqualTo(500);
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

    private static Actor anonymous() {
        return Actor.newBuilder().setSubject("anonymous").build();
    }
}
