package com.scoville.registry;

import java.io.ByteArrayOutputStream;
import org.apache.kafka.common.errors.SerializationException;

/** Confluent's wire format in one place: magic byte 0, the schema id as 4 big-endian bytes, then the Avro binary body. */
final class WireFormat {

    static final byte MAGIC_BYTE = 0;
    static final int HEADER_SIZE = 5;

    private WireFormat() {
    }

    static void writeHeader(ByteArrayOutputStream out, int schemaId) {
        out.write(MAGIC_BYTE);
        out.write(schemaId >>> 24);
        out.write(schemaId >>> 16);
        out.write(schemaId >>> 8);
        out.write(schemaId);
    }

    /** The schema id in {@code data}'s header; {@link SerializationException} when there is no valid header. */
    static int schemaId(byte[] data, String topic) {
        if (data.length < HEADER_SIZE) {
            throw new SerializationException("Record on topic " + topic + " has " + data.length
                    + " bytes, too short for the Confluent wire format (magic byte and 4-byte schema id)");
        }
        if (data[0] != MAGIC_BYTE) {
            throw new SerializationException(String.format(
                    "Unknown magic byte 0x%02x on topic %s: not Confluent Avro wire format (expected 0x00)", data[0], topic));
        }
        return (data[1] & 0xff) << 24 | (data[2] & 0xff) << 16 | (data[3] & 0xff) << 8 | (data[4] & 0xff);
    }
}
