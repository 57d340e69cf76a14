package com.scoville.audit;

import com.scoville.avro.AuditEntry;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Instant;

/**
 * Keeps the global store 'audit-log' over the topic 'audit', keyed by time then id (the time as a big-endian
 * long, so that RocksDB's byte order is time order): a time range is a range scan, and the last key given is a cursor.
 * Every instance holds the whole log, so a listing needs no other instance.
 */
public final class AuditIndex implements Processor<String, AuditEntry, Void, Void> {
    public static final String STORE = "audit-log";

    private KeyValueStore<Bytes, AuditEntry> log;

    public static StoreBuilder<KeyValueStore<Bytes, AuditEntry>> store(Serde<AuditEntry> entrySerde) {
        // a global store restores from its source topic (through this processor): no changelog of its own
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.Bytes(), entrySerde).withLoggingDisabled();
    }

    /** The store key of an entry: its time (8 bytes, big-endian), then its id. */
    public static Bytes key(Instant at, String id) {
        byte[] idBytes = id.getBytes(StandardCharsets.UTF_8);
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES + idBytes.length).putLong(millis(at)).put(idBytes).array());
    }

    /** The smallest key at or after {@code at}: the lower bound of a range from it. */
    public static Bytes firstKeyAt(Instant at) {
        return Bytes.wrap(ByteBuffer.allocate(Long.BYTES).putLong(millis(at)).array());
    }

    /** Epoch milliseconds, clamped to the keys' range (before 1970 is 0; past what a long holds is the last key). */
    private static long millis(Instant at) {
        try {
            return Math.max(0, at.toEpochMilli());
        } catch (ArithmeticException e) {
            return at.isBefore(Instant.EPOCH) ? 0 : Long.MAX_VALUE;
        }
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        log = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, AuditEntry> record) {
        AuditEntry entry = record.value();
        if (entry != null && entry.getAt() != null && entry.getId() != null) {
            log.put(key(entry.getAt(), entry.getId()), entry);
        }
    }
}
