package com.scoville.registry;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;

/**
 * Confluent's compatibility levels as rules over Avro's {@link SchemaCompatibility}, so the registry server, the in-memory
 * registry and the release test judge schema evolution the same way. BACKWARD: the new schema, as reader, can read data
 * written with the previous one; FORWARD: the previous one can read data written with the new one; FULL: both;
 * {@code _TRANSITIVE}: against every earlier version, not only the latest.
 */
public enum CompatibilityLevel {
    NONE(false, false, false),
    BACKWARD(true, false, false),
    BACKWARD_TRANSITIVE(true, false, true),
    FORWARD(false, true, false),
    FORWARD_TRANSITIVE(false, true, true),
    FULL(true, true, false),
    FULL_TRANSITIVE(true, true, true);

    private final boolean backward;
    private final boolean forward;
    private final boolean transitive;

    CompatibilityLevel(boolean backward, boolean forward, boolean transitive) {
        this.backward = backward;
        this.forward = forward;
        this.transitive = transitive;
    }

    /** The level named {@code name} (any case); {@link IllegalArgumentException} naming the valid ones otherwise. */
    public static CompatibilityLevel parse(String name) {
        try {
            return valueOf(name.trim().toUpperCase(Locale.ROOT));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new IllegalArgumentException("Invalid compatibility level '" + name + "', expected one of "
                    + List.of(values()), e);
        }
    }

    /** Whether this level compares a new schema with every earlier version rather than only the latest. */
    public boolean isTransitive() {
        return transitive;
    }

    /**
     * What keeps {@code candidate} from following {@code previous} (oldest first) under this level: an empty list when it is compatible.
     */
    public List<String> check(Schema candidate, List<Schema> previous) {
        List<String> messages = new ArrayList<>();
        if (previous.isEmpty()) {
            return messages;
        }
        int from = transitive ? 0 : previous.size() - 1;
        for (int i = from; i < previous.size(); i++) {
            Schema earlier = previous.get(i);
            String which = previous.size() == 1 ? "the previous schema" : "earlier schema #" + (i + 1);
            if (backward) {
                describe(candidate, earlier, "the new schema cannot read data written with " + which, messages);
            }
            if (forward) {
                describe(earlier, candidate, which + " cannot read data written with the new schema", messages);
            }
        }
        return messages;
    }

    /** Shorthand for {@code check(candidate, previous).isEmpty()}. */
    public boolean isCompatible(Schema candidate, List<Schema> previous) {
        return check(candidate, previous).isEmpty();
    }

    private static void describe(Schema reader, Schema writer, String direction, List<String> messages) {
        for (Incompatibility incompatibility : SchemaCompatibility.checkReaderWriterCompatibility(reader, writer)
                .getResult().getIncompatibilities()) {
            messages.add(incompatibility.getType() + " at '" + incompatibility.getLocation() + "': "
                    + incompatibility.getMessage() + " (" + direction + ")");
        }
    }
}
