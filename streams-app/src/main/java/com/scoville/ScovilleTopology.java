package com.scoville;

import com.scoville.analytics.CustomerAggregator;
import com.scoville.analytics.CustomerRekey;
import com.scoville.analytics.RatingsAggregator;
import com.scoville.analytics.SalesAggregator;
import com.scoville.analytics.WindowedTotals;
import com.scoville.avro.OrderState;
import com.scoville.avro.SalesTotals;
import com.scoville.avro.Product;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockLevel;
import com.scoville.avro.CommandOutcome;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.catalog.ProductWriter;
import com.scoville.commands.AppliedCommands;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.inventory.IntakePartitioner;
import com.scoville.inventory.ReservationProcessor;
import com.scoville.inventory.StockBook;
import com.scoville.inventory.StockProcessor;
import com.scoville.kafka.ScovilleConfig;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topic;
import com.scoville.kafka.Topics;
import com.scoville.orders.OrderProcessor;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.streams.Topology;

import java.time.Duration;

/**
 * The flow of an order, top to bottom. A pure function of its settings and topics, so tests build
 * exactly the production topology.
 *
 * <pre>
 *  products ──────────────────────────────────────────────▶ global store 'catalog'
 *
 *  partitioned by SKU (one writer of each SKU's stock); an order comes to each partition holding some of its stock:
 *  orders, order-intake ─▶ reservation-processor ─▶ order-status          (all its stock here: decided, one hop)
 *                                                 ├▶ reservation-answers  (stock in several partitions: this part)
 *                                                 ├▶ order-intake         (a partner's order: copied where its stock is)
 *                                                 └▶ order-requests       (taking over a hold: the saga)
 *  stock-commands ──────▶ stock-processor ─▶ stock-events, notifications
 *
 *  partitioned by order id (decides from the answers: two hops; follows one-hop decisions off the buyer's path):
 *  reservation-answers, order-requests, order-commands, stock-events, order-status ─▶ order-processor
 *                                    ─▶ order-status, stock-commands, order-commands, sales
 *  sales ─▶ sales-aggregator (windows by product, channel, heat level)
 *        └▶ customer-rekey ─▶ sales-by-customer ─▶ customer-aggregator (new / returning)
 *  feedback ─▶ ratings-aggregator
 *  product-commands ─▶ product-writer ─▶ products
 *
 *  Each processor that applies a client's write (stock, order, ratings, product writer) remembers its command id
 *  and publishes the outcome on command-outcomes: a retried write is applied once.
 * </pre>
 */
public final class ScovilleTopology {

    /** What the topology needs to know besides its topics. */
    public record Settings(Duration reservationTtl, Duration expiryScanInterval, int maxOrderLines, int maxLineQuantity,
                           Duration analyticsGrace, int partitions) {
        /** The topology's part of the service's configuration. */
        public static Settings of(ScovilleConfig config) {
            return new Settings(config.reservationTtl(), config.expiryScanInterval(), config.maxOrderLines(),
                    config.maxLineQuantity(), config.analyticsGrace(), config.partitions());
        }
    }

    private ScovilleTopology() { }

    public static Topology build(Settings settings, Topics topics) {
        Topology topology = new Topology();
        catalog(topology, topics);
        inventory(topology, topics, settings);
        orders(topology, topics, settings);
        analytics(topology, topics, settings.analyticsGrace());
        productWrites(topology, topics);
        return topology;
    }

    /** Every instance keeps the whole catalog: intake validates and prices without a remote call. */
    static void catalog(Topology topology, Topics topics) {
        Topic<String, Product> products = topics.products;
        topology.addGlobalStore(CatalogUpdater.store(products.valueSerde()), "products-source",
                products.keySerde().deserializer(), products.valueSerde().deserializer(), products.name(),
                "catalog-updater", CatalogUpdater::new);
    }

    /**
     * Admin product changes, applied once each by one writer per SKU partition. Added last, so that the
     * sub-topologies before it keep their numbers (and their tasks their local state).
     */
    private static void productWrites(Topology topology, Topics topics) {
        source(topology, "product-commands-source", topics.productCommands);
        topology.addProcessor("product-writer", ProductWriter::new, "product-commands-source");
        appliedCommands(topology, topics, ProductWriter.APPLIED_STORE, ProductWriter.TO_OUTCOMES, "product-writer");
        sink(topology, ProductWriter.TO_PRODUCTS, topics.products, "product-writer");
    }

