package com.scoville.analytics;

import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Feedback;
import com.scoville.avro.Product;
import com.scoville.avro.SalesTotals;
import com.scoville.kafka.Topics;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.commands.AppliedCommands;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * Taste and heat ratings per window, in total, by product and by heat level, shown beside the sales. A rating
 * sent over HTTP comes keyed by its command id, so a retried rating is counted once; the partial totals of
 * every partition are summed when read. A rating counted goes on to its customer's partition, for the customer's
 * heat preference (see {@link CustomerProfiler}).
 */
public final class RatingsAggregator implements Processor<String, Feedback, String, SpecificRecord> {
    public static final String FAMILY = "ratings";
    public static final String APPLIED_STORE = "ratings-applied-commands";
    public static final String TO_OUTCOMES = "ratings-aggregator-outcomes";
    public static final String TO_CUSTOMERS = "to-ratings-by-customer";

    /** The stores it owns: the windowed totals of its family, and the feedback it applied. */
    public static List<StoreBuilder<?>> stores(Topics topics) {
        List<StoreBuilder<?>> stores = new ArrayList<>(WindowedTotals.stores(FAMILY, topics.storeSerde(SalesTotals.class)));
        stores.add(AppliedCommands.store(APPLIED_STORE, topics.storeSerde(CommandOutcome.class)));
        return stores;
    }

    private final Duration grace;
    private WindowedTotals totals;
    private Catalog catalog;
    private AppliedCommands applied;
    private ProcessorContext<String, SpecificRecord> context;

    public RatingsAggregator(Duration grace) {
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        totals = new WindowedTotals(context, FAMILY, grace);
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        catalog = CatalogUpdater.view(products);
        applied = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
    }

    @Override
    public void process(Record<String, Feedback> record) {
        Feedback f = record.value();
        if (f != null) {
            applied.once(f.getCommandId(), f.getRequestHash(), () -> count(f) && toCustomer(record));
        }
    }

    /** Sends a counted rating on to its customer's partition; true (the rating counted either way). */
    private boolean toCustomer(Record<String, Feedback> record) {
        String customerId = record.value().getCustomerId();
        if (customerId != null && !customerId.isEmpty()) {
            context.forward(record.withKey(customerId), TO_CUSTOMERS);
        }
        return true;
    }

    /** Adds the rating to its windows; false when it is out of range or too late to count. */
    private boolean count(Feedback f) {
        if (f.getTaste() < 1 || f.getTaste() > 5 || f.getHeat() < 1 || f.getHeat() > 5 || !totals.accept(f.getAt())) {
            return false;
        }
        int heatLevel = catalog.find(f.getSku()).map(Product::getHeatLevel).orElse(0);
        for (String key : new String[] {Dimension.TOTAL.key(Dimension.ALL), Dimension.PRODUCT.key(f.getSku()),
                Dimension.HEAT_LEVEL.key(String.valueOf(heatLevel))}) {
            totals.add(key, f.getAt(), t -> {
                t.setRatings(t.getRatings() + 1);
                t.setTasteSum(t.getTasteSum() + f.getTaste());
                t.setHeatSum(t.getHeatSum() + f.getHeat());
            });
        }
        return true;
    }
}
