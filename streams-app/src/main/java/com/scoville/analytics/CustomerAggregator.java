package com.scoville.analytics;

import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.SalesTotals;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * New and returning customers per window, keyed by customer: it remembers each customer's first paid
 * order, so a payment is "new" exactly once per customer, ever, and "returning" after that.
 */
public final class CustomerAggregator implements Processor<String, SaleEvent, Void, Void> {
    public static final String FAMILY = "customers";
    public static final String FIRST_PAID_STORE = "customer-first-paid";

    /** The stores it owns: each customer's first paid order, and the windowed totals of its family. */
    public static List<StoreBuilder<?>> stores(Topics topics) {
        List<StoreBuilder<?>> stores = new ArrayList<>();
        stores.add(StateStores.keyValue(FIRST_PAID_STORE, Serdes.String(), Serdes.Long()));
        stores.addAll(WindowedTotals.stores(FAMILY, topics.storeSerde(SalesTotals.class)));
        return stores;
    }

    private final Duration grace;
    private WindowedTotals totals;
    private KeyValueStore<String, Long> firstPaid;

    public CustomerAggregator(Duration grace) {
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        totals = new WindowedTotals(context, FAMILY, grace);
        firstPaid = context.getStateStore(FIRST_PAID_STORE);
    }

    @Override
    public void process(Record<String, SaleEvent> record) {
        SaleEvent sale = record.value();
        if (sale == null || sale.getKind() != SaleKind.PAYMENT || !totals.accept(sale.getAt())) {
            return;
        }
        boolean isNew = firstPaid.get(sale.getCustomerId()) == null;
        if (isNew) {
            firstPaid.put(sale.getCustomerId(), sale.getAt().toEpochMilli());
        }
        totals.add(Dimension.TOTAL.key(Dimension.ALL), sale.getAt(), t -> {
            if (isNew) {
                t.setNewCustomers(t.getNewCustomers() + 1);
            } else {
                t.setReturningCustomers(t.getReturningCustomers() + 1);
            }
        });
    }
}