    /**
     * Stock, keyed by SKU: one writer per partition. Orders of one SKU are decided here, where their stock is;
     * stock commands (the saga's reservations, releases, shipments, restocks) are applied here.
     */
    static void inventory(Topology topology, Topics topics, Settings settings) {
        source(topology, "orders-source", topics.orders);
        source(topology, "order-intake-source", topics.orderIntake);
        topology.addProcessor("reservation-processor",
                () -> new ReservationProcessor(settings.reservationTtl(), settings.partitions(), settings.maxOrderLines(),
                        settings.maxLineQuantity(), topics.orderIntake.name()),
                "orders-source", "order-intake-source");
        source(topology, "stock-commands-source", topics.stockCommands);
        topology.addProcessor("stock-processor", StockProcessor::new, "stock-commands-source");
        StockBook.stores(topics.storeSerde(StockLevel.class))
                .forEach(store -> topology.addStateStore(store, "reservation-processor", "stock-processor"));
        topology.addStateStore(StockProcessor.subscriptionsStore(), "stock-processor");
        sink(topology, ReservationProcessor.TO_STATUS, topics.orderStatus, "reservation-processor");
        Topic<String, Order> intake = topics.orderIntake;
        topology.addSink(ReservationProcessor.TO_INTAKE, intake.name(), intake.keySerde().serializer(), intake.valueSerde().serializer(),
                new IntakePartitioner<>(), "reservation-processor");
        sink(topology, ReservationProcessor.TO_ANSWERS, topics.reservationAnswers, "reservation-processor");
        sink(topology, ReservationProcessor.TO_SAGA, topics.orderRequests, "reservation-processor");
        sink(topology, StockProcessor.TO_STOCK_EVENTS, topics.stockEvents, "stock-processor");
        sink(topology, StockProcessor.TO_NOTIFICATIONS, topics.notifications, "stock-processor");
        appliedCommands(topology, topics, StockProcessor.APPLIED_STORE, StockProcessor.TO_OUTCOMES, "stock-processor");
    }

    /** Keyed by order id: the saga, the clients' moves, expiry, and the decisions made where the stock is. */
    private static void orders(Topology topology, Topics topics, Settings settings) {
        source(topology, "reservation-answers-source", topics.reservationAnswers);
        source(topology, "order-requests-source", topics.orderRequests);
        source(topology, "order-commands-source", topics.orderCommands);
        source(topology, "stock-events-source", topics.stockEvents);
        source(topology, "order-status-source", topics.orderStatus);
        topology.addProcessor("order-processor",
                OrderProcessor.supplier(settings.reservationTtl(), settings.expiryScanInterval(),
                        settings.maxOrderLines(), settings.maxLineQuantity(), topics),
                "reservation-answers-source", "order-requests-source", "order-commands-source", "stock-events-source",
                "order-status-source");
        sink(topology, OrderProcessor.TO_STATUS, topics.orderStatus, "order-processor");
        sink(topology, OrderProcessor.TO_STOCK, topics.stockCommands, "order-processor");
        sink(topology, OrderProcessor.TO_COMMANDS, topics.orderCommands, "order-processor");
        sink(topology, OrderProcessor.TO_SALES, topics.sales, "order-processor");
        sink(topology, OrderProcessor.TO_OUTCOMES, topics.commandOutcomes, "order-processor");
    }

    /** Windowed totals where the sales happen; customers where the customers are; ratings where the SKUs are. */
    private static void analytics(Topology topology, Topics topics, Duration grace) {
        source(topology, "sales-source", topics.sales);
        topology.addProcessor("sales-aggregator", () -> new SalesAggregator(grace), "sales-source");
        windowStores(topology, SalesAggregator.FAMILY, topics, "sales-aggregator");

        topology.addProcessor("customer-rekey", CustomerRekey::new, "sales-source");
        sink(topology, "to-sales-by-customer", topics.salesByCustomer, "customer-rekey");
        source(topology, "sales-by-customer-source", topics.salesByCustomer);
        topology.addProcessor("customer-aggregator", () -> new CustomerAggregator(grace), "sales-by-customer-source");
        topology.addStateStore(StateStores.keyValue(CustomerAggregator.FIRST_PAID_STORE, Serdes.String(), Serdes.Long()), "customer-aggregator");
        windowStores(topology, CustomerAggregator.FAMILY, topics, "customer-aggregator");

        source(topology, "feedback-source", topics.feedback);
        topology.addProcessor("ratings-aggregator", () -> new RatingsAggregator(grace), "feedback-source");
        windowStores(topology, RatingsAggregator.FAMILY, topics, "ratings-aggregator");
        appliedCommands(topology, topics, RatingsAggregator.APPLIED_STORE, RatingsAggregator.TO_OUTCOMES, "ratings-aggregator");
    }

    private static void appliedCommands(Topology topology, Topics topics, String store, String outcomesSink, String processor) {
        topology.addStateStore(AppliedCommands.store(store, topics.storeSerde(CommandOutcome.class)), processor);
        sink(topology, outcomesSink, topics.commandOutcomes, processor);
    }

    private static void windowStores(Topology topology, String family, Topics topics, String processor) {
        WindowedTotals.stores(family, topics.storeSerde(SalesTotals.class))
                .forEach(store -> topology.addStateStore(store, processor));
    }

    private static <K, V> void source(Topology topology, String name, Topic<K, V> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <K, V> void sink(Topology topology, String name, Topic<K, V> topic, String parent) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parent);
    }
}
