package com.scoville.devstack.registry;

/**
 * A write to the registry, or a refused attempt at one, as told to the registry's listener (the service writes it to
 * its audit log; the registry cannot, it knows nothing of the service).
 *
 * @param action  {@code registry.schema.register} or {@code registry.config.set}
 * @param subject the subject written, or {@code (global)} for the global compatibility level
 * @param user    the HTTP Basic user who wrote, or {@code anonymous}
 * @param applied false for a write refused for its credentials (401)
 * @param detail  what was written: the schema's id and version, or the level
 * @param before  the compatibility level before (null for a schema)
 * @param after   the compatibility level after (null for a schema)
 */
public record RegistryChange(String action, String subject, String user, boolean applied, String detail, String before, String after) {
    public static final String GLOBAL = "(global)";
}
