package com.scoville.http;

import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.scoville.http.analytics.AnalyticsGraphQl;
import com.scoville.http.analytics.AnalyticsGraphQlRoutes;
import com.scoville.http.analytics.AnalyticsRoutes;
import com.scoville.http.analytics.AnalyticsService;
import com.scoville.http.analytics.DashboardRoutes;
import com.scoville.http.analytics.FeedbackRoutes;
import com.scoville.http.analytics.GraphiQlRoutes;
import com.scoville.http.catalog.ProductRoutes;
import com.scoville.http.inventory.InventoryRoutes;
import com.scoville.http.orders.OrderRoutes;
import io.javalin.Javalin;
import io.javalin.config.RoutesConfig;
import io.javalin.http.HandlerType;
import io.javalin.router.Endpoint;
import org.apache.kafka.streams.KafkaStreams;
import org.apache.kafka.streams.StreamsBuilder;
import org.apache.kafka.streams.StreamsConfig;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.scoville.http.security.DevIssuer;
import com.scoville.http.security.DevIssuerRoutes;
import com.scoville.http.security.Gatekeeper;
import com.scoville.http.security.RateLimits;
import com.scoville.http.security.TokenVerifier;
import com.scoville.http.webhooks.WebhookRoutes;
import java.io.File;
import java.time.Clock;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.lang.reflect.Method;
import java.lang.reflect.Modifier;
import java.lang.reflect.RecordComponent;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.SoftAssertions.assertSoftly;

/** GET /openapi.json describes exactly the routes the app registers, and GET /docs shows it in Swagger UI. */
class OpenApiDocumentTest {
    private static final Set<String> HTTP_METHODS = Set.of("get", "post", "put", "patch", "delete", "query");
    /** Where the records behind the schemas live: the HTTP layer's, and Violation (streams-app, com.scoville). */
    private static final List<String> DTO_PACKAGES = List.of("com.scoville.http", "com.scoville.http.orders",
            "com.scoville.http.catalog", "com.scoville.http.inventory", "com.scoville.http.analytics", "com.scoville.http.audit", "com.scoville.http.webhooks",
            "com.scoville");
    /** Schemas named otherwise than their record: Problems.Problem is plain "Problem"; Page<ProductView> is generic. */
    private static final Map<String, Class<?>> RENAMED_SCHEMAS = Map.of(
            "Problem", Problems.Problem.class,
            "ProductPage", Page.class);
    /** Object schemas with no record behind them: the handlers answer a map (GraphQL's result is graphql-java's map). */
    private static final Set<String> MAP_SCHEMAS = Set.of("HealthStatus", "GraphQlResponse", "GraphQlError");
    private static final Pattern PATH_PARAM = Pattern.compile("\\{([^}]+)}");

    private static final ObjectMapper JSON = Json.mapper();
    private static final HttpClient CLIENT = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    private static final Map<Class<?>, Consumer<RoutesConfig>> ROUTE_GROUPS = new LinkedHashMap<>();
    private static Javalin app;
    private static KafkaStreams unstartedStreams;
    private static Metrics metrics;
    @TempDir
    static Path stateDir;
    private static String base;
    private static JsonNode document;

