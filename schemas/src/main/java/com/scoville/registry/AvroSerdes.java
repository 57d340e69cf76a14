package com.scoville.registry;

import org.apache.avro.generic.GenericRecord;
import org.apache.avro.specific.SpecificRecord;

/** Builds the Avro serdes of our topics from a registry, so topologies and tests never assemble serializers by hand. */
public final class AvroSerdes {

    private AvroSerdes() {
    }

    /** Writes {@code type} records and reads them as {@code type}, whatever compatible schema of the same full name wrote them. */
    public static <T extends SpecificRecord> AvroSerde<T> specific(SchemaRegistry registry, Class<T> type, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(registry, isKey), AvroDeserializer.specific(registry, type));
    }

    /** Writes any generic record and reads generic records with their writer's schema. */
    public static AvroSerde<GenericRecord> generic(SchemaRegistry registry, boolean isKey) {
        return new AvroSerde<>(new AvroSerializer<>(registry, isKey), AvroDeserializer.generic(registry));
    }
}
