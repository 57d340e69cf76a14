package com.scoville.api;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.json.JavalinJackson;

import java.util.List;
import java.util.function.Consumer;

/** Builds the Javalin app from the routes of each domain; every error leaves as problem+json. */
public final class HttpApi {
    private HttpApi() { }

    public static Javalin create(String host, int port, ObjectMapper json, List<Consumer<RoutesConfig>> routeGroups) {
        return Javalin.create(config -> {
            config.jetty.host = host;
            config.jetty.port = port;
            config.startup.showJavalinBanner = false;
            config.jsonMapper(new JavalinJackson(json, false));
            Problems.register(config.routes);
            routeGroups.forEach(group -> group.accept(config.routes));
        });
    }
}
