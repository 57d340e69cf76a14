package com.scoville;

import com.scoville.alerts.AlertLedger;
import com.scoville.alerts.AlertSettings;
import com.scoville.alerts.SaleLinesBySku;
import com.scoville.alerts.SalesRateWatch;
import com.scoville.alerts.StockWatch;
import com.scoville.analytics.CustomerAggregator;
import com.scoville.analytics.CustomerProfiler;
import com.scoville.analytics.CustomerRekey;
import com.scoville.analytics.RatingsAggregator;
import com.scoville.analytics.SalesAggregator;
import com.scoville.audit.ActorSeal;
import com.scoville.audit.AuditIndex;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.Product;
import com.scoville.avro.StockLevel;
import com.scoville.catalog.CatalogUpdater;
import com.scoville.catalog.ProductWriter;
import com.scoville.avro.Order;
import com.scoville.inventory.IntakePartitioner;
import com.scoville.inventory.ReservationProcessor;
import com.scoville.inventory.StockBook;
import com.scoville.inventory.StockProcessor;
import com.scoville.kafka.CommitPace;
import com.scoville.kafka.ScovilleConfig;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topic;
import com.scoville.kafka.Topics;
import com.scoville.orders.OrderProcessor;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.StoreBuilder;

import java.time.Duration;
import java.util.List;

/**
 * The flow of an order, top to bottom. A pure function of its settings and topics, so tests build
 * exactly the production topology.
 *
 * <pre>
 *  products ──────────────────────────────────────────────▶ global store 'catalog'
 *
 *  partitioned by SKU (one writer of each SKU's stock); an order comes to each partition holding some of its stock:
 *  orders, order-intake ─▶ reservation-processor ─▶ order-status          (all its stock here: decided, one hop; funnel counted)
 *                                                 ├▶ reservation-answers  (stock in several partitions: this part)
 *                                                 ├▶ order-intake         (a partner's order: copied where its stock is)
 *                                                 └▶ order-requests       (taking over a hold: the saga)
 *  stock-commands ──────▶ stock-processor ─▶ stock-events, notifications
 *
 *  partitioned by order id (decides from the answers: two hops; follows one-hop decisions off the buyer's path):
 *  reservation-answers, order-requests, order-commands, stock-events, order-status ─▶ order-processor
 *                                    ─▶ order-status, stock-commands, order-commands, sales   (funnel counted: the steps it makes)
 *  sales ─▶ sales-aggregator (windows by product, channel, heat level)
 *        └▶ customer-rekey ─▶ sales-by-customer ─▶ customer-aggregator (new / returning)
 *                                                └▶ customer-profiler (RFM segments, heat preference)
 *  feedback ─▶ ratings-aggregator ─▶ ratings-by-customer ─▶ customer-profiler
 *  product-commands ─▶ product-writer ─▶ products
 *  audit ──────────────────────────────────────────────────▶ global store 'audit-log'
 *
 *  alerts: stock-watch (beside the stock book, on the clock) ─▶ alerts           (SELLING_OUT, STOCK_DRIFT)
 *          sales ─▶ sale-lines-by-sku ─▶ sales-by-sku ─▶ sales-rate-watch ─▶ alerts   (SALES_SPIKE, SALES_DROP)
 *          alerts ──────────────────────────────────────────▶ global store 'alert-ledger'
 *
 *  Each processor that applies a client's write (stock, order, ratings, product writer) remembers its command id
 *  and publishes the outcome on command-outcomes: a retried write is applied once. The processors that apply a
 *  client's change (reservation, stock, order, product writer) write its entry to 'audit' in the same transaction.
 *  Those a client waits for (reservation, stock, order, ratings, product writer) are paced ({@link CommitPace}): they
 *  ask for a commit soon after a fresh record, and leave a backlog to the longer commit interval.
 * </pre>
 */
public final class ScovilleTopology {

    /**
     * What the topology needs to know besides its topics. {@code actorSeal} verifies the actors the HTTP layer sealed on
     * orders (see {@link ActorSeal}).
     */
    public record Settings(Duration reservationTtl, Duration expiryScanInterval, int maxOrderLines, int maxLineQuantity,
                           Duration analyticsGrace, int partitions, AlertSettings alerts, ActorSeal actorSeal, CommitPace commitPace) {
        /** With the default alerts and commit pace, and a seal of its own (the tests seal with {@link #actorSeal()}). */
        public Settings(Duration reservationTtl, Duration expiryScanInterval, int maxOrderLines, int maxLineQuantity,
                        Duration analyticsGrace, int partitions) {
            this(reservationTtl, expiryScanInterval, maxOrderLines, maxLineQuantity, analyticsGrace, partitions,
                    AlertSettings.defaults(), ActorSeal.unshared(), CommitPace.defaults());
        }

        /** The topology's part of the service's configuration. */
        public static Settings of(ScovilleConfig config) {
            return new Settings(config.reservationTtl(), config.expiryScanInterval(), config.maxOrderLines(),
                    config.maxLineQuantity(), config.analyticsGrace(), config.partitions(), AlertSettings.of(config),
                    ActorSeal.of(config.effectivePeerSecret()), CommitPace.of(config));
        }

        public Settings withAlerts(AlertSettings alertSettings) {
            return new Settings(reservationTtl, expiryScanInterval, maxOrderLines, maxLineQuantity, analyticsGrace, partitions,
                    alertSettings, actorSeal, commitPace);
        }
    }

