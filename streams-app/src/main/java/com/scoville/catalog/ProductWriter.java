package com.scoville.catalog;

import com.scoville.audit.AuditTrail;
import com.scoville.avro.AuditChange;
import com.scoville.avro.Product;
import com.scoville.avro.CommandOutcome;
import com.scoville.commands.AppliedCommands;
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
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * The single writer of admin product changes, keyed by SKU: it writes each command id to 'products' once.
 * Writing 'products' straight from HTTP would make a late retry of an old change overwrite a newer one, and
 * would let two bodies under one key both land; here the first wins and the rest change nothing. Each change it
 * writes has its audit entry (prices before and after) in the same transaction.
 */
public final class ProductWriter implements Processor<String, Product, String, SpecificRecord> {
    public static final String APPLIED_STORE = "product-applied-commands";
    /** The last version this writer wrote of each SKU: the "before" of the next change's audit entry. */
    public static final String VERSIONS_STORE = "product-versions";
    public static final String TO_PRODUCTS = "to-products";
    public static final String TO_OUTCOMES = "product-writer-outcomes";
    public static final String TO_AUDIT = "product-writer-audit";

    /** The stores it owns: the product commands it applied, and the versions it wrote. */
    public static List<StoreBuilder<?>> stores(Topics topics) {
        return List.of(AppliedCommands.store(APPLIED_STORE, topics.storeSerde(CommandOutcome.class)),
                StateStores.keyValue(VERSIONS_STORE, Serdes.String(), topics.storeSerde(Product.class)));
    }

    private ProcessorContext<String, SpecificRecord> context;
    private AppliedCommands applied;
    private KeyValueStore<String, Product> versions;
    private KeyValueStore<String, Product> catalog;
    private AuditTrail audit;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.applied = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
        this.versions = context.getStateStore(VERSIONS_STORE);
        this.catalog = context.getStateStore(CatalogUpdater.STORE);
        this.audit = new AuditTrail(context, TO_AUDIT);
    }

    @Override
    public void process(Record<String, Product> record) {
        Product product = record.value();
        if (product == null) {
            return; // deleting a product is not an admin write (yet)
        }
        applied.once(product.getCommandId(), product.getRequestHash(), () -> {
            long now = context.currentSystemTimeMs();
            // stamped when applied, so that the answer to a retry shows the very version that was written
            product.setUpdatedAt(Instant.ofEpochMilli(now));
            var actor = product.getActor();
            product.setActor(null); // who asked stays in the audit log, not in the catalog every instance keeps
            Product before = versions.get(record.key());
            if (before == null) {
                before = catalog.get(record.key()); // written before this writer kept versions (or seeded)
            }
            versions.put(record.key(), product);
            context.forward(new Record<String, SpecificRecord>(record.key(), product, now), TO_PRODUCTS);
            audit.applied(actor, "product.put", record.key(), before == null ? "created" : "changed", priceChanges(before, product));
            return true;
        });
    }

    private static List<AuditChange> priceChanges(Product before, Product after) {
        List<AuditChange> changes = new ArrayList<>();
        Long price = before == null ? null : before.getPriceCents();
        Long wholesale = before == null ? null : before.getWholesalePriceCents();
        if (!Objects.equals(price, after.getPriceCents())) {
            changes.add(AuditTrail.change("priceCents", price, after.getPriceCents()));
        }
        if (!Objects.equals(wholesale, after.getWholesalePriceCents())) {
            changes.add(AuditTrail.change("wholesalePriceCents", wholesale, after.getWholesalePriceCents()));
        }
        return changes;
    }
}
