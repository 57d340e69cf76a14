package com.scoville.registry;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Supplier;
import org.apache.avro.Schema;

/**
 * A client of the Confluent Schema Registry REST API, with the caches that keep the serde's hot path free of I/O.
 * Ids by subject and schema, and schemas by id, never change once known, so they are cached forever; {@link #latest}
 * is not cached. Thread-safe.
 */
public final class SchemaRegistryClient implements SchemaRegistry {

    private final RegistryHttp http;
    private final ConcurrentMap<SubjectSchema, Integer> ids = new ConcurrentHashMap<>();
    private final ConcurrentMap<Integer, Schema> schemas = new ConcurrentHashMap<>();

    /** A client of the registry at {@code baseUrls}: one URL, or several separated by commas (tried in turn when one fails). */
    public SchemaRegistryClient(String baseUrls) {
        this(baseUrls, RegistryClientSettings.DEFAULTS);
    }

    public SchemaRegistryClient(String baseUrls, RegistryClientSettings settings) {
        this.http = new RegistryHttp(baseUrls, settings);
    }

    @Override
    public int register(String subject, Schema schema) {
        return cached(ids, new SubjectSchema(subject, schema), () -> {
            JsonNode answer = http.post(subjectPath(subject) + "/versions", Map.of("schema", schema.toString()));
            int id = id(answer);
            schemas.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public int idOf(String subject, Schema schema) {
        return cached(ids, new SubjectSchema(subject, schema), () -> {
            JsonNode answer = http.post(subjectPath(subject), Map.of("schema", schema.toString()));
            int id = id(answer);
            schemas.putIfAbsent(id, schema);
            return id;
        });
    }

    @Override
    public Schema schemaById(int id) {
        return cached(schemas, id, () -> parse(http.get("/schemas/ids/" + id).path("schema").asText()));
    }

    @Override
    public RegisteredSchema latest(String subject) {
        JsonNode answer = http.get(subjectPath(subject) + "/versions/latest");
        int id = id(answer);
        Schema schema = cached(schemas, id, () -> parse(answer.path("schema").asText()));
        return new RegisteredSchema(answer.path("subject").asText(subject), id, answer.path("version").asInt(), schema);
    }

    private static int id(JsonNode answer) {
        if (!answer.path("id").canConvertToInt()) {
            throw new SchemaRegistryException(500, SchemaRegistryException.STORE_ERROR, "The registry answered without an id: " + answer);
        }
        return answer.get("id").asInt();
    }

    private static String subjectPath(String subject) {
        return "/subjects/" + RegistryHttp.encode(subject);
    }

    private static Schema parse(String schema) {
        return new Schema.Parser().parse(schema);
    }

    /** Reads through the cache; a miss loads outside any lock (two racing loads are harmless, the first one stays). */
    private static <K, V> V cached(ConcurrentMap<K, V> cache, K key, Supplier<V> load) {
        V known = cache.get(key);
        if (known != null) {
            return known;
        }
        V loaded = load.get();
        V raced = cache.putIfAbsent(key, loaded);
        return raced != null ? raced : loaded;
    }

    private record SubjectSchema(String subject, Schema schema) { }
}
