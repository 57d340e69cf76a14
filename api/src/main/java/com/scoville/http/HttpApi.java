package com.scoville.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.audit.RequestIds;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;

import java.util.List;
import java.util.function.Consumer;

/** Builds the Javalin app from the routes of each domain; every error leaves as problem+json. */
public final class HttpApi {
    /**
     * The largest body read (413 problem beyond it), so that no client makes the service buffer more. The largest
     * legal order (50 lines and an address) is a few kilobytes, like any sensible GraphQL document.
     */
    public static final long MAX_REQUEST_BYTES = 1_000_000;

    private HttpApi() { }

    public static Javalin create(String host, int port, ObjectMapper json, List<Consumer<RoutesConfig>> routeGroups) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            config.http.maxRequestSize = MAX_REQUEST_BYTES;
            JettyProblems jettyErrors = new JettyProblems(json);
            config.jetty.modifyServer(server -> server.setErrorHandler(jettyErrors));
            config.jetty.modifyServletContextHandler(context -> context.setErrorHandler(jettyErrors));
            Problems.register(config.routes);
            config.routes.before(RequestIds::assign);
            // Every body is read before anything answers (cached for the handler; over the limit: 413). Answered
            // unread (a 401, a GET with a body), Jetty closed the connection under a client still sending it, who
            // saw a reset instead of the answer (ContractFuzzIT: GET /metrics with 200 kB of JSON).
            config.routes.before(ctx -> ctx.bodyAsBytes());
            routeGroups.forEach(group -> group.accept(config.routes));
        });
    }
}
