package com.scoville.analytics;

import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

/**
 * Sends payments and refunds on to the partition of their customer: whether a customer is new, and their profile,
 * are known only there.
 */
public final class CustomerRekey implements Processor<String, SaleEvent, String, SaleEvent> {
    private ProcessorContext<String, SaleEvent> context;

    @Override
    public void init(ProcessorContext<String, SaleEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SaleEvent> record) {
        SaleEvent sale = record.value();
        if (sale != null && (sale.getKind() == SaleKind.PAYMENT || sale.getKind() == SaleKind.REFUND)) {
            context.forward(record.withKey(sale.getCustomerId()));
        }
    }
}