    private ScovilleTopology() { }

    public static Topology build(Settings settings, Topics topics) {
        Topology topology = new Topology();
        catalog(topology, topics);
        inventory(topology, topics, settings);
        orders(topology, topics, settings);
        analytics(topology, topics, settings.analyticsGrace(), settings.commitPace());
        productWrites(topology, topics, settings.commitPace());
        alerts(topology, topics, settings.alerts());
        auditLog(topology, topics);
        return topology;
    }

    /** Every instance keeps the whole catalog: intake validates and prices without a remote call. */
    public static void catalog(Topology topology, Topics topics) {
        Topic<String, Product> products = topics.products;
        topology.addGlobalStore(CatalogUpdater.store(products.valueSerde()), "products-source",
                products.keySerde().deserializer(), products.valueSerde().deserializer(), products.name(),
                "catalog-updater", CatalogUpdater::new);
    }

    /** Every instance keeps the whole audit log, indexed by time: GET /v1/audit reads it without a remote call. Added last. */
    public static void auditLog(Topology topology, Topics topics) {
        Topic<String, AuditEntry> audit = topics.audit;
        topology.addGlobalStore(AuditIndex.store(audit.valueSerde()), "audit-source",
                audit.keySerde().deserializer(), audit.valueSerde().deserializer(), audit.name(), "audit-index", AuditIndex::new);
    }

    /**
     * Admin product changes, applied once each by one writer per SKU partition. Added last, so that the
     * sub-topologies before it keep their numbers (and their tasks their local state).
     */
    private static void productWrites(Topology topology, Topics topics, CommitPace pace) {
        source(topology, "product-commands-source", topics.productCommands);
        topology.addProcessor("product-writer", pace.paced(StateStores.owning(ProductWriter::new, ProductWriter.stores(topics))),
                "product-commands-source");
        sink(topology, ProductWriter.TO_OUTCOMES, topics.commandOutcomes, "product-writer");
        sink(topology, ProductWriter.TO_PRODUCTS, topics.products, "product-writer");
        sink(topology, ProductWriter.TO_AUDIT, topics.audit, "product-writer");
    }

    /**
     * Stock, keyed by SKU: one writer per partition. Orders of one SKU are decided here, where their stock is;
     * stock commands (the saga's reservations, releases, shipments, restocks) are applied here.
     */
    public static void inventory(Topology topology, Topics topics, Settings settings) {
        source(topology, "orders-source", topics.orders);
        source(topology, "order-intake-source", topics.orderIntake);
        List<StoreBuilder<?>> stockBook = StockBook.stores(topics.storeSerde(StockLevel.class));
        topology.addProcessor("reservation-processor", settings.commitPace().paced(StateStores.owning(
                        () -> new ReservationProcessor(settings.reservationTtl(), settings.partitions(), settings.maxOrderLines(),
                                settings.maxLineQuantity(), topics.orderIntake.name(), settings.actorSeal(), settings.analyticsGrace()),
                        ReservationProcessor.stores(topics, stockBook))),
                "orders-source", "order-intake-source");
        source(topology, "stock-commands-source", topics.stockCommands);
        topology.addProcessor("stock-processor",
                settings.commitPace().paced(StateStores.owning(StockProcessor::new, StockProcessor.stores(topics, stockBook))),
                "stock-commands-source");
        sink(topology, ReservationProcessor.TO_STATUS, topics.orderStatus, "reservation-processor");
        Topic<String, Order> intake = topics.orderIntake;
        topology.addSink(ReservationProcessor.TO_INTAKE, intake.name(), intake.keySerde().serializer(), intake.valueSerde().serializer(),
                new IntakePartitioner<>(), "reservation-processor");
        sink(topology, ReservationProcessor.TO_ANSWERS, topics.reservationAnswers, "reservation-processor");
        sink(topology, ReservationProcessor.TO_SAGA, topics.orderRequests, "reservation-processor");
        sink(topology, StockProcessor.TO_STOCK_EVENTS, topics.stockEvents, "stock-processor");
        sink(topology, StockProcessor.TO_NOTIFICATIONS, topics.notifications, "stock-processor");
        sink(topology, StockProcessor.TO_OUTCOMES, topics.commandOutcomes, "stock-processor");
        topology.addProcessor("stock-watch", StateStores.owning(() -> new StockWatch(settings.alerts()), StockWatch.stores(topics, stockBook)),
                "stock-commands-source");
        sink(topology, StockWatch.TO_ALERTS, topics.alerts, "stock-watch");
        sink(topology, ReservationProcessor.TO_AUDIT, topics.audit, "reservation-processor");
        sink(topology, StockProcessor.TO_AUDIT, topics.audit, "stock-processor");
    }

