package com.scoville.registry;

import org.apache.avro.Schema;

/**
 * What the Avro serde needs of a Confluent-compatible schema registry. Implemented over HTTP by
 * {@link SchemaRegistryClient} and in memory by {@link InMemorySchemaRegistry} (for TopologyTestDriver tests).
 * Implementations are thread-safe.
 */
public interface SchemaRegistry {

    /** Registers {@code schema} under {@code subject} (idempotent) and returns its global id. */
    int register(String subject, Schema schema);

    /** The id of {@code schema} if it is registered under {@code subject}; throws {@link SchemaRegistryException} (404) if not. */
    int idOf(String subject, Schema schema);

    /** The schema with this global id; throws {@link SchemaRegistryException} (404) if there is none. */
    Schema schemaById(int id);

    /** The latest version registered under {@code subject}. */
    RegisteredSchema latest(String subject);

    /** One version of a subject. */
    record RegisteredSchema(String subject, int id, int version, Schema schema) { }
}
