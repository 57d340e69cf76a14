package com.scoville.alerts;

import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.SaleLine;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;

import java.util.List;

/**
 * Sends each line of a payment on to the partition of its SKU ('sales-by-sku'), where that SKU's sales rate is
 * kept: one record per line, the payment's time kept. Refunds are no demand and stay behind.
 */
public final class SaleLinesBySku implements Processor<String, SaleEvent, String, SaleEvent> {
    private ProcessorContext<String, SaleEvent> context;

    @Override
    public void init(ProcessorContext<String, SaleEvent> context) {
        this.context = context;
    }

    @Override
    public void process(Record<String, SaleEvent> record) {
        SaleEvent sale = record.value();
        if (sale == null || sale.getKind() != SaleKind.PAYMENT) {
            return;
        }
        for (SaleLine line : sale.getLines()) {
            if (line.getUnits() > 0) {
                SaleEvent one = SaleEvent.newBuilder(sale).setLines(List.of(line)).setTotalCents(line.getRevenueCents()).build();
                context.forward(record.withKey(line.getSku()).withValue(one));
            }
        }
    }
}
