package com.scoville.devstack.registry;

import com.scoville.registry.CompatibilityLevel;
import com.scoville.registry.SchemaRegistryException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Optional;
import java.util.TreeMap;
import org.apache.avro.Schema;

/**
 * What the registry knows, in memory: versions per subject, global ids by canonical schema, compatibility levels.
 * Rebuilt from the {@code _schemas} topic on start and changed only by applying records that are already in it.
 * Thread-safe; deciding a write and applying it is serialized by {@link KafkaSchemaStore}.
 */
final class RegistryState {

    /** One version of a subject. */
    record Version(String subject, int version, int id, Schema schema) {

        String canonical() {
            return schema.toString();
        }
    }

    private final Map<String, NavigableMap<Integer, Version>> subjects = new TreeMap<>();
    private final Map<Integer, Schema> schemasById = new HashMap<>();
    private final Map<String, Integer> idsByCanonical = new HashMap<>();
    private final Map<String, CompatibilityLevel> subjectLevels = new HashMap<>();
    private CompatibilityLevel globalLevel = CompatibilityLevel.BACKWARD;
    private int maxId;

    synchronized void apply(Version version) {
        subjects.computeIfAbsent(version.subject(), created -> new TreeMap<>()).put(version.version(), version);
        schemasById.putIfAbsent(version.id(), version.schema());
        idsByCanonical.putIfAbsent(version.canonical(), version.id());
        maxId = Math.max(maxId, version.id());
    }

    synchronized void removeVersion(String subject, int version) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions != null) {
            versions.remove(version);
            if (versions.isEmpty()) {
                subjects.remove(subject);
            }
        }
    }

    /** Sets a subject's level, or the global one when {@code subject} is null; a null level removes a subject's own level. */
    synchronized void applyLevel(String subject, CompatibilityLevel level) {
        if (subject == null) {
            globalLevel = level == null ? CompatibilityLevel.BACKWARD : level;
        } else if (level == null) {
            subjectLevels.remove(subject);
        } else {
            subjectLevels.put(subject, level);
        }
    }

    synchronized List<String> subjectNames() {
        return List.copyOf(subjects.keySet());
    }

    /** The versions of {@code subject}, oldest first; 404 (40401) when it has none. */
    synchronized List<Version> versions(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        if (versions == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SUBJECT_NOT_FOUND, "Subject '" + subject + "' not found.");
        }
        return new ArrayList<>(versions.values());
    }

    /** The versions of {@code subject}, oldest first, or none. */
    synchronized List<Version> versionsOrEmpty(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        return versions == null ? List.of() : new ArrayList<>(versions.values());
    }

    /** One version; {@code version} -1 is the latest. 40401 when the subject is unknown, 40402 when the version is. */
    synchronized Version version(String subject, int version) {
        List<Version> versions = versions(subject);
        if (version == -1) {
            return versions.get(versions.size() - 1);
        }
        Version found = subjects.get(subject).get(version);
        if (found == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.VERSION_NOT_FOUND, "Version " + version + " not found.");
        }
        return found;
    }

    /** The version of {@code subject} holding this canonical schema, if any. */
    synchronized Optional<Version> find(String subject, String canonical) {
        return versionsOrEmpty(subject).stream().filter(version -> version.canonical().equals(canonical)).findFirst();
    }

    synchronized Schema schema(int id) {
        Schema schema = schemasById.get(id);
        if (schema == null) {
            throw new SchemaRegistryException(404, SchemaRegistryException.SCHEMA_NOT_FOUND, "Schema " + id + " not found");
        }
        return schema;
    }

    /** The global id of this canonical schema: its own if any subject has it already, else the next free one. */
    synchronized int idFor(String canonical) {
        return idsByCanonical.getOrDefault(canonical, maxId + 1);
    }

    synchronized int nextVersion(String subject) {
        NavigableMap<Integer, Version> versions = subjects.get(subject);
        return versions == null ? 1 : versions.lastKey() + 1;
    }

    synchronized CompatibilityLevel globalLevel() {
        return globalLevel;
    }

    synchronized Optional<CompatibilityLevel> subjectLevel(String subject) {
        return Optional.ofNullable(subjectLevels.get(subject));
    }

    /** The level that governs {@code subject}: its own, else the global one. */
    synchronized CompatibilityLevel effectiveLevel(String subject) {
        return subjectLevels.getOrDefault(subject, globalLevel);
    }
}
