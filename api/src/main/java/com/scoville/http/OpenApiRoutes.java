package com.scoville.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.ContentType;
import io.javalin.http.Context;

import java.io.InputStream;
import java.util.regex.Pattern;

/**
 * The API's description: {@code GET /openapi.json} (the hand-written OpenAPI 3.1 document on the classpath) and
 * {@code GET /docs}, Swagger UI pointed at it. Swagger UI's files come from the {@code org.webjars:swagger-ui}
 * WebJar and are served under {@code /docs/{asset}}.
 */
public final class OpenApiRoutes {
    public static final String DOCUMENT_PATH = "/openapi.json";
    private static final String DOCUMENT_RESOURCE = "/openapi.json";
    private static final String WEBJAR_POM = "/META-INF/maven/org.webjars/swagger-ui/pom.properties";
    /** One file name of the WebJar's flat folder: no slash, no "..", no leading dot. */
    private static final Pattern ASSET = Pattern.compile("[A-Za-z0-9_-]+(\\.[A-Za-z0-9_-]+)*");

    private final byte[] document;
    private final String assetFolder;
    private final String page;

    public OpenApiRoutes() {
        this.document = ClasspathFiles.read(DOCUMENT_RESOURCE);
        this.assetFolder = "/META-INF/resources/webjars/swagger-ui/" + ClasspathFiles.webjarVersion(WEBJAR_POM, "org.webjars:swagger-ui") + "/";
        this.page = """
                <!DOCTYPE html>
                <html lang="en">
                  <head>
                    <meta charset="UTF-8">
                    <title>Scoville API</title>
                    <link rel="stylesheet" type="text/css" href="/docs/swagger-ui.css">
                    <link rel="icon" type="image/png" href="/docs/favicon-32x32.png" sizes="32x32">
                  </head>
                  <body>
                    <div id="swagger-ui"></div>
                    <script src="/docs/swagger-ui-bundle.js" charset="UTF-8"></script>
                    <script>
                      window.onload = function () {
                        window.ui = SwaggerUIBundle({ url: "%s", dom_id: "#swagger-ui", deepLinking: true });
                      };
                    </script>
                  </body>
                </html>
                """.formatted(DOCUMENT_PATH);
    }

    public void register(RoutesConfig routes) {
        routes.get(DOCUMENT_PATH, ctx -> ctx.contentType(ContentType.APPLICATION_JSON).result(document));
        routes.get("/docs", ctx -> ctx.html(page));
        routes.get("/docs/{asset}", this::asset);
    }

    private void asset(Context ctx) {
        String name = ctx.pathParam("asset");
        InputStream in = ASSET.matcher(name).matches() ? OpenApiRoutes.class.getResourceAsStream(assetFolder + name) : null;
        if (in == null) {
            throw ApiException.notFound("No Swagger UI file " + name);
        }
        ClasspathFiles.send(ctx, in, name, "public, max-age=3600");
    }


}
