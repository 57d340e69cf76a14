package com.scoville.devstack.registry;

import com.scoville.registry.CompatibilityLevel;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.io.UncheckedIOException;
import org.apache.avro.Schema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The JSON keys and values of the compacted {@code _schemas} topic: one record per registered version (key: subject and
 * version) and one per compatibility level (key: subject, or none for the global level). Keys are written field by field
 * in a fixed order, so the same logical key is the same bytes and compaction keeps only its latest value.
 */
final class RegistryRecords {

    static final String SCHEMA = "SCHEMA";
    static final String CONFIG = "CONFIG";

    private static final Logger log = LoggerFactory.getLogger(RegistryRecords.class);
    private static final ObjectMapper JSON = new ObjectMapper();

    private RegistryRecords() {
    }

    static String schemaKey(String subject, int version) {
        return write(JSON.createObjectNode().put("keytype", SCHEMA).put("subject", subject).put("version", version));
    }

    static String schemaValue(RegistryState.Version version) {
        return write(JSON.createObjectNode()
                .put("subject", version.subject())
                .put("version", version.version())
                .put("id", version.id())
                .put("schema", version.canonical()));
    }

    /** The key of a compatibility level: a subject's, or the global one when {@code subject} is null. */
    static String configKey(String subject) {
        ObjectNode key = JSON.createObjectNode().put("keytype", CONFIG);
        return write(subject == null ? key.putNull("subject") : key.put("subject", subject));
    }

    static String configValue(CompatibilityLevel level) {
        return write(JSON.createObjectNode().put("compatibilityLevel", level.name()));
    }

    /** Applies one record of the topic to {@code state}; a record it cannot read is logged and skipped. */
    static void apply(String key, String value, RegistryState state) {
        try {
            JsonNode keyNode = JSON.readTree(key);
            String subject = keyNode.path("subject").isNull() ? null : keyNode.path("subject").asText();
            switch (keyNode.path("keytype").asText()) {
                case SCHEMA -> applySchema(keyNode, subject, value, state);
                case CONFIG -> state.applyLevel(subject, value == null ? null
                        : CompatibilityLevel.parse(JSON.readTree(value).path("compatibilityLevel").asText()));
                default -> log.debug("Skipping {} record of unknown type: {}", KafkaSchemaStore.TOPIC, key);
            }
        } catch (IOException | RuntimeException e) {
            log.warn("Skipping unreadable {} record {} -> {}: {}", KafkaSchemaStore.TOPIC, key, value, e.toString());
        }
    }

    private static void applySchema(JsonNode key, String subject, String value, RegistryState state) throws IOException {
        if (value == null) {
            state.removeVersion(subject, key.path("version").asInt());
            return;
        }
        JsonNode node = JSON.readTree(value);
        state.apply(new RegistryState.Version(node.path("subject").asText(), node.path("version").asInt(), node.path("id").asInt(),
                new Schema.Parser().parse(node.path("schema").asText())));
    }

    private static String write(ObjectNode node) {
        try {
            return JSON.writeValueAsString(node);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