    @BeforeAll
    static void startTheAppWithEveryRouteGroup() throws IOException {
        ObjectMapper json = Json.mapper();
        // Registering routes calls no service, so the route classes need none.
        ROUTE_GROUPS.put(HealthRoutes.class, new HealthRoutes(() -> true, () -> true, () -> true)::register);
        ROUTE_GROUPS.put(OrderRoutes.class, new OrderRoutes(null, null, json)::register);
        ROUTE_GROUPS.put(ProductRoutes.class, new ProductRoutes(null, json)::register);
        ROUTE_GROUPS.put(InventoryRoutes.class, new InventoryRoutes(null, json)::register);
        ROUTE_GROUPS.put(OpenApiRoutes.class, new OpenApiRoutes()::register);
        ROUTE_GROUPS.put(AnalyticsRoutes.class, new AnalyticsRoutes(null)::register);
        ROUTE_GROUPS.put(AnalyticsGraphQlRoutes.class, new AnalyticsGraphQlRoutes(new AnalyticsGraphQl((AnalyticsService) null), json)::register);
        ROUTE_GROUPS.put(DashboardRoutes.class, new DashboardRoutes()::register);
        ROUTE_GROUPS.put(GraphiQlRoutes.class, new GraphiQlRoutes()::register);
        ROUTE_GROUPS.put(FeedbackRoutes.class, new FeedbackRoutes(null, json)::register);
        ROUTE_GROUPS.put(com.scoville.http.audit.AuditRoutes.class, new com.scoville.http.audit.AuditRoutes(null)::register);
        ROUTE_GROUPS.put(WebhookRoutes.class, new WebhookRoutes(null, json)::register);
        DevIssuer issuer = new DevIssuer("http://127.0.0.1/oauth2", "scoville", "scoville-dev", Clock.systemUTC());
        ROUTE_GROUPS.put(DevIssuerRoutes.class, new DevIssuerRoutes(issuer)::register);
        ROUTE_GROUPS.put(Gatekeeper.class, new Gatekeeper(new TokenVerifier(issuer.issuer(), "scoville", issuer.keys(), Clock.systemUTC()),
                RateLimits.parse("anonymous=100000/s"), Gatekeeper.peerProof("test"))::register);
        // Metrics binds to a KafkaStreams: one that is built, never started, connects to nothing.
        unstartedStreams = unstartedStreams();
        metrics = new Metrics(unstartedStreams);
        ROUTE_GROUPS.put(Metrics.class, metrics::register);
        app = HttpApi.create("127.0.0.1", 0, json, List.copyOf(ROUTE_GROUPS.values())).start();
        base = "http://127.0.0.1:" + app.port();
        try (InputStream in = OpenApiDocumentTest.class.getResourceAsStream("/openapi.json")) {
            assertThat(in).as("openapi.json on the classpath").isNotNull();
            document = JSON.readTree(in);
        }
    }

    @AfterAll
    static void stopTheApp() {
        if (app != null) {
            app.stop();
        }
        if (metrics != null) {
            metrics.close();
        }
        if (unstartedStreams != null) {
            unstartedStreams.close(Duration.ofSeconds(5));
        }
    }

    private static KafkaStreams unstartedStreams() {
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "openapi-document-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "127.0.0.1:9");
        props.put(StreamsConfig.STATE_DIR_CONFIG, stateDir.toString());
        StreamsBuilder builder = new StreamsBuilder();
        builder.stream("unused");
        return new KafkaStreams(builder.build(), props);
    }

    @Test
    void shouldDocumentEveryRegisteredRoute() {
        // given the routes the app registered
        Set<String> registered = registeredRoutes();

        // when reading the routes the document names
        Set<String> documented = documentedRoutes();

        // then each side holds exactly the other
        assertThat(registered).isNotEmpty();
        assertSoftly(softly -> {
            softly.assertThat(minus(registered, documented)).as("registered routes missing from openapi.json").isEmpty();
            softly.assertThat(minus(documented, registered)).as("routes in openapi.json that the app does not register").isEmpty();
        });
    }

    @Test
    void shouldBuildTheAppUnderTestFromEveryRouteClass() throws IOException, URISyntaxException {
        // given every class of the service with a public register(RoutesConfig) method
        Path classes = Path.of(OpenApiRoutes.class.getProtectionDomain().getCodeSource().getLocation().toURI());
        Set<String> routeClasses = new TreeSet<>();
        try (Stream<Path> files = Files.walk(classes)) {
            for (Path file : files.filter(f -> f.toString().endsWith(".class")).toList()) {
                String name = classes.relativize(file).toString().replace(File.separatorChar, '.').replaceAll("\\.class$", "");
                registerMethodOf(name).ifPresent(routeClasses::add);
            }
        }

        // then the app the document is checked against mounts each of them (a new one must be added above, and documented)
        assertThat(routeClasses).isEqualTo(ROUTE_GROUPS.keySet().stream().map(Class::getName).collect(Collectors.toCollection(TreeSet::new)));
    }

