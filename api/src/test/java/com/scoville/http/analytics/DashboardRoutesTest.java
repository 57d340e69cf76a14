package com.scoville.http.analytics;

import com.scoville.http.HttpApi;
import com.scoville.http.Json;
import com.scoville.http.Problems;
import io.javalin.Javalin;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

/** GET /dashboard serves the page, its own files and the charting library from the classpath, and nothing else. */
class DashboardRoutesTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = HttpApi.create("127.0.0.1", 0, Json.mapper(), List.of(new DashboardRoutes()::register)).start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void shouldServeThePageWithTheElementsItFills() {
        // when
        HttpResponse<String> page = get("/dashboard");

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("id=\"revenue-today\"", "id=\"orders-today\"", "id=\"top-products\"",
                "id=\"low-stock\"", "id=\"latest-orders\"", "id=\"chart-minutes\"", "id=\"chart-hours\"");
    }

    @Test
    void shouldServeEveryFileThePageLoads() {
        // given the scripts and styles the page names
        List<String> assets = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"(/dashboard/assets/[^\"]+)\"").matcher(get("/dashboard").body());
        while (m.find()) {
            assets.add(m.group(1));
        }
        assertThat(assets).contains("/dashboard/assets/echarts.min.js", "/dashboard/assets/dashboard.js", "/dashboard/assets/dashboard.css");

        // when / then each answers
        for (String asset : assets) {
            HttpResponse<String> file = get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.body()).as(asset).isNotEmpty();
        }
        HttpResponse<String> charts = get("/dashboard/assets/echarts.min.js");
        assertThat(charts.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).contains("javascript"));
        assertThat(charts.body()).contains("echarts");
        assertThat(get("/dashboard/assets/dashboard.js").body()).contains("/v1/analytics/sales", "/v1/products", "/v1/orders?limit=10");
        assertThat(get("/dashboard/assets/dashboard.css").headers().firstValue("Content-Type"))
                .hasValueSatisfying(t -> assertThat(t).startsWith("text/css"));
    }

    @Test
    void shouldRefuseFilesOutsideItsFolders() {
        // when
        List<HttpResponse<String>> answers = List.of(
                get("/dashboard/assets/no-such-file.js"),
                get("/dashboard/assets/..pom.properties"),
                get("/dashboard/assets/%2e%2e%2fopenapi.json"),
                get("/dashboard/assets/..%2f..%2fgraphql%2fanalytics.graphqls"));

        // then
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("\"openapi\"", "type Query");
        }
        assertThat(answers.get(0).headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith(Problems.CONTENT_TYPE));
    }

    private static HttpResponse<String> get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + app.port() + path)).timeout(Duration.ofSeconds(10)).GET().build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
