package com.scoville.devstack.registry;

import com.scoville.registry.CompatibilityLevel;
import com.scoville.registry.SchemaRegistryException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.javalin.http.Handler;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.Base64;
import java.util.Optional;
import java.util.function.Consumer;
import java.util.List;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The Confluent Schema Registry REST API over a {@link KafkaSchemaStore}: small handlers that parse, call the store, and
 * answer {@code application/vnd.schemaregistry.v1+json}; every error leaves as Confluent's {@code {error_code, message}}.
 */
final class SchemaRegistryRoutes {

    static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";

    private static final Logger log = LoggerFactory.getLogger(SchemaRegistryRoutes.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private final KafkaSchemaStore store;
    private final Optional<byte[]> writerAuthorization;
    private final Consumer<RegistryChange> listener;

    /** Routes over {@code store}; with {@code writerUserInfo} ({@code user:password}) a write needs those HTTP Basic credentials. */
    SchemaRegistryRoutes(KafkaSchemaStore store, Optional<String> writerUserInfo, Consumer<RegistryChange> listener) {
        this.store = store;
        this.listener = listener;
        this.writerAuthorization = writerUserInfo.map(info ->
                ("Basic " + Base64.getEncoder().encodeToString(info.getBytes(StandardCharsets.UTF_8))).getBytes(StandardCharsets.UTF_8));
    }

    /**
     * {@code handler} behind the writer's credentials: registering schemas and changing compatibility change what every
     * producer and consumer may do; lookups and compatibility checks change nothing and stay open, like every GET.
     */
    private Handler writer(Handler handler) {
        return ctx -> {
            if (writerAuthorization.isPresent()) {
                String given = ctx.header("Authorization");
                byte[] presented = given == null ? new byte[0] : given.getBytes(StandardCharsets.UTF_8);
                if (!MessageDigest.isEqual(presented, writerAuthorization.get())) {
                    listener.accept(new RegistryChange(ctx.method() == io.javalin.http.HandlerType.PUT ? "registry.config.set"
                            : "registry.schema.register", subjectOf(ctx), "anonymous", false,
                            given == null ? "no credentials" : "wrong credentials", null, null));
                    ctx.header("WWW-Authenticate", "Basic realm=\"schema-registry\", charset=\"UTF-8\"");
                    throw new SchemaRegistryException(401, 401, given == null
                            ? "Unauthorized: writes need HTTP Basic credentials (basic.auth.user.info)"
                            : "Unauthorized: wrong credentials");
                }
            }
            handler.handle(ctx);
        };
    }

    void addTo(RoutesConfig routes) {
        routes.get("/", ctx -> answer(ctx, JSON.createObjectNode()));
        routes.get("/subjects", ctx -> answer(ctx, JSON.valueToTree(store.read(RegistryState::subjectNames))));
        routes.post("/subjects/{subject}/versions", writer(this::register));
        routes.get("/subjects/{subject}/versions", this::versions);
        routes.get("/subjects/{subject}/versions/{version}", ctx -> answer(ctx, describe(version(ctx))));
        routes.get("/subjects/{subject}/versions/{version}/schema", ctx -> ctx.contentType(CONTENT_TYPE).result(version(ctx).canonical()));
        routes.post("/subjects/{subject}", this::lookup);
        routes.get("/schemas/ids/{id}", this::schemaById);
        routes.get("/config", ctx -> answer(ctx, level(store.read(RegistryState::globalLevel))));
        routes.put("/config", writer(ctx -> answer(ctx, setLevel(ctx, null))));
        routes.get("/config/{subject}", this::subjectLevel);
        routes.put("/config/{subject}", writer(ctx -> answer(ctx, setLevel(ctx, ctx.pathParam("subject")))));
        routes.post("/compatibility/subjects/{subject}/versions/{version}", this::compatibility);
        routes.exception(SchemaRegistryException.class, (e, ctx) -> error(ctx, e.status(), e.errorCode(), e.reason()));
        routes.exception(Exception.class, (e, ctx) -> {
            log.error("Unexpected error on {} {}", ctx.method(), ctx.path(), e);
            error(ctx, 500, SchemaRegistryException.STORE_ERROR, "Internal server error: " + e.getMessage());
        });
        routes.error(404, ctx -> {
            if (ctx.result() == null || ctx.result().isEmpty()) {
                error(ctx, 404, 404, "HTTP 404 Not Found");
            }
        });
        routes.error(405, ctx -> error(ctx, 405, 405, "HTTP 405 Method Not Allowed"));
    }

    private void register(Context ctx) {
        String subject = ctx.pathParam("subject");
        KafkaSchemaStore.Registered registered = store.register(subject, schemaText(ctx));
        registered.createdVersion().ifPresent(version -> listener.accept(new RegistryChange("registry.schema.register", subject,
                userOf(ctx), true, "version " + version + ", schema id " + registered.id(), null, null)));
        answer(ctx, JSON.createObjectNode().put("id", registered.id()));
    }

    /** The subject a write addresses; the global level has none. */
    private static String subjectOf(Context ctx) {
        String subject = ctx.pathParamMap().get("subject");
        return subject == null ? RegistryChange.GLOBAL : subject;
    }

    /** The HTTP Basic user of a write that passed the check (anyone's name when writes are open). */
    private static String userOf(Context ctx) {
        String given = ctx.header("Authorization");
        if (given != null && given.regionMatches(true, 0, "Basic ", 0, 6)) {
            try {
                String decoded = new String(Base64.getDecoder().decode(given.substring(6).trim()), StandardCharsets.UTF_8);
                int colon = decoded.indexOf(':');
                return colon > 0 ? decoded.substring(0, Math.min(colon, 64)) : "anonymous";
            } catch (IllegalArgumentException e) {
                return "anonymous";
            }
        }
        return "anonymous";
    }

    private void lookup(Context ctx) {
        String subject = ctx.pathParam("subject");
        Schema schema = KafkaSchemaStore.parse(schemaText(ctx));
        RegistryState.Version found = store.read(state -> {
            state.versions(subject);
            return state.find(subject, schema.toString()).orElseThrow(() ->
                    new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema not found"));
        });
        answer(ctx, describe(found));
    }

    private void versions(Context ctx) {
        ArrayNode versions = JSON.createArrayNode();
        store.read(state -> state.versions(ctx.pathParam("subject"))).forEach(version -> versions.add(version.version()));
        answer(ctx, versions);
    }

    private void schemaById(Context ctx) {
        int id;
        try {
            id = Integer.parseInt(ctx.pathParam("id"));
        } catch (NumberFormatException e) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + ctx.pathParam("id") + " not found");
        }
        answer(ctx, JSON.createObjectNode().put("schema", store.read(state -> state.schema(id)).toString()));
    }