    @Test
    void shouldServeTheDocumentAsOpenApi31() throws IOException {
        // when
        HttpResponse<String> response = get(OpenApiRoutes.DOCUMENT_PATH);

        // then
        assertThat(response.statusCode()).isEqualTo(200);
        assertThat(response.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/json"));
        JsonNode served = JSON.readTree(response.body());
        assertThat(served.path("openapi").asText()).isEqualTo("3.1.0");
        assertThat(served.path("info").path("title").asText()).isEqualTo("Scoville");
        assertThat(served.path("info").path("version").asText()).isEqualTo("0.1.0");
        assertThat(served).isEqualTo(document);
    }

    @Test
    void shouldServeSwaggerUiPointingAtTheDocument() {
        // when
        HttpResponse<String> page = get("/docs");

        // then
        assertThat(page.statusCode()).isEqualTo(200);
        assertThat(page.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("text/html"));
        assertThat(page.body()).contains("swagger-ui-bundle.js", "swagger-ui.css", "SwaggerUIBundle", "\"/openapi.json\"");
    }

    @Test
    void shouldServeTheSwaggerUiFilesFromTheWebJar() {
        // given the files the page loads
        HttpResponse<String> page = get("/docs");
        List<String> assets = new ArrayList<>();
        Matcher m = Pattern.compile("(?:src|href)=\"(/docs/[^\"]+)\"").matcher(page.body());
        while (m.find()) {
            assets.add(m.group(1));
        }
        assertThat(assets).contains("/docs/swagger-ui-bundle.js", "/docs/swagger-ui.css");

        // when / then each answers from the WebJar
        for (String asset : assets) {
            HttpResponse<String> file = get(asset);
            assertThat(file.statusCode()).as(asset).isEqualTo(200);
            assertThat(file.body()).as(asset).isNotEmpty();
        }
        HttpResponse<String> bundle = get("/docs/swagger-ui-bundle.js");
        assertThat(bundle.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).contains("javascript"));
        assertThat(bundle.body()).contains("SwaggerUIBundle");
    }

    @Test
    void shouldAnswerAnUnknownSwaggerUiFileWithAProblem() {
        // when
        HttpResponse<String> missing = get("/docs/no-such-file.js");
        HttpResponse<String> sneaky = get("/docs/..pom.properties");

        // then
        assertThat(missing.statusCode()).isEqualTo(404);
        assertThat(missing.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith(Problems.CONTENT_TYPE));
        assertThat(sneaky.statusCode()).isEqualTo(404);
    }

    @Test
    void shouldResolveEveryReference() {
        // given every $ref of the document
        List<String> refs = new ArrayList<>();
        collectRefs(document, refs);
        assertThat(refs).isNotEmpty();

        // then each points at something inside it
        assertThat(refs).allSatisfy(ref -> {
            assertThat(ref).startsWith("#/");
            assertThat(document.at(ref.substring(1)).isMissingNode()).as("%s resolves", ref).isFalse();
        });
    }

