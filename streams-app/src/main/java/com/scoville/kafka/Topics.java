package com.scoville.kafka;

import com.scoville.avro.Alert;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Feedback;
import com.scoville.avro.Notification;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderState;
import com.scoville.avro.Product;
import com.scoville.avro.ReservationAnswer;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockEvent;
import com.scoville.avro.Webhook;
import com.scoville.avro.WebhookDeadLetter;
import com.scoville.avro.WebhookDelivery;
import com.scoville.registry.AvroSerdes;
import com.scoville.registry.SchemaRegistry;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Every topic Scoville reads or writes, with its serdes. The contract's topics (orders, order-status,
 * notifications, products, orders-dlq) keep their names; the others are the topology's own.
 * Orders are keyed by order id; stock by SKU; a record's key decides its partition, so one SKU's
 * stock always has exactly one writer.
 */
public final class Topics {
    public final Topic<String, Order> orders;
    public final Topic<String, Order> orderIntake;
    public final Topic<String, Order> orderRequests;
    public final Topic<String, ReservationAnswer> reservationAnswers;
    public final Topic<String, OrderCommand> orderCommands;
    public final Topic<String, StockCommand> stockCommands;
    public final Topic<String, StockEvent> stockEvents;
    public final Topic<String, OrderState> orderStatus;
    public final Topic<String, Product> products;
    /** Admin writes of products, keyed by SKU: the product writer applies each command id once, then writes 'products'. */
    public final Topic<String, Product> productCommands;
    /** What became of each client write that carries a command id, keyed by it: the HTTP layer waits for it. */
    public final Topic<String, CommandOutcome> commandOutcomes;
    public final Topic<String, Notification> notifications;
    public final Topic<String, SaleEvent> sales;
    public final Topic<String, SaleEvent> salesByCustomer;
    public final Topic<String, Feedback> feedback;
    /** The ratings counted, re-keyed by customer for their profile. */
    public final Topic<String, Feedback> ratingsByCustomer;
    /** Anomalies raised and cleared by the topology, keyed by alert id. */
    public final Topic<String, Alert> alerts;
    /** Each line of a payment, keyed by its SKU: where the SKU's sales rate is watched. */
    public final Topic<String, SaleEvent> salesBySku;
    /** Who changed what, and what was refused, keyed by target: written with the change it records. */
    public final Topic<String, AuditEntry> audit;
    public final Topic<byte[], byte[]> ordersDlq;
    /** Webhook registrations, keyed by webhook id (compacted; a tombstone removes one). Holds their signing secrets. */
    public final Topic<String, Webhook> webhooks;
    /** Every attempt to deliver to a webhook, keyed by webhook id: what GET /v1/webhooks/{id}/deliveries shows. */
    public final Topic<String, WebhookDelivery> webhookDeliveries;
    /** Webhook messages no attempt delivered, keyed by webhook id. */
    public final Topic<String, WebhookDeadLetter> webhookDlq;
    /** Partitions of a topic every instance reads whole into a global store. */
    public static final int GLOBAL_PARTITIONS = 1;
    /** Schema registrations in flight at once at start. */
    private static final int SCHEMA_REGISTRATIONS_AT_ONCE = 6;
    private final SchemaRegistry registry;
    private final java.util.Map<String, org.apache.avro.Schema> valueSchemas = new java.util.LinkedHashMap<>();

