package com.scoville.orders;

import com.scoville.registry.AvroTrust;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.IndexedRecord;
import org.apache.avro.specific.SpecificData;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.function.Supplier;
import java.util.function.UnaryOperator;

/**
 * Every text field of an Avro record, found through its schema rather than listed by hand, so a text field
 * added to a schema is checked for card data without anyone remembering to. Fields are named as violations
 * name them: {@code shippingAddress.line2}, {@code lines[1].sku}.
 */
final class AvroTexts {
    static {
        // deep copies of generated records go through Avro's class check: trust our own records first
        AvroTrust.install();
    }

    private AvroTexts() { }

    /** The record's text fields by name, in the order of the schema; an absent optional text is null. */
    static Map<String, String> of(IndexedRecord record) {
        Map<String, String> texts = new LinkedHashMap<>();
        walk(record, record.getSchema(), () -> "", (path, text) -> {
            texts.put(path.get(), text);
            return false;
        });
        return texts;
    }

    /**
     * Whether any text of the record (the texts {@link #of} names, an absent one as null) passes {@code test}: the
     * same walk, without spelling out where each text sits, for the common answer "none".
     */
    static boolean any(IndexedRecord record, Predicate<String> test) {
        return walk(record, record.getSchema(), () -> "", (path, text) -> test.test(text));
    }

    /** A deep copy of {@code record} with {@code change} applied to every text in it. */
    @SuppressWarnings("unchecked")
    static <T extends IndexedRecord> T mapped(T record, UnaryOperator<String> change) {
        T copy = SpecificData.get().deepCopy(record.getSchema(), record);
        return (T) map(copy, record.getSchema(), change);
    }

    /** Takes each text with where it sits (spelled out only when asked); true stops the walk. */
    private interface TextVisitor {
        boolean visit(Supplier<String> path, String text);
    }

    /** Visits every text under {@code value} in the order of the schema; true when a visit stopped it. */
    private static boolean walk(Object value, Schema schema, Supplier<String> path, TextVisitor visitor) {
        switch (schema.getType()) {
            case STRING -> {
                return visitor.visit(path, value == null ? null : value.toString());
            }
            case UNION -> {
                if (value == null) {
                    return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.STRING) && visitor.visit(path, null);
                }
                return walk(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), path, visitor);
            }
            case RECORD -> {
                if (value instanceof IndexedRecord r) {
                    for (Schema.Field f : schema.getFields()) {
                        Supplier<String> field = () -> path.get().isEmpty() ? f.name() : path.get() + "." + f.name();
                        if (walk(r.get(f.pos()), f.schema(), field, visitor)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case ARRAY -> {
                if (value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        int index = i;
                        if (walk(list.get(i), schema.getElementType(), () -> path.get() + "[" + index + "]", visitor)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case MAP -> {
                if (value instanceof Map<?, ?> map) {
                    int i = 0;
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        int index = i++;
                        Supplier<String> entry = () -> path.get() + "{" + index + "}";
                        if (visitor.visit(entry, String.valueOf(e.getKey())) || walk(e.getValue(), schema.getValueType(), entry, visitor)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            default -> {
                return false;
            }
        }
    }

    private static Object map(Object value, Schema schema, UnaryOperator<String> change) {
        if (value == null) {
            return null;
        }
        switch (schema.getType()) {
            case STRING:
                return change.apply(value.toString());
            case UNION:
                return map(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), change);
            case RECORD:
                if (value instanceof IndexedRecord r) {
                    for (Schema.Field f : schema.getFields()) {
                        r.put(f.pos(), map(r.get(f.pos()), f.schema(), change));
                    }
                }
                return value;
            case ARRAY:
                if (value instanceof List<?> list) {
                    List<Object> copy = new ArrayList<>(list.size());
                    for (Object item : list) {
                        copy.add(map(item, schema.getElementType(), change));
                    }
                    return copy;
                }
                return value;
            case MAP:
                if (value instanceof Map<?, ?> m) {
                    Map<String, Object> copy = new LinkedHashMap<>();
                    m.forEach((k, v) -> copy.put(change.apply(String.valueOf(k)), map(v, schema.getValueType(), change)));
                    return copy;
                }
                return value;
            default:
                return value;
        }
    }
}
