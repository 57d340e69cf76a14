package com.scoville.analytics;

import com.scoville.avro.CustomerProfile;
import com.scoville.avro.Feedback;
import com.scoville.avro.Product;
import com.scoville.avro.RecentRevenue;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.SaleLine;
import com.scoville.catalog.Catalog;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Instant;
import java.util.List;

/**
 * One profile per customer, where the customers are: what {@link CustomerSegments} scores. It reads the payments
 * and refunds re-keyed by customer, and the ratings the ratings aggregator counted (once per command id) re-keyed
 * the same way. A profile is a fixed set of sums, so it stays small however much a customer buys or rates.
 */
public final class CustomerProfiler implements Processor<String, SpecificRecord, Void, Void> {
    public static final String STORE = "customer-profiles";
    /** A rating of taste 4 or 5 says the customer likes that sauce's heat. */
    static final int LIKED_TASTE = 4;

    public static List<StoreBuilder<?>> stores(Topics topics) {
        return List.of(StateStores.keyValue(STORE, Serdes.String(), topics.storeSerde(CustomerProfile.class)));
    }

    private KeyValueStore<String, CustomerProfile> profiles;
    private Catalog catalog;

    @Override
    public void init(ProcessorContext<Void, Void> context) {
        profiles = context.getStateStore(STORE);
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        catalog = CatalogUpdater.view(products);
    }

    @Override
    public void process(Record<String, SpecificRecord> record) {
        String customerId = record.key();
        if (customerId == null || customerId.isEmpty()) {
            return; // an order or rating without a customer profiles nobody
        }
        if (record.value() instanceof SaleEvent sale && sale.getKind() != SaleKind.UNKNOWN) {
            CustomerProfile p = profileOf(customerId);
            sale(p, sale);
            profiles.put(customerId, p);
        } else if (record.value() instanceof Feedback rating) {
            CustomerProfile p = profileOf(customerId);
            rating(p, rating);
            profiles.put(customerId, p);
        }
    }

    private CustomerProfile profileOf(String customerId) {
        CustomerProfile p = profiles.get(customerId);
        return p != null ? p : CustomerProfile.newBuilder()
                .setMinute(empty()).setHour(empty()).setDay(empty()).build();
    }

    private static RecentRevenue empty() {
        return RecentRevenue.newBuilder().setWindowStart(Instant.EPOCH).setRevenueCents(0).build();
    }

    /** Exact sums: a profile past a long fails this record (dead-lettered) instead of wrapping to a wrong score. */
    private static void sale(CustomerProfile p, SaleEvent sale) {
        boolean payment = sale.getKind() == SaleKind.PAYMENT;
        Instant at = sale.getAt();
        if (payment) {
            p.setFirstPaidAt(p.getFirstPaidAt() == null || at.isBefore(p.getFirstPaidAt()) ? at : p.getFirstPaidAt());
            p.setLastPaidAt(p.getLastPaidAt() == null || at.isAfter(p.getLastPaidAt()) ? at : p.getLastPaidAt());
        }
        p.setPaidOrders(Math.addExact(p.getPaidOrders(), payment ? 1 : -1));
        p.setRevenueCents(Math.addExact(p.getRevenueCents(), sale.getTotalCents()));
        for (SaleLine line : sale.getLines()) {
            p.setUnits(Math.addExact(p.getUnits(), line.getUnits()));
            p.setHeatUnitSum(Math.addExact(p.getHeatUnitSum(), (long) line.getUnits() * line.getHeatLevel()));
        }
        p.setMinute(recent(p.getMinute(), AnalyticsWindow.MINUTE, at, sale.getTotalCents()));
        p.setHour(recent(p.getHour(), AnalyticsWindow.HOUR, at, sale.getTotalCents()));
        p.setDay(recent(p.getDay(), AnalyticsWindow.DAY, at, sale.getTotalCents()));
    }

    /** The latest window's revenue: a newer window starts over, an older one (a late event) is left alone. */
    private static RecentRevenue recent(RecentRevenue slot, AnalyticsWindow window, Instant at, long cents) {
        Instant start = window.startOf(at);
        if (start.equals(slot.getWindowStart())) {
            return new RecentRevenue(start, Math.addExact(slot.getRevenueCents(), cents));
        }
        return start.isAfter(slot.getWindowStart()) ? new RecentRevenue(start, cents) : slot;
    }

    private void rating(CustomerProfile p, Feedback f) {
        p.setRatings(p.getRatings() + 1);
        p.setFeltHeatSum(p.getFeltHeatSum() + f.getHeat());
        if (f.getTaste() >= LIKED_TASTE) {
            p.setLikedRatings(p.getLikedRatings() + 1);
            p.setLikedHeatSum(p.getLikedHeatSum() + catalog.find(f.getSku()).map(Product::getHeatLevel).orElse(0));
        }
    }
}