    /** Keyed by order id: the saga, the clients' moves, expiry, and the decisions made where the stock is. */
    private static void orders(Topology topology, Topics topics, Settings settings) {
        source(topology, "reservation-answers-source", topics.reservationAnswers);
        source(topology, "order-requests-source", topics.orderRequests);
        source(topology, "order-commands-source", topics.orderCommands);
        source(topology, "stock-events-source", topics.stockEvents);
        source(topology, "order-status-source", topics.orderStatus);
        topology.addProcessor("order-processor",
                settings.commitPace().paced(OrderProcessor.supplier(settings.reservationTtl(), settings.expiryScanInterval(),
                        settings.maxOrderLines(), settings.maxLineQuantity(), settings.analyticsGrace(), topics),
                        topics.orderStatus.name()), // following one-hop decisions: off the buyer's path
                "reservation-answers-source", "order-requests-source", "order-commands-source", "stock-events-source",
                "order-status-source");
        sink(topology, OrderProcessor.TO_STATUS, topics.orderStatus, "order-processor");
        sink(topology, OrderProcessor.TO_STOCK, topics.stockCommands, "order-processor");
        sink(topology, OrderProcessor.TO_COMMANDS, topics.orderCommands, "order-processor");
        sink(topology, OrderProcessor.TO_SALES, topics.sales, "order-processor");
        sink(topology, OrderProcessor.TO_OUTCOMES, topics.commandOutcomes, "order-processor");
        sink(topology, OrderProcessor.TO_AUDIT, topics.audit, "order-processor");
    }

    /** Windowed totals where the sales happen; customers where the customers are; ratings where the SKUs are. */
    private static void analytics(Topology topology, Topics topics, Duration grace, CommitPace pace) {
        source(topology, "sales-source", topics.sales);
        topology.addProcessor("sales-aggregator", StateStores.owning(() -> new SalesAggregator(grace), SalesAggregator.stores(topics)),
                "sales-source");

        topology.addProcessor("customer-rekey", CustomerRekey::new, "sales-source");
        sink(topology, "to-sales-by-customer", topics.salesByCustomer, "customer-rekey");
        source(topology, "sales-by-customer-source", topics.salesByCustomer);
        topology.addProcessor("customer-aggregator",
                StateStores.owning(() -> new CustomerAggregator(grace), CustomerAggregator.stores(topics)), "sales-by-customer-source");

        source(topology, "feedback-source", topics.feedback);
        topology.addProcessor("ratings-aggregator",
                pace.paced(StateStores.owning(() -> new RatingsAggregator(grace), RatingsAggregator.stores(topics))), "feedback-source");
        sink(topology, RatingsAggregator.TO_OUTCOMES, topics.commandOutcomes, "ratings-aggregator");

        sink(topology, RatingsAggregator.TO_CUSTOMERS, topics.ratingsByCustomer, "ratings-aggregator");
        source(topology, "ratings-by-customer-source", topics.ratingsByCustomer);
        topology.addProcessor("customer-profiler", StateStores.owning(CustomerProfiler::new, CustomerProfiler.stores(topics)),
                "sales-by-customer-source", "ratings-by-customer-source");
    }

    /**
     * Sales spikes and drops where each SKU's payments are (stock alerts are looked for in {@link #inventory}), and
     * every alert on every instance for the queries. Added after the others, so their sub-topologies keep their numbers.
     */
    private static void alerts(Topology topology, Topics topics, AlertSettings settings) {
        topology.addProcessor("sale-lines-by-sku", SaleLinesBySku::new, "sales-source");
        sink(topology, "to-sales-by-sku", topics.salesBySku, "sale-lines-by-sku");
        source(topology, "sales-by-sku-source", topics.salesBySku);
        topology.addProcessor("sales-rate-watch", StateStores.owning(() -> new SalesRateWatch(settings), SalesRateWatch.stores(topics)),
                "sales-by-sku-source");
        sink(topology, SalesRateWatch.TO_ALERTS, topics.alerts, "sales-rate-watch");
        Topic<String, com.scoville.avro.Alert> alerts = topics.alerts;
        topology.addGlobalStore(AlertLedger.store(alerts.valueSerde()), "alerts-source", alerts.keySerde().deserializer(),
                alerts.valueSerde().deserializer(), alerts.name(), "alert-ledger", AlertLedger::new);
    }

    private static <K, V> void source(Topology topology, String name, Topic<K, V> topic) {
        topology.addSource(name, topic.keySerde().deserializer(), topic.valueSerde().deserializer(), topic.name());
    }

    private static <K, V> void sink(Topology topology, String name, Topic<K, V> topic, String parent) {
        topology.addSink(name, topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer(), parent);
    }
}
