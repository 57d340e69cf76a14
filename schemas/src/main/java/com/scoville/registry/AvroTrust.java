package com.scoville.registry;

import org.apache.avro.util.ClassSecurityValidator;
import org.apache.avro.util.ClassSecurityValidator.ClassSecurityPredicate;

/**
 * Declares our generated package trusted to Avro in code: Avro 1.12 refuses to instantiate classes from packages not named
 * in {@code -Dorg.apache.avro.SERIALIZABLE_PACKAGES}, and reads that property only once, so setting it late does nothing.
 */
public final class AvroTrust {

    /** The package of the generated SpecificRecord classes. */
    public static final String TRUSTED_PACKAGE = "com.scoville.avro";

    private static ClassSecurityPredicate installed;

    private AvroTrust() {
    }

    /** Adds {@link #TRUSTED_PACKAGE} to Avro's global class validator, keeping whatever it trusted before. Idempotent. */
    public static synchronized void install() {
        ClassSecurityPredicate global = ClassSecurityValidator.getGlobal();
        if (global == installed) {
            return;
        }
        installed = ClassSecurityValidator.composite(global, AvroTrust::isGenerated);
        ClassSecurityValidator.setGlobal(installed);
    }

    private static boolean isGenerated(Class<?> type) {
        return type.getName().startsWith(TRUSTED_PACKAGE + ".");
    }
}
