package com.scoville.registry;

import static org.assertj.core.api.Assertions.assertThat;

import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericRecord;
import org.junit.jupiter.api.Test;

class AvroWireFormatTest {

    private static final Schema TINY = new Schema.Parser().parse("""
            {"type": "record", "name": "Tiny", "namespace": "com.scoville.test",
             "fields": [{"name": "name", "type": "string"}, {"name": "count", "type": "int"}, {"name": "big", "type": "long"}]}
            """);

    @Test
    void shouldWriteMagicByteAndBigEndianId() {
        // given a registry that gives the schema id 258 (0x00000102)
        FixedIdRegistry registry = new FixedIdRegistry(258);
        AvroSerde<GenericRecord> serde = AvroSerdes.generic(registry, false);

        // when a tiny record is written
        byte[] bytes = serde.serializer().serialize("tiny", tiny("hot", -2, 64));

        // then the bytes are the Confluent header and hand-encoded Avro binary
        assertThat(bytes).containsExactly(
                0x00,                   // magic byte
                0x00, 0x00, 0x01, 0x02, // schema id 258, big-endian
                0x06, 'h', 'o', 't',    // string: zig-zag length 3 -> 6, then UTF-8
                0x03,                   // int -2: zig-zag -> 3
                0x80, 0x01);            // long 64: zig-zag 128 -> varint 0x80 0x01
    }

    @Test
    void shouldReadBytesBuiltByHand() {
        // given the schema is known as id 258 and bytes built by hand
        FixedIdRegistry registry = new FixedIdRegistry(258);
        registry.register("tiny-value", TINY);
        byte[] bytes = {0x00, 0x00, 0x00, 0x01, 0x02, 0x04, 'o', 'k', 0x01, 0x00};

        // when they are read
        GenericRecord record = AvroSerdes.generic(registry, false).deserializer().deserialize("tiny", bytes);

        // then the record holds the hand-encoded values
        assertThat(record.get("name")).hasToString("ok");
        assertThat(record.get("count")).isEqualTo(-1);
        assertThat(record.get("big")).isEqualTo(0L);
    }

    @Test
    void shouldUseKeySubjectForKeys() {
        // given a key serde
        InMemorySchemaRegistry registry = new InMemorySchemaRegistry();
        AvroSerde<GenericRecord> serde = AvroSerdes.generic(registry, true);

        // when a key is written
        serde.serializer().serialize("tiny", tiny("k", 1, 1));

        // then the schema is under <topic>-key
        assertThat(registry.latest("tiny-key").schema()).isEqualTo(TINY);
    }

    @Test
    void shouldRegisterOncePerTopicAndSchema() {
        // given a serializer
        FixedIdRegistry registry = new FixedIdRegistry(7);
        AvroSerde<GenericRecord> serde = AvroSerdes.generic(registry, false);

        // when many records go to two topics
        for (int i = 0; i < 10; i++) {
            serde.serializer().serialize("a", tiny("x", i, i));
            serde.serializer().serialize("b", tiny("y", i, i));
        }

        // then the registry was asked once per topic
        assertThat(registry.registrations()).isEqualTo(2);
    }

    private static GenericRecord tiny(String name, int count, long big) {
        GenericRecord record = new GenericData.Record(TINY);
        record.put("name", name);
        record.put("count", count);
        record.put("big", big);
        return record;
    }
}
