package com.scoville.http.analytics;

import com.scoville.http.ApiException;
import com.scoville.http.ClasspathFiles;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * GraphiQL on the analytics: {@code GET /v1/analytics/graphiql} (a page from {@code graphiql/} on the classpath)
 * and its files under {@code /v1/analytics/graphiql/assets/{asset}}: the page's own script and styles, GraphiQL's
 * browser bundle from the {@code org.webjars.npm:graphiql} WebJar and React's from {@code react} and
 * {@code react-dom}. The page and its files are public, like {@code /docs}: they hold no data, and what the page
 * asks {@link AnalyticsGraphQlRoutes} carries the user's bearer token.
 */
public final class GraphiQlRoutes {
    public static final String PAGE_PATH = "/v1/analytics/graphiql";
    public static final String ASSETS_PATH = PAGE_PATH + "/assets/{asset}";
    private static final String OWN_FOLDER = "/graphiql/";

    private final String page;
    /** Every file the page may load, by the name it loads it with: nothing else is served. */
    private final Map<String, String> assets;

    public GraphiQlRoutes() {
        this.page = new String(ClasspathFiles.read(OWN_FOLDER + "index.html"), StandardCharsets.UTF_8);
        String graphiql = webjar("graphiql") + "/";
        String react = webjar("react") + "/umd/";
        String reactDom = webjar("react-dom") + "/umd/";
        this.assets = Map.of(
                "graphiql-page.js", OWN_FOLDER + "graphiql-page.js",
                "graphiql-page.css", OWN_FOLDER + "graphiql-page.css",
                "graphiql.min.js", graphiql + "graphiql.min.js",
                "graphiql.min.css", graphiql + "graphiql.min.css",
                "react.production.min.js", react + "react.production.min.js",
                "react-dom.production.min.js", reactDom + "react-dom.production.min.js");
        // fail at start, not at the first browser, if a WebJar's layout changed with its version
        assets.values().forEach(ClasspathFiles::read);
    }

    public void register(RoutesConfig routes) {
        routes.get(PAGE_PATH, ctx -> ctx.header("Cache-Control", "no-cache").html(page));
        routes.get(ASSETS_PATH, this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        String resource = assets.get(name);
        InputStream in = resource == null ? null : GraphiQlRoutes.class.getResourceAsStream(resource);
        if (in == null) {
            throw ApiException.notFound("No GraphiQL file " + name);
        }
        // the page's own files change with a release; the libraries' only with their versions
        ClasspathFiles.send(ctx, in, name, resource.startsWith(OWN_FOLDER) ? "no-cache" : "public, max-age=86400");
    }

    private static String webjar(String name) {
        String version = ClasspathFiles.webjarVersion("/META-INF/maven/org.webjars.npm/" + name + "/pom.properties", "org.webjars.npm:" + name);
        return "/META-INF/resources/webjars/" + name + "/" + version;
    }
}
