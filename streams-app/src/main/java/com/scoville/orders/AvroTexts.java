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
        collect(record, record.getSchema(), "", texts);
        return texts;
    }

    /**
     * Whether any text of the record (the texts {@link #of} names, an absent one as null) passes {@code test}: the
     * same walk without naming the fields, for the common answer "none".
     */
    static boolean any(IndexedRecord record, Predicate<String> test) {
        return any(record, record.getSchema(), test);
    }

    /** A deep copy of {@code record} with {@code change} applied to every text in it. */
    @SuppressWarnings("unchecked")
    static <T extends IndexedRecord> T mapped(T record, UnaryOperator<String> change) {
        T copy = SpecificData.get().deepCopy(record.getSchema(), record);
        return (T) map(copy, record.getSchema(), change);
    }

    private static boolean any(Object value, Schema schema, Predicate<String> test) {
        switch (schema.getType()) {
            case STRING -> {
                return test.test(value == null ? null : value.toString());
            }
            case UNION -> {
                if (value == null) {
                    return schema.getTypes().stream().anyMatch(s -> s.getType() == Schema.Type.STRING) && test.test(null);
                }
                return any(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), test);
            }
            case RECORD -> {
                if (value instanceof IndexedRecord r) {
                    for (Schema.Field f : schema.getFields()) {
                        if (any(r.get(f.pos()), f.schema(), test)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case ARRAY -> {
                if (value instanceof List<?> list) {
                    for (Object item : list) {
                        if (any(item, schema.getElementType(), test)) {
                            return true;
                        }
                    }
                }
                return false;
            }
            case MAP -> {
                if (value instanceof Map<?, ?> map) {
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        if (test.test(String.valueOf(e.getKey())) || any(e.getValue(), schema.getValueType(), test)) {
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

    private static void collect(Object value, Schema schema, String path, Map<String, String> texts) {
        switch (schema.getType()) {
            case STRING -> texts.put(path, value == null ? null : value.toString());
            case UNION -> {
                if (value == null) {
                    schema.getTypes().stream().filter(s -> s.getType() == Schema.Type.STRING).findFirst()
                            .ifPresent(s -> texts.put(path, null));
                } else {
                    collect(value, schema.getTypes().get(GenericData.get().resolveUnion(schema, value)), path, texts);
                }
            }
            case RECORD -> {
                if (value instanceof IndexedRecord r) {
                    for (Schema.Field f : schema.getFields()) {
                        collect(r.get(f.pos()), f.schema(), path.isEmpty() ? f.name() : path + "." + f.name(), texts);
                    }
                }
            }
            case ARRAY -> {
                if (value instanceof List<?> list) {
                    for (int i = 0; i < list.size(); i++) {
                        collect(list.get(i), schema.getElementType(), path + "[" + i + "]", texts);
                    }
                }
            }
            case MAP -> {
                if (value instanceof Map<?, ?> map) {
                    int i = 0;
                    for (Map.Entry<?, ?> e : map.entrySet()) {
                        texts.put(path + "{" + i + "}", String.valueOf(e.getKey()));
                        collect(e.getValue(), schema.getValueType(), path + "{" + i++ + "}", texts);
                    }
                }
            }
            default -> { }
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
