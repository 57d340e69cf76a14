package com.scoville.http;

import com.scoville.service.it.fuzz.FuzzClient;
import com.scoville.service.it.fuzz.FuzzRequest.Header;
import com.scoville.service.it.fuzz.FuzzRequest;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

import static org.assertj.core.api.Assertions.assertThat;

/** How long a client asks to wait ({@code Prefer: wait=N}), read like the contract says: at most 10 s, garbage none. */
class HttpRequestsTest {
    private static Javalin app;
    private static FuzzClient client;

    @BeforeAll
    static void startAnAppThatEchoesTheWait() {
        Consumer<RoutesConfig> echo = routes -> {
            routes.get("/wait", ctx -> ctx.result(String.valueOf(HttpRequests.preferWait(ctx).toSeconds())));
            routes.get("/since", ctx -> ctx.result(String.valueOf(HttpRequests.instantParam(ctx, "from"))));
        };
        app = HttpApi.create("127.0.0.1", 0, Json.mapper(), List.of(echo)).start();
        client = new FuzzClient("http://127.0.0.1:" + app.port(), 1);
    }

    @AfterAll
    static void stopTheApp() {
        client.close();
        app.stop();
    }

    @Test
    void shouldReadTheWaitAsSecondsAtMostTenAndGarbageAsNone() {
        Map<String, String> expected = Map.of(
                "wait=3", "3", "respond-async, wait=2", "2", "wait=00000000000001", "1", "wait=99999999999999999999", "10",
                "wait=11", "10", "wait=abc", "0", "wait=-1", "0", "wait=", "0");
        expected.forEach((prefer, seconds) -> {
            // when
            FuzzClient.Answer answer = client.send(new FuzzRequest("test", "GET", "/wait", List.of(new Header("Prefer", prefer)), null));

            // then
            assertThat(answer.bodyText()).as(prefer).isEqualTo(seconds);
        });
    }

    @Test
    void shouldAnswer400ForAnInstantOutsideTheYearsZeroTo9999() {
        Map<String, Integer> expected = Map.of(
                "2026-11-25T12:00:00Z", 200, "0000-01-01T00:00:00Z", 200, "9999-12-31T23:59:59.999Z", 200,
                "%2B1000000000-01-01T00:00:00Z", 400, "-1000000000-01-01T00:00:00Z", 400, "%2B10000-01-01T00:00:00Z", 400,
                "-0001-12-31T23:59:59Z", 400, "yesterday", 400);
        expected.forEach((from, status) -> {
            // when
            FuzzClient.Answer answer = client.send(new FuzzRequest("test", "GET", "/since?from=" + from, List.of(), null));

            // then
            assertThat(answer.status()).as(from).isEqualTo(status);
            if (status == 400) {
                assertThat(answer.bodyText()).as(from).contains("\"from\"");
            }
        });
    }
}
