package com.scoville.registry;

import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumReader;
import org.apache.avro.io.DatumReader;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumReader;
import org.apache.kafka.common.errors.SerializationException;

/**
 * How the deserializer turns a writer schema into a DatumReader: resolved against a generated class's schema, against the
 * generated class the writer names, or read as a generic record with the writer's own schema.
 */
final class ReaderSchemas {

    private ReaderSchemas() {
    }

    /** Resolves every writer against {@code type}'s SCHEMA$, with the class's own logical-type conversions. */
    static <T> Function<Schema, DatumReader<T>> specific(Class<?> type) {
        SpecificData model = SpecificData.getForClass(type);
        Schema reader = model.getSchema(type);
        return writer -> new SpecificDatumReader<>(writer, reader, model);
    }

    /** Finds the generated class by the writer schema's full name (Confluent's {@code specific.avro.reader=true}). */
    static <T> Function<Schema, DatumReader<T>> specificByWriterName() {
        return writer -> {
            Class<?> type = SpecificData.get().getClass(writer);
            if (type == null) {
                throw new SerializationException("No generated class on the classpath for Avro type " + writer.getFullName());
            }
            return ReaderSchemas.<T>specific(type).apply(writer);
        };
    }

    /** Reads generic records with the writer's schema. */
    static <T> Function<Schema, DatumReader<T>> generic() {
        return writer -> new GenericDatumReader<>(writer, writer, GenericData.get());
    }
}
