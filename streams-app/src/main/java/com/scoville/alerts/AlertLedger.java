package com.scoville.alerts;

import com.scoville.avro.Alert;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.streams.state.Stores;

/**
 * Every alert as it stands now (raised, or raised then cleared), by id, on every instance: a global store over the
 * topic 'alerts'. Alerts are few (each SKU has at most one open per kind), so any instance answers a question about
 * them from its own copy, without asking the others.
 */
public final class AlertLedger implements Processor<String, Alert, Void, Void> {
    public static final String STORE = "alert-ledger";

    private KeyValueStore<String, Alert> ledger;

    public static StoreBuilder<KeyValueStore<String, Alert>> store(Serde<Alert> alertSerde) {
        // A global store restores from its source topic: it needs no changelog of its own.
        return Stores.keyValueStoreBuilder(Stores.persistentKeyValueStore(STORE), Serdes.String(), alertSerde)
                .withLoggingDisabled();
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        ledger = context.getStateStore(STORE);
    }

    @Override
    public void process(Record<String, Alert> record) {
        if (record.key() == null) {
            return;
        }
        if (record.value() == null) {
            ledger.delete(record.key());
        } else {
            ledger.put(record.key(), record.value());
        }
    }
}
