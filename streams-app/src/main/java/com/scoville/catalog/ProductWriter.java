package com.scoville.catalog;

import com.scoville.avro.Product;
import com.scoville.avro.CommandOutcome;
import com.scoville.commands.AppliedCommands;
import com.scoville.kafka.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Instant;
import java.util.List;

/**
 * The single writer of admin product changes, keyed by SKU: it writes each command id to 'products' once.
 * Writing 'products' straight from HTTP would make a late retry of an old change overwrite a newer one, and
 * would let two bodies under one key both land; here the first wins and the rest change nothing.
 */
public final class ProductWriter implements Processor<String, Product, String, SpecificRecord> {
    public static final String APPLIED_STORE = "product-applied-commands";
    public static final String TO_PRODUCTS = "to-products";
    public static final String TO_OUTCOMES = "product-writer-outcomes";

    /** The stores it owns: the product commands it applied. */
    public static List<StoreBuilder<?>> stores(Topics topics) {
        return List.of(AppliedCommands.store(APPLIED_STORE, topics.storeSerde(CommandOutcome.class)));
    }

    private ProcessorContext<String, SpecificRecord> context;
    private AppliedCommands applied;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        this.applied = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
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
            context.forward(new Record<String, SpecificRecord>(record.key(), product, now), TO_PRODUCTS);
            return true;
        });
    }
}
