package com.scoville.analytics;

import com.scoville.avro.SaleEvent;
import com.scoville.avro.SalesTotals;
import com.scoville.kafka.Topics;
import com.scoville.avro.SaleKind;
import com.scoville.avro.SaleLine;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Revenue, units and orders per window, in total and by product, channel and heat level. It reads the
 * sale events where the orders live (keyed by order id), so each partition holds partial sums and a
 * query adds them up: no repartition hop between a payment and the numbers. Revenue moves only with
 * payments (+) and refunds (-).
 */
public final class SalesAggregator implements Processor<String, SaleEvent, Void, Void> {
    public static final String FAMILY = "sales";

    /** The stores it owns: the windowed totals of its family. */
    public static List<StoreBuilder<?>> stores(Topics topics) {
        return List.copyOf(WindowedTotals.stores(FAMILY, topics.storeSerde(SalesTotals.class)));
    }

    private final Duration grace;
    private WindowedTotals totals;

    public SalesAggregator(Duration grace) {
        this.grace = grace;
    }

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        totals = new WindowedTotals(context, FAMILY, grace);
    }

    @Override
    public void process(Record<String, SaleEvent> record) {
        SaleEvent sale = record.value();
        if (sale == null || sale.getKind() == SaleKind.UNKNOWN || !totals.accept(sale.getAt())) {
            return;
        }
        int orderSign = sale.getKind() == SaleKind.REFUND ? -1 : 1;
        long units = sale.getLines().stream().mapToLong(SaleLine::getUnits).sum();
        totals.add(Dimension.TOTAL.key(Dimension.ALL), sale.getAt(), t -> add(t, sale.getTotalCents(), units, orderSign));
        totals.add(Dimension.CHANNEL.key(sale.getChannel().name()), sale.getAt(), t -> add(t, sale.getTotalCents(), units, orderSign));
        Set<String> counted = new HashSet<>();
        for (SaleLine line : sale.getLines()) {
            // an order counts once per product and per heat level, however many lines name it
            int productOrders = counted.add("p" + line.getSku()) ? orderSign : 0;
            int heatOrders = counted.add("h" + line.getHeatLevel()) ? orderSign : 0;
            totals.add(Dimension.PRODUCT.key(line.getSku()), sale.getAt(), t -> add(t, line.getRevenueCents(), line.getUnits(), productOrders));
            totals.add(Dimension.HEAT_LEVEL.key(String.valueOf(line.getHeatLevel())), sale.getAt(),
                    t -> add(t, line.getRevenueCents(), line.getUnits(), heatOrders));
        }
    }

    /** Exact: a window's sum past a long fails this record (dead-lettered) instead of wrapping to a wrong total. */
    private static void add(com.scoville.avro.SalesTotals t, long revenueCents, long units, int orders) {
        t.setRevenueCents(Math.addExact(t.getRevenueCents(), revenueCents));
        t.setUnits(Math.addExact(t.getUnits(), units));
        t.setOrders(Math.addExact(t.getOrders(), orders));
    }
}