    @Test
    void shouldDeclareEveryPathParameter() {
        document.path("paths").fields().forEachRemaining(path -> {
            // given the parameters named in the path template
            Set<String> inTemplate = new TreeSet<>();
            Matcher m = PATH_PARAM.matcher(path.getKey());
            while (m.find()) {
                inTemplate.add(m.group(1));
            }
            path.getValue().fields().forEachRemaining(operation -> {
                if (!HTTP_METHODS.contains(operation.getKey())) {
                    return;
                }
                // when collecting the path parameters the operation declares (its own and its path's)
                Set<String> declared = new TreeSet<>();
                for (JsonNode list : List.of(path.getValue().path("parameters"), operation.getValue().path("parameters"))) {
                    list.forEach(p -> {
                        JsonNode param = resolve(p);
                        if ("path".equals(param.path("in").asText())) {
                            assertThat(param.path("required").asBoolean()).as("%s %s: path parameter %s is required",
                                    operation.getKey(), path.getKey(), param.path("name").asText()).isTrue();
                            declared.add(param.path("name").asText());
                        }
                    });
                }
                // then they are the same
                assertThat(declared).as("path parameters of %s %s", operation.getKey(), path.getKey()).isEqualTo(inTemplate);
            });
        });
    }

    @Test
    void shouldDescribeEveryErrorOfTheApiAsProblemJson() {
        List<String> checked = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> {
            if (path.getKey().startsWith("/health/")) {
                return; // readiness answers 503 with plain {status: DOWN}
            }
            path.getValue().fields().forEachRemaining(operation -> {
                if (!HTTP_METHODS.contains(operation.getKey())) {
                    return;
                }
                operation.getValue().path("responses").fields().forEachRemaining(response -> {
                    String status = response.getKey();
                    if (status.equals("default") || status.startsWith("4") || status.startsWith("5")) {
                        // then
                        JsonNode content = resolve(response.getValue()).path("content");
                        String where = operation.getKey() + " " + path.getKey() + " " + status;
                        assertThat(iterable(content.fieldNames())).as(where).containsExactly(Problems.CONTENT_TYPE);
                        JsonNode schema = content.path(Problems.CONTENT_TYPE).path("schema");
                        boolean isProblem = "#/components/schemas/Problem".equals(schema.path("$ref").asText())
                                || iterable(schema.path("allOf").elements()).stream()
                                .anyMatch(s -> "#/components/schemas/Problem".equals(s.path("$ref").asText()));
                        assertThat(isProblem).as("%s is a Problem", where).isTrue();
                        checked.add(where);
                    }
                });
            });
        });
        assertThat(checked).isNotEmpty();
    }

    @Test
    void shouldRequireAnIdempotencyKeyOnEveryWrite() {
        List<String> checked = new ArrayList<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(operation -> {
            // given every operation that writes: GraphQL's POST only reads
            boolean writes = Set.of("post", "put", "patch", "delete").contains(operation.getKey())
                    && !path.getKey().equals("/v1/analytics/sales") && !path.getKey().startsWith("/oauth2/");
            if (!writes) {
                return;
            }
            String where = operation.getKey() + " " + path.getKey();

            // when reading the headers it declares
            List<JsonNode> keys = iterable(operation.getValue().path("parameters").elements()).stream().map(OpenApiDocumentTest::resolve)
                    .filter(p -> "header".equals(p.path("in").asText()) && "Idempotency-Key".equals(p.path("name").asText()))
                    .toList();

            // then the key is among them, required, and a missing one is a documented 400
            assertThat(keys).as("%s declares Idempotency-Key", where).singleElement()
                    .satisfies(p -> assertThat(p.path("required").asBoolean()).as("%s requires it", where).isTrue());
            assertThat(operation.getValue().path("responses").has("400")).as("%s documents 400", where).isTrue();
            checked.add(where);
        }));
        assertThat(checked).hasSize(10);
    }

    @Test
    void shouldNameEachSchemaAfterTheRecordItDescribesWithTheSameFields() {
        document.path("components").path("schemas").fields().forEachRemaining(entry -> {
            String name = entry.getKey();
            JsonNode schema = entry.getValue();
            if (!"object".equals(schema.path("type").asText()) || MAP_SCHEMAS.contains(name)) {
                return;
            }
            // given the record the schema is named after
            Optional<Class<?>> record = recordNamed(name);
            assertThat(record).as("a record for schema %s", name).isPresent();

            // when reading the fields Jackson writes for it
            Set<String> fields = Arrays.stream(record.get().getRecordComponents())
                    .filter(c -> !c.getAccessor().isAnnotationPresent(JsonUnwrapped.class))
                    .map(RecordComponent::getName)
                    .collect(Collectors.toCollection(TreeSet::new));

            // then the schema has exactly those properties
            assertThat(new TreeSet<>(iterable(schema.path("properties").fieldNames()))).as("properties of %s", name).isEqualTo(fields);
            assertThat(iterable(schema.path("required").elements()).stream().map(JsonNode::asText).toList())
                    .as("required properties of %s", name).isSubsetOf(fields);
        });
    }

    private static Set<String> minus(Set<String> all, Set<String> removed) {
        Set<String> rest = new TreeSet<>(all);
        rest.removeAll(removed);
        return rest;
    }

    private static Set<String> registeredRoutes() {
        return app.unsafe.internalRouter.allHttpHandlers().stream()
                .map(parsed -> parsed.endpoint)
                .filter(e -> e.method.isHttpMethod() && e.method != HandlerType.HEAD && e.method != HandlerType.OPTIONS)
                .map(OpenApiDocumentTest::route)
                .collect(Collectors.toCollection(TreeSet::new));
    }

    private static String route(Endpoint endpoint) {
        // Javalin writes {name} like OpenAPI, and <name> for a parameter that may hold slashes.
        String path = endpoint.path.replaceAll("<([^>]+)>", "{$1}");
        if (path.length() > 1 && path.endsWith("/")) {
            path = path.substring(0, path.length() - 1);
        }
        return endpoint.method.name().toUpperCase() + " " + path;
    }

    private static Set<String> documentedRoutes() {
        Set<String> routes = new TreeSet<>();
        document.path("paths").fields().forEachRemaining(path -> path.getValue().fieldNames().forEachRemaining(key -> {
            if (HTTP_METHODS.contains(key)) {
                routes.add(key.toUpperCase() + " " + path.getKey());
            }
        }));
        return routes;
    }

    /** The class's name if it has a public instance method register(RoutesConfig): a route group. */
    private static Optional<String> registerMethodOf(String className) {
        try {
            Class<?> type = Class.forName(className, false, OpenApiDocumentTest.class.getClassLoader());
            Method register = type.getMethod("register", RoutesConfig.class);
            return Modifier.isStatic(register.getModifiers()) ? Optional.empty() : Optional.of(className);
        } catch (ClassNotFoundException | NoSuchMethodException | LinkageError e) {
            return Optional.empty();
        }
    }

    private static Optional<Class<?>> recordNamed(String schemaName) {
        if (RENAMED_SCHEMAS.containsKey(schemaName)) {
            return Optional.of(RENAMED_SCHEMAS.get(schemaName));
        }
        String binaryName = schemaName.replace('.', '$');
        for (String pkg : DTO_PACKAGES) {
            try {
                Class<?> type = Class.forName(pkg + "." + binaryName);
                return type.isRecord() ? Optional.of(type) : Optional.empty();
            } catch (ClassNotFoundException e) {
                // try the next package
            }
        }
        return Optional.empty();
    }

    private static JsonNode resolve(JsonNode node) {
        return node.has("$ref") ? document.at(node.path("$ref").asText().substring(1)) : node;
    }

    private static void collectRefs(JsonNode node, List<String> refs) {
        if (node.isObject()) {
            node.fields().forEachRemaining(e -> {
                if (e.getKey().equals("$ref")) {
                    refs.add(e.getValue().asText());
                } else {
                    collectRefs(e.getValue(), refs);
                }
            });
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, refs));
        }
    }

    private static <T> List<T> iterable(java.util.Iterator<T> it) {
        List<T> list = new ArrayList<>();
        it.forEachRemaining(list::add);
        return list;
    }

    private static HttpResponse<String> get(String path) {
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(base + path)).timeout(Duration.ofSeconds(10)).GET().build();
            return CLIENT.send(request, HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
