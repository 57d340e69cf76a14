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

/**
 * GET /v1/analytics/graphiql serves GraphiQL's page and every file it loads from this service (a browser here has
 * no other site to load them from), and nothing else.
 */
class GraphiQlRoutesTest {
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private static Javalin app;

    @BeforeAll
    static void start() {
        app = HttpApi.create("127.0.0.1", 0, Json.mapper(), List.of(new GraphiQlRoutes()::register)).start();
    }

    @AfterAll
    static void stop() {
        if (app != null) {
            app.stop();
        }
    }

    @Test
    void shouldServeThePageLoadingOnlyItsOwnFiles() {
        // when
        HttpResponse<String> page = get(GraphiQlRoutes.PAGE_PATH);

        // then it is HTML with the place GraphiQL fills and the sign-in, and names no other site
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("text/html"));
        assertThat(page.body()).contains("id=\"graphiql\"", "id=\"sign-in\"", "id=\"client-id\"", "id=\"pasted-token\"");
        assertThat(page.body()).doesNotContain("http://", "https://", "//unpkg", "//cdn");
    }

    @Test
    void shouldServeEveryFileThePageLoads() {
        // given the scripts and styles the page names
        List<String> assets = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"([^\"]+)\"").matcher(get(GraphiQlRoutes.PAGE_PATH).body());
        while (m.find()) {
            assets.add(m.group(1));
        }
        String folder = GraphiQlRoutes.PAGE_PATH + "/assets/";
        assertThat(assets).filteredOn(a -> !a.equals("/dashboard")).allSatisfy(a -> assertThat(a).startsWith(folder));
        assertThat(assets).contains(folder + "graphiql.min.js", folder + "graphiql.min.css", folder + "react.production.min.js",
                folder + "react-dom.production.min.js", folder + "graphiql-page.js", folder + "graphiql-page.css");

        // when / then each answers, with its type
        for (String asset : assets.stream().filter(a -> a.startsWith(folder)).toList()) {
            HttpResponse<String> file = get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.body()).as(asset).isNotEmpty();
            assertThat(file.headers().firstValue("Content-Type")).as(asset)
                    .hasValueSatisfying(t -> assertThat(t).contains(asset.endsWith(".css") ? "text/css" : "javascript"));
        }
        assertThat(get(folder + "graphiql.min.js").body()).contains("GraphiQL");
        assertThat(get(folder + "react-dom.production.min.js").body()).contains("react-dom.production.min.js");
        assertThat(get(folder + "react.production.min.js").headers().firstValue("Cache-Control")).hasValue("public, max-age=86400");
        // the page's script asks the GraphQL endpoint with the dashboard's token
        assertThat(get(folder + "graphiql-page.js").body()).contains(AnalyticsGraphQlRoutes.PATH, "'scoville.token'", "Bearer ");
        assertThat(get(folder + "graphiql-page.js").headers().firstValue("Cache-Control")).hasValue("no-cache");
    }

    @Test
    void shouldRefuseAnyOtherFile() {
        // when
        String folder = GraphiQlRoutes.PAGE_PATH + "/assets/";
        List<HttpResponse<String>> answers = List.of(
                get(folder + "graphiql.js"),
                get(folder + "package.json"),
                get(folder + "index.html"),
                get(folder + "%2e%2e%2fopenapi.json"),
                get(folder + "..%2f..%2fgraphql%2fanalytics.graphqls"));

        // then
        for (HttpResponse<String> answer : answers) {
            assertThat(answer.statusCode()).as(answer.uri().toString()).isEqualTo(404);
            assertThat(answer.body()).doesNotContain("\"openapi\"", "type Query", "\"dependencies\"");
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
