package com.scoville.alerts;

import com.scoville.avro.Alert;
import com.scoville.avro.AlertKind;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockLevel;
import com.scoville.inventory.StockBook;
import com.scoville.inventory.StockLevels;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * SELLING_OUT and STOCK_DRIFT, looked for where the stock is: in the task of the partition that owns the
 * {@link StockBook}, every {@code ALERT_CHECK_INTERVAL} of wall-clock time, never on the reservation path (it reads the
 * book between two records, so every level and holding it sees is settled).
 * <ul>
 *   <li>SELLING_OUT: each look samples each SKU's available units; the units that left since the last look, per
 *       minute, feed an EWMA (half-life {@code ALERT_RATE_HALF_LIFE}; restocks and releases count as 0). Raised when
 *       available / rate is at most {@code ALERT_SELLING_OUT_WITHIN}; cleared once there is stock again and it lasts
 *       more than {@value #CLEAR_MARGIN} times that (so a rate that wavers at the edge does not flap).</li>
 *   <li>STOCK_DRIFT: the SKU's reserved units differ from the sum of what its owners hold. Both change in one
 *       transaction, so any difference is a bug; cleared when they agree again.</li>
 * </ul>
 * Its own store keeps the last sample and the open alerts of each SKU. It takes no records: its input only places it
 * in the stock's sub-topology.
 */
public final class StockWatch implements Processor<String, StockCommand, String, Alert> {
    public static final String STORE = "stock-watch";
    public static final String TO_ALERTS = "stock-watch-to-alerts";
    static final double CLEAR_MARGIN = 1.5;

    private final AlertSettings settings;
    private ProcessorContext<String, Alert> context;
    private KeyValueStore<String, StockLevel> levels;
    private KeyValueStore<String, Integer> holdings;
    private KeyValueStore<String, com.scoville.avro.StockWatch> watches;
    private AlertMetrics metrics;

    public StockWatch(AlertSettings settings) {
        this.settings = settings;
    }

    /** The stock book's stores (the same builders as the stock processors') and its own. */
    public static List<StoreBuilder<?>> stores(Topics topics, List<StoreBuilder<?>> stockBook) {
        List<StoreBuilder<?>> stores = new ArrayList<>(stockBook);
        stores.add(StateStores.keyValue(STORE, Serdes.String(), topics.storeSerde(com.scoville.avro.StockWatch.class)));
        return stores;
    }

    @Override
    public void init(ProcessorContext<String, Alert> context) {
        this.context = context;
        levels = context.getStateStore(StockBook.LEVELS_STORE);
        holdings = context.getStateStore(StockBook.RESERVATIONS_STORE);
        watches = context.getStateStore(STORE);
        metrics = new AlertMetrics(context.metrics(), "stock-watch", context.taskId().toString(),
                AlertKind.SELLING_OUT, AlertKind.STOCK_DRIFT);
        context.schedule(settings.checkInterval(), PunctuationType.WALL_CLOCK_TIME, this::look);
    }

    @Override
    public void process(Record<String, StockCommand> record) {
        // nothing: the stock processor applies the commands; this one only looks at the book on the clock
    }

    private void look(long now) {
        List<StockLevel> all = new ArrayList<>();
        try (KeyValueIterator<String, StockLevel> it = levels.all()) {
            it.forEachRemaining(kv -> all.add(kv.value));
        }
        for (StockLevel level : all) {
            com.scoville.avro.StockWatch watch = watches.get(level.getSku());
            if (watch == null) {
                watch = com.scoville.avro.StockWatch.newBuilder().setSku(level.getSku()).setSampledAt(Instant.ofEpochMilli(now))
                        .setSampledAvailable(StockLevels.available(level)).build();
            } else {
                sample(watch, StockLevels.available(level), now);
            }
            drift(watch, level, now);
            watches.put(level.getSku(), watch);
        }
    }

    private void sample(com.scoville.avro.StockWatch watch, int available, long now) {
        double elapsedMs = now - watch.getSampledAt().toEpochMilli();
        if (elapsedMs <= 0) {
            return;
        }
        double perMinute = Math.max(0, watch.getSampledAvailable() - available) * 60_000.0 / elapsedMs;
        long samples = watch.getSamples() + 1;
        double weight = Math.max(AlertSettings.weight(settings.rateHalfLife(), elapsedMs), 1.0 / samples);
        double rate = watch.getDepletionPerMinute() + weight * (perMinute - watch.getDepletionPerMinute());
        watch.setDepletionPerMinute(rate);
        watch.setSamples(samples);
        watch.setSampledAt(Instant.ofEpochMilli(now));
        watch.setSampledAvailable(available);

        double minutesLeft = rate > 0 ? available / rate : Double.POSITIVE_INFINITY;
        double within = settings.sellingOutWithin().toMillis() / 60_000.0;
        String sku = watch.getSku();
        if (watch.getSellingOutSince() == null && rate > 0 && minutesLeft <= within) {
            Instant at = Instant.ofEpochMilli(now);
            emit(Alerts.raised(AlertKind.SELLING_OUT, sku, at, available + " units available, going at "
                    + Alerts.number(rate) + " units/min: out in about " + Alerts.number(minutesLeft) + " min"));
            watch.setSellingOutSince(at);
        } else if (watch.getSellingOutSince() != null && available > 0 && minutesLeft > within * CLEAR_MARGIN) {
            emit(Alerts.cleared(AlertKind.SELLING_OUT, sku, watch.getSellingOutSince(), Instant.ofEpochMilli(now),
                    available + " units available, going at " + Alerts.number(rate) + " units/min"));
            watch.setSellingOutSince(null);
        }
    }

    private void drift(com.scoville.avro.StockWatch watch, StockLevel level, long now) {
        long held = 0;
        try (KeyValueIterator<String, Integer> it = holdings.prefixScan(level.getSku() + "|", new StringSerializer())) {
            while (it.hasNext()) {
                KeyValue<String, Integer> kv = it.next();
                held += kv.value == null ? 0 : kv.value;
            }
        }
        String detail = "reserved " + level.getReserved() + ", open reservations hold " + held;
        if (watch.getDriftSince() == null && held != level.getReserved()) {
            Instant at = Instant.ofEpochMilli(now);
            emit(Alerts.raised(AlertKind.STOCK_DRIFT, level.getSku(), at, detail));
            watch.setDriftSince(at);
        } else if (watch.getDriftSince() != null && held == level.getReserved()) {
            emit(Alerts.cleared(AlertKind.STOCK_DRIFT, level.getSku(), watch.getDriftSince(), Instant.ofEpochMilli(now), detail));
            watch.setDriftSince(null);
        }
    }

    private void emit(Alert alert) {
        Alerts.forward(context, TO_ALERTS, alert, metrics);
    }

    @Override
    public void close() {
        if (metrics != null) {
            metrics.close();
        }
    }
}
