package com.scoville.http.analytics;

import com.scoville.http.ApiException;
import com.scoville.http.ClasspathFiles;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/**
 * The owner's live page: {@code GET /dashboard} (plain HTML, CSS and JS from {@code dashboard/} on the classpath)
 * and its files under {@code /dashboard/assets/{asset}}: the page's own, then the charting library from the
 * {@code org.webjars.npm:echarts} WebJar. The page reads the API itself (GraphQL and REST) every two seconds.
 */
public final class DashboardRoutes {
    public static final String PAGE_PATH = "/dashboard";
    private static final String OWN_FOLDER = "/dashboard/";
    private static final String WEBJAR_POM = "/META-INF/maven/org.webjars.npm/echarts/pom.properties";
    /** One file name of a flat folder: no slash, no "..", no leading dot. */
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final String page;
    private final String chartsFolder;

    public DashboardRoutes() {
        this.page = new String(ClasspathFiles.read(OWN_FOLDER + "index.html"), StandardCharsets.UTF_8);
        this.chartsFolder = "/META-INF/resources/webjars/echarts/" + ClasspathFiles.webjarVersion(WEBJAR_POM, "org.webjars.npm:echarts") + "/dist/";
    }

    public void register(RoutesConfig routes) {
        routes.get(PAGE_PATH, ctx -> ctx.header("Cache-Control", "no-cache").html(page));
        routes.get(PAGE_PATH + "/assets/{asset}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        if (!ASSET.matcher(name).matches()) {
            throw ApiException.notFound("No dashboard file " + name);
        }
        InputStream own = DashboardRoutes.class.getResourceAsStream(OWN_FOLDER + name);
        InputStream in = own != null ? own : DashboardRoutes.class.getResourceAsStream(chartsFolder + name);
        if (in == null) {
            throw ApiException.notFound("No dashboard file " + name);
        }
        // the page's own files change with a release; the library's only with its version
        ClasspathFiles.send(ctx, in, name, own != null ? "no-cache" : "public, max-age=86400");
    }


}
