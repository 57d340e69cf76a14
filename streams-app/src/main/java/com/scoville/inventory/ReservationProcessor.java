package com.scoville.inventory;

import com.scoville.avro.Order;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.RejectCode;
import com.scoville.avro.Shortage;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.kafka.SkuPartitions;
import com.scoville.orders.OrderIntake;
import com.scoville.orders.OrderMetrics;
import com.scoville.orders.OrderRoute;
import com.scoville.orders.OrderStates;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.processor.api.RecordMetadata;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;

/**
 * The reservation of an order, in one hop, where its stock lives. Orders arrive on 'orders' (the HTTP layer
 * writes an order of one SKU to that SKU's partition; partners write where their key falls) and on
 * 'order-intake' (orders moved here from another partition). For an order of one SKU whose stock is in this
 * task, this processor validates, prices, reserves and publishes RESERVED or REJECTED on 'order-status', all
 * in the task's one transaction. An order of one SKU that lives elsewhere moves to that SKU's partition;
 * every other order (several SKUs, bundles, a hold to take over) goes to the order processor's saga.
 * The order processor follows each decision off this path, for reads, moves and expiry.
 */
public final class ReservationProcessor implements Processor<String, Order, String, SpecificRecord> {
    public static final String TO_STATUS = "reservation-to-order-status";
    public static final String TO_INTAKE = "to-order-intake";
    public static final String TO_SAGA = "to-order-requests";

    private final Duration reservationTtl;
    private final int partitions;
    private final int maxLines;
    private final int maxQuantity;

    private ProcessorContext<String, SpecificRecord> context;
    private StockBook book;
    private OrderIntake intake;
    private com.scoville.catalog.Catalog catalog;
    private OrderMetrics metrics;

    public ReservationProcessor(Duration reservationTtl, int partitions, int maxLines, int maxQuantity) {
        this.reservationTtl = reservationTtl;
        this.partitions = partitions;
        this.maxLines = maxLines;
        this.maxQuantity = maxQuantity;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        book = StockBook.of(context);
        KeyValueStore<String, Product> products = context.getStateStore(CatalogUpdater.STORE);
        catalog = CatalogUpdater.view(products);
        intake = new OrderIntake(catalog, maxLines, maxQuantity);
        metrics = new OrderMetrics(context.metrics(), context.taskId().toString());
    }

    @Override
    public void process(Record<String, Order> record) {
        Order order = record.value();
        if (order == null) {
            return;
        }
        if (order.getOrderId() == null || order.getOrderId().isBlank()) {
            order.setOrderId(record.key());
        }
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        OrderIntake.Admitted admitted = intake.admit(order, now);
        if (!admitted.valid()) {
            metrics.accepted();
            metrics.decided(false, 0);
            publish(admitted.state());
            return;
        }
        OrderState pending = admitted.state();
        Optional<OrderRoute.SingleSku> single = OrderRoute.singleSku(pending.getLines(), order.getReservationId(), catalog);
        if (single.isEmpty()) {
            forward(TO_SAGA, order, record.timestamp());
            return;
        }
        OrderRoute.SingleSku need = single.get();
        if (SkuPartitions.of(need.sku(), partitions) != partition()) {
            forward(TO_INTAKE, order, record.timestamp()); // to the partition of its stock: one repartition
            return;
        }
        decide(pending, need, record.timestamp(), now);
    }

    /** Reserves all or nothing and publishes the outcome; an order seen before changes nothing. */
    private void decide(OrderState pending, OrderRoute.SingleSku need, long acceptedAt, Instant now) {
        String orderId = pending.getOrderId();
        if (book.decided(need.sku(), orderId)) {
            return; // the same order id again is the same order
        }
        metrics.accepted();
        StockBook.Reservation r = book.reserve(need.sku(), orderId, need.quantity(), true, now);
        metrics.decided(r.outcome() == StockBook.Outcome.RESERVED, Math.max(0, now.toEpochMilli() - acceptedAt));
        if (r.outcome() == StockBook.Outcome.RESERVED) {
            OrderState reserved = OrderStates.moved(pending, OrderStatus.RESERVED, now);
            if (reserved.getKind() == OrderKind.ORDER) {
                reserved.setExpiresAt(now.plus(reservationTtl));
            }
            publish(reserved);
            return;
        }
        OrderState rejected = OrderStates.rejected(pending, RejectCode.OUT_OF_STOCK, List.of(need.sku()), "not enough stock", now);
        rejected.getRejectReason().setShortages(List.of(Shortage.newBuilder().setSku(need.sku())
                .setRequested(need.quantity()).setAvailable(r.available()).build()));
        publish(rejected);
    }

    private int partition() {
        return context.recordMetadata().map(RecordMetadata::partition).orElse(0);
    }

    private void publish(OrderState state) {
        context.forward(new Record<String, SpecificRecord>(state.getOrderId(), state, context.currentSystemTimeMs()), TO_STATUS);
    }

    private void forward(String child, Order order, long timestamp) {
        context.forward(new Record<String, SpecificRecord>(order.getOrderId(), order, timestamp), child);
    }
}