    public Topics(SchemaRegistry registry, int partitions) {
        this.registry = registry;
        Duration week = Duration.ofDays(7);
        orders = avro("orders", Order.class, partitions, Topic.KEEP_FOREVER);
        // Orders of one SKU moved to the partition of that SKU's stock (partners write where their key falls).
        orderIntake = avro("order-intake", Order.class, partitions, Topic.keepFor(week));
        // Orders for the saga: several SKUs, bundles, a hold to take over. Keyed by order id.
        orderRequests = avro("order-requests", Order.class, partitions, Topic.KEEP_FOREVER);
        // What the SKUs of each partition reserved of an order whose stock is in several partitions.
        reservationAnswers = avro("reservation-answers", ReservationAnswer.class, partitions, Topic.keepFor(week));
        orderCommands = avro("order-commands", OrderCommand.class, partitions, Topic.KEEP_FOREVER);
        stockCommands = avro("stock-commands", StockCommand.class, partitions, Topic.KEEP_FOREVER);
        stockEvents = avro("stock-events", StockEvent.class, partitions, Topic.keepFor(week));
        orderStatus = avro("order-status", OrderState.class, partitions, Topic.keepFor(Duration.ofDays(30)));
        // Read whole by every instance's global stores (the catalog here, the alert ledger and the audit log below), so
        // one partition each: a start restores a global store one partition after another, each waiting out a fetch at
        // the broker, and an idle global consumer asks fewer partitions' leaders.
        products = avro("products", Product.class, GLOBAL_PARTITIONS, Topic.LATEST_BY_KEY);
        productCommands = avro("product-commands", Product.class, partitions, Topic.KEEP_FOREVER);
        // read live by waiting requests only: a day is plenty
        commandOutcomes = avro("command-outcomes", CommandOutcome.class, partitions, Topic.keepFor(Duration.ofDays(1)));
        notifications = avro("notifications", Notification.class, partitions, Topic.keepFor(week));
        sales = avro("sales", SaleEvent.class, partitions, Topic.KEEP_FOREVER);
        salesByCustomer = avro("sales-by-customer", SaleEvent.class, partitions, Topic.keepFor(week));
        feedback = avro("feedback", Feedback.class, partitions, Topic.KEEP_FOREVER);
        ratingsByCustomer = avro("ratings-by-customer", Feedback.class, partitions, Topic.keepFor(week));
        alerts = avro("alerts", Alert.class, GLOBAL_PARTITIONS, Topic.KEEP_FOREVER);
        salesBySku = avro("sales-by-sku", SaleEvent.class, partitions, Topic.keepFor(week));
        // one partition: a transaction that writes audit entries of many orders touches one partition, not every one
        // (a commit marker each); every instance reads all of it anyway, and one partition keeps the log in order
        audit = avro("audit", AuditEntry.class, GLOBAL_PARTITIONS, Topic.KEEP_FOREVER);
        ordersDlq = new Topic<>("orders-dlq", Serdes.ByteArray(), Serdes.ByteArray(), 1, Topic.keepFor(Duration.ofDays(30)));
        webhooks = avro("webhooks", Webhook.class, 1, Topic.LATEST_BY_KEY);
        webhookDeliveries = avro("webhook-deliveries", WebhookDelivery.class, partitions, Topic.keepFor(Duration.ofDays(1)));
        webhookDlq = avro("webhook-dlq", WebhookDeadLetter.class, partitions, Topic.keepFor(Duration.ofDays(30)));
    }

    public SchemaRegistry registry() {
        return registry;
    }

    public List<Topic<?, ?>> all() {
        return List.of(orders, orderIntake, orderRequests, reservationAnswers, orderCommands, stockCommands, stockEvents,
                orderStatus, products, productCommands, commandOutcomes, notifications, sales, salesByCustomer, feedback, alerts,
                salesBySku, audit, ordersDlq, ratingsByCustomer, webhooks, webhookDeliveries, webhookDlq);
    }

    /** A value serde for records kept in stores (their changelogs are registered like topics). */
    public <V extends SpecificRecord> Serde<V> storeSerde(Class<V> type) {
        return AvroSerdes.specific(registry, type, false);
    }

    /**
     * Registers every topic's value schema now, at start: otherwise the first records of every thread and
     * request would each wait on the registry. Several at a time: one by one, a restart on a busy machine spent
     * seconds on round trips (a restarted instance that rejoins within its session keeps its tasks).
     */
    public void registerSchemas() {
        ExecutorService pool = Executors.newFixedThreadPool(SCHEMA_REGISTRATIONS_AT_ONCE, r -> {
            Thread t = new Thread(r, "schema-registration");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<Integer>> registered = new ArrayList<>();
            valueSchemas.forEach((topic, schema) -> registered.add(pool.submit(() -> registry.register(topic + "-value", schema))));
            for (Future<Integer> each : registered) {
                each.get();
            }
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while registering the schemas", e);
        } finally {
            pool.shutdownNow();
        }
    }

    private <V extends SpecificRecord> Topic<String, V> avro(String name, Class<V> type, int partitions, Map<String, String> configs) {
        valueSchemas.put(name, org.apache.avro.specific.SpecificData.get().getSchema(type));
        return new Topic<>(name, Serdes.String(), AvroSerdes.specific(registry, type, false), partitions, configs);
    }
}
