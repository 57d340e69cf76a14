package com.scoville.alerts;

import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleLine;
import com.scoville.avro.SalesRate;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.ArrayList;
import java.util.List;

/**
 * SALES_SPIKE and SALES_DROP, where each SKU's payments arrive ('sales-by-sku', keyed by SKU): one
 * {@link SalesRate} per SKU in its own store, judged by {@link SalesRates}.
 * <p>
 * Time is the payments' time. A SKU that stopped selling sends nothing, so the clock moves its minutes on: every
 * {@code ALERT_CHECK_INTERVAL} the partition's latest payment time plus the wall-clock time since it arrived is taken
 * as now, less one minute for payments still on their way. Replayed history thus runs on its own times, and a
 * quiet partition still sees its minutes pass.
 */
public final class SalesRateWatch implements Processor<String, SaleEvent, String, Alert> {
    public static final String STORE = "sales-rates";
    public static final String TO_ALERTS = "sales-rate-watch-to-alerts";
    private static final long ON_THE_WAY_MS = SalesRates.BUCKET_MS;

    private final AlertSettings settings;
    private final SalesRates rates;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, SalesRate> store;
    private AlertMetrics metrics;
    /** The latest payment time seen by this task, and the wall clock when it was seen (not kept: a restart waits for a payment). */
    private long latestSaleAt = -1;
    private long wallAtLatestSale;

    public SalesRateWatch(AlertSettings settings) {
        this.settings = settings;
        this.rates = new SalesRates(settings);
    }

    public static List<StoreBuilder<?>> stores(Topics topics) {
        return List.of(StateStores.keyValue(STORE, Serdes.String(), topics.storeSerde(SalesRate.class)));
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        store = context.getStateStore(STORE);
        metrics = new AlertMetrics(context.metrics(), "sales-rate-watch", context.taskId().toString(),
                AlertKind.SALES_SPIKE, AlertKind.SALES_DROP);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::tick);
    }

    @Override
    public void process(Record<String, SaleEvent> record) {
        SaleEvent sale = record.value();
        if (record.key() == null || sale == null) {
            return;
        }
        long at = record.timestamp();
        if (at > latestSaleAt) {
            latestSaleAt = at;
            wallAtLatestSale = context.currentSystemTimeMs();
        }
        long units = 0;
        for (SaleLine line : sale.getLines()) {
            if (record.key().equals(line.getSku()) && line.getUnits() > 0) {
                units += line.getUnits();
            }
        }
        if (units == 0) {
            return;
        }
        SalesRate state = store.get(record.key());
        if (state == null) {
            state = rates.first(record.key(), at);
        }
        emit(rates.sold(state, at, units));
        store.put(record.key(), state);
    }

    private void tick(long wallNow) {
        if (latestSaleAt < 0) {
            return;
        }
        long now = latestSaleAt + (wallNow - wallAtLatestSale) - ON_THE_WAY_MS;
        List<KeyValue<String, SalesRate>> moved = new ArrayList<>();
        try (KeyValueIterator<String, SalesRate> it = store.all()) {
            while (it.hasNext()) {
                KeyValue<String, SalesRate> kv = it.next();
                if (kv.value.getBucketStart().toEpochMilli() + SalesRates.BUCKET_MS <= now) {
                    emit(rates.advance(kv.value, now));
                    moved.add(kv);
                }
            }
        }
        moved.forEach(kv -> store.put(kv.key, kv.value));
    }

    private void emit(List<Alert> alerts) {
        alerts.forEach(alert -> Alerts.forward(context, TO_ALERTS, alert, metrics));
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