    private void subjectLevel(Context ctx) {
        String subject = ctx.pathParam("subject");
        boolean defaultToGlobal = Boolean.parseBoolean(ctx.queryParam("defaultToGlobal"));
        CompatibilityLevel level = store.read(state -> state.subjectLevel(subject).orElseGet(() -> {
            if (defaultToGlobal) {
                return state.globalLevel();
            }
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_CONFIG_NOT_FOUND,
                    "Subject '" + subject + "' does not have subject-level compatibility configured");
        }));
        answer(ctx, level(level));
    }

    private ObjectNode setLevel(Context ctx, String subject) {
        String requested = body(ctx).path("compatibility").asText(null);
        CompatibilityLevel level;
        try {
            level = CompatibilityLevel.parse(requested);
        } catch (IllegalArgumentException e) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_COMPATIBILITY_LEVEL,
                    "Invalid compatibility level. Valid values are none, backward, forward, full, backward_transitive,"
                            + " forward_transitive, and full_transitive");
        }
        Optional<CompatibilityLevel> before = store.setLevel(subject, level);
        listener.accept(new RegistryChange("registry.config.set", subject == null ? RegistryChange.GLOBAL : subject, userOf(ctx), true,
                "compatibility " + level.name(), before.map(Enum::name).orElse(null), level.name()));
        return JSON.createObjectNode().put("compatibility", level.name());
    }

    private void compatibility(Context ctx) {
        String subject = ctx.pathParam("subject");
        Schema candidate = KafkaSchemaStore.parse(schemaText(ctx));
        RegistryState.Version against = version(ctx);
        CompatibilityLevel level = store.read(state -> state.effectiveLevel(subject));
        List<Schema> previous = versionNumber(ctx.pathParam("version")) == -1
                ? store.read(state -> state.versions(subject)).stream().map(RegistryState.Version::schema).toList()
                : List.of(against.schema());
        List<String> messages = level.check(candidate, previous);
        ObjectNode answer = JSON.createObjectNode().put("is_compatible", messages.isEmpty());
        messages.forEach(answer.putArray("messages")::add);
        answer(ctx, answer);
    }

    private RegistryState.Version version(Context ctx) {
        int number = versionNumber(ctx.pathParam("version"));
        return store.read(state -> state.version(ctx.pathParam("subject"), number));
    }

    /** "latest" or -1 is the latest (-1); otherwise a positive int; 422 (42202) for anything else. */
    static int versionNumber(String version) {
        if ("latest".equalsIgnoreCase(version)) {
            return -1;
        }
        try {
            int number = Integer.parseInt(version);
            if (number == -1 || number > 0) {
                return number;
            }
        } catch (NumberFormatException notANumber) {
            // answered below
        }
        throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_VERSION, "The specified version '" + version
                + "' is not a valid version id. Allowed values are between [1, 2^31-1] and the string \"latest\"");
    }

    private static String schemaText(Context ctx) {
        JsonNode body = body(ctx);
        String type = body.path("schemaType").asText("AVRO");
        if (!"AVRO".equalsIgnoreCase(type)) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Unsupported schema type " + type + ": only AVRO");
        }
        if (body.path("references").size() > 0) {
            throw new SchemaRegistryException(422, SchemaRegistryException.INVALID_SCHEMA, "Schema references are not supported");
        }
        return body.path("schema").asText(null);
    }

    private static JsonNode body(Context ctx) {
        try {
            JsonNode body = JSON.readTree(ctx.body());
            if (body == null || !body.isObject()) {
                throw new SchemaRegistryException(400, 400, "The request body must be a JSON object");
            }
            return body;
        } catch (JsonProcessingException e) {
            throw new SchemaRegistryException(400, 400, "Malformed JSON body: " + e.getOriginalMessage());
        }
    }

    private static ObjectNode describe(RegistryState.Version version) {
        return JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.canonical());
    }

    private static ObjectNode level(CompatibilityLevel level) {
        return JSON.createObjectNode().put("compatibilityLevel", level.name());
    }

    private static void answer(Context ctx, JsonNode body) {
        ctx.status(200).contentType(CONTENT_TYPE).result(body.toString());
    }

    private static void error(Context ctx, int status, int errorCode, String message) {
        ctx.status(status).contentType(CONTENT_TYPE)
                .result(JSON.createObjectNode().put("error_code", errorCode).put("message", message).toString());
    }
}
