package com.scoville.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericContainer;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.DatumWriter;
import org.apache.avro.io.EncoderFactory;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificDatumWriter;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.errors.SerializationException;
import org.apache.kafka.common.serialization.Serializer;

/**
 * Writes Avro records (generated or generic) in Confluent wire format under the subject {@code <topic>-value} or
 * {@code <topic>-key}. A schema is registered once per topic; after that a record costs no I/O. Thread-safe.
 * From a plain Kafka config: {@code value.serializer=com.scoville.registry.AvroSerializer} and {@code schema.registry.url}.
 */
public class AvroSerializer<T extends GenericContainer> implements Serializer<T> {

    static {
        AvroTrust.install();
    }

    private final ConcurrentMap<TopicSchema, Integer> ids = new ConcurrentHashMap<>();
    private final ConcurrentMap<Schema, DatumWriter<Object>> writers = new ConcurrentHashMap<>();
    private final ThreadLocal<BinaryEncoder> encoders = new ThreadLocal<>();
    private SchemaRegistry registry;
    private boolean isKey;
    private boolean autoRegister = true;

    /** For Kafka, which calls {@link #configure} next. */
    public AvroSerializer() {
    }

    public AvroSerializer(SchemaRegistry registry, boolean isKey) {
        this.registry = registry;
        this.isKey = isKey;
    }

    @Override
    public void configure(Map<String, ?> configs, boolean isKey) {
        AvroSerdeConfig config = new AvroSerdeConfig(configs, isKey);
        this.registry = config.registry(registry);
        this.autoRegister = config.autoRegister(autoRegister);
        this.isKey = isKey;
        ids.clear();
    }

    @Override
    public byte[] serialize(String topic, T data) {
        if (data == null) {
            return null;
        }
        if (registry == null) {
            throw new IllegalStateException("AvroSerializer has no registry: construct it with one or call configure()");
        }
        Schema schema = data.getSchema();
        int id = schemaId(topic, schema);
        ByteArrayOutputStream out = new ByteArrayOutputStream(128);
        WireFormat.writeHeader(out, id);
        BinaryEncoder encoder = EncoderFactory.get().binaryEncoder(out, encoders.get());
        encoders.set(encoder);
        try {
            writer(data).write(data, encoder);
            encoder.flush();
        } catch (IOException | RuntimeException e) {
            throw new SerializationException("Cannot write " + schema.getFullName() + " for topic " + topic + ": " + e.getMessage(), e);
        }
        return out.toByteArray();
    }

    private int schemaId(String topic, Schema schema) {
        TopicSchema key = new TopicSchema(topic, schema);
        Integer known = ids.get(key);
        if (known != null) {
            return known;
        }
        String subject = TopicNameStrategy.subject(topic, isKey);
        try {
            int id = autoRegister ? registry.register(subject, schema) : registry.idOf(subject, schema);
            ids.putIfAbsent(key, id);
            return id;
        } catch (SchemaRegistryException e) {
            throw new SerializationException((autoRegister ? "Cannot register " : "Cannot find ") + schema.getFullName()
                    + " under subject " + subject + (e.isRetryable() ? " (registry unavailable, retryable): " : ": ") + e.getMessage(), e);
        }
    }

    private DatumWriter<Object> writer(T data) {
        return writers.computeIfAbsent(data.getSchema(), schema -> data instanceof SpecificRecord
                ? new SpecificDatumWriter<>(schema, SpecificData.getForClass(data.getClass()))
                : new GenericDatumWriter<>(schema, GenericData.get()));
    }

    private record TopicSchema(String topic, Schema schema) { }
}
