package com.scoville.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import java.util.function.Function;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryDecoder;
import org.apache.avro.io.DatumReader;
import org.apache.avro.io.DecoderFactory;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Deserializer;

/**
 * Reads Confluent wire format: fetches the writer schema by id once and resolves it against the reader schema, so records
 * written with an older or smaller schema of the same record read as the current one with defaults filled. Thread-safe.
 * From a plain Kafka config: {@code schema.registry.url}, plus {@code specific.avro.value.type} (a generated class) or
 * {@code specific.avro.reader=true}; without either it returns generic records.
 */
public class AvroDeserializer<T extends GenericContainer> implements Deserializer<T> {

    static {
        AvroTrust.install();
    }

    private final ConcurrentMap<Integer, DatumReader<T>> readers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryDecoder> decoders = new ThreadLocal<>();
    private SchemaRegistry registry;
    private Function<Schema, DatumReader<T>> readerFor;

    /** For Kafka, which calls {@link #configure} next. */
    public AvroDeserializer() {
    }

    private AvroDeserializer(SchemaRegistry registry, Function<Schema, DatumReader<T>> readerFor) {
        this.registry = registry;
        this.readerFor = readerFor;
    }

    /** Reads records as {@code type}, a generated class, whatever compatible schema of the same full name wrote them. */
    public static <T extends SpecificRecord> AvroDeserializer<T> specific(SchemaRegistry registry, Class<T> type) {
        return new AvroDeserializer<>(registry, ReaderSchemas.specific(type));
    }

    /** Reads generic records with the writer's schema. */
    public static AvroDeserializer<GenericRecord> generic(SchemaRegistry registry) {
        return new AvroDeserializer<>(registry, ReaderSchemas.generic());
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs, isKey);
        this.registry = config.registry(registry);
        Class<?> type = config.specificType();
        if (type != null) {
            this.readerFor = ReaderSchemas.specific(type);
        } else if (config.specificReader()) {
            this.readerFor = ReaderSchemas.specificByWriterName();
        } else if (readerFor == null) {
            this.readerFor = ReaderSchemas.generic();
        }
        readers.clear();
    }

    @Override
    public T deserialize(String topic, byte[] data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroDeserializer has no registry: construct it with one or call configure()");
        }
        int id = WireFormat.schemaId(data, topic);
        DatumReader<T> reader = reader(id, topic);
        BinaryDecoder decoder = DecoderFactory.get()
                .binaryDecoder(data, WireFormat.HEADER_SIZE, data.length - WireFormat.HEADER_SIZE, decoders.get());
        decoders.set(decoder);
        try {
            T record = reader.read(null, decoder);
            if (!decoder.isEnd()) {
                throw new IOException("bytes left over after the record");
            }
            return record;
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot read Avro record with schema id " + id + " on topic " + topic
                    + " (corrupt data?): " + e, e);
        }
    }

    private DatumReader<T> reader(int id, String topic) {
        DatumReader<T> known = readers.get(id);
        if (known != null) {
            return known;
        }
        Schema writer;
        try {
            writer = registry.schemaById(id);
        } catch (SchemaRegistryException e) {
            throw new SerializationException((e.isNotFound() ? "Unknown schema id " + id : "Cannot fetch schema id " + id)
                    + " for a record on topic " + topic + (e.isRetryable() ? " (registry unavailable, retryable): " : ": ")
                    + e.getMessage(), e);
        }
        DatumReader<T> created = readerFor.apply(writer);
        DatumReader<T> raced = readers.putIfAbsent(id, created);
        return raced != null ? raced : created;
    }
}
