package com.scoville;

import com.scoville.avro.Channel;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Feedback;
import com.scoville.avro.Notification;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.Product;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockLevel;
import com.scoville.devstack.DemoCatalog;
import com.scoville.inventory.StockProcessor;
import com.scoville.kafka.StreamsRuntime;
import com.scoville.kafka.Topic;
import com.scoville.kafka.Topics;
import com.scoville.orders.OrderProcessor;
import com.scoville.registry.InMemorySchemaRegistry;
import org.apache.kafka.streams.StreamsConfig;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.TopologyTestDriver;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/**
 * The production topology on a TopologyTestDriver with an in-memory registry, and the few verbs tests
 * speak: place an order, move it, restock, read a store. Records the topology writes to its own source
 * topics are fed back by the driver, so one call runs the whole saga.
 */
public final class ScovilleDriver implements AutoCloseable {
    public static final Instant START = Instant.parse("2026-11-25T12:00:00Z");
    public static final Duration TTL = Duration.ofMinutes(15);
    public static final Duration GRACE = Duration.ofHours(1);
    /**
     * One folder per driver: a driver's close cleans its folder, and two drivers of one folder (two in one test,
     * or two test JVMs side by side, as PIT runs them) would share, and delete, each other's RocksDB stores.
     */
    private static final java.nio.file.Path STATE_ROOT = java.nio.file.Path.of("target", "topology-test-state",
            "jvm-" + ProcessHandle.current().pid());
    private static final java.util.concurrent.atomic.AtomicInteger DRIVERS = new java.util.concurrent.atomic.AtomicInteger();

    public final Topics topics = new Topics(new InMemorySchemaRegistry(), 1);
    public final TopologyTestDriver driver;
    private Instant wallClock = START;
    private final TestInputTopic<String, Order> orders;
    private final TestInputTopic<String, OrderCommand> commands;
    private final TestInputTopic<String, StockCommand> stock;
    private final TestInputTopic<String, Product> products;
    private final TestInputTopic<String, Product> productCommands;
    private final TestInputTopic<String, Feedback> feedback;
    private final TestOutputTopic<String, OrderState> status;
    private final TestOutputTopic<String, SaleEvent> sales;
    private final TestOutputTopic<String, Notification> notifications;
    private final TestOutputTopic<String, CommandOutcome> outcomes;

    /** The settings of the production topology under test (one partition: every SKU lives in it). */
    public static final ScovilleTopology.Settings SETTINGS = new ScovilleTopology.Settings(TTL, Duration.ofSeconds(1), 50, 1000, GRACE, 1);

    /** A driver on the whole production topology. */
    public ScovilleDriver() {
        this(topics -> ScovilleTopology.build(SETTINGS, topics));
    }

    /** A driver on the part of the topology {@code build} makes from the driver's topics. */
    public ScovilleDriver(java.util.function.Function<Topics, Topology> build) {
        Topology built = build.apply(topics);
        Properties props = new Properties();
        props.put(StreamsConfig.APPLICATION_ID_CONFIG, "scoville-test");
        props.put(StreamsConfig.BOOTSTRAP_SERVERS_CONFIG, "dummy:1234");
        StreamsRuntime.errorHandling(props, topics.ordersDlq.name());
        props.put(StreamsConfig.STATE_DIR_CONFIG, STATE_ROOT.resolve("driver-" + DRIVERS.incrementAndGet()).toString());
        driver = new TopologyTestDriver(built, props, START);
        orders = input(topics.orders);
        commands = input(topics.orderCommands);
        stock = input(topics.stockCommands);
        products = input(topics.products);
        productCommands = input(topics.productCommands);
        feedback = input(topics.feedback);
        status = output(topics.orderStatus);
        sales = output(topics.sales);
        notifications = output(topics.notifications);
        outcomes = output(topics.commandOutcomes);
    }

    /** Loads the demo catalog and its stock. */
    public ScovilleDriver withDemoCatalog() {
        DemoCatalog.products(START).forEach(this::putProduct);
        DemoCatalog.INITIAL_STOCK.forEach(this::restock);
        return this;
    }

    public void putProduct(Product p) {
        products.pipeInput(p.getSku(), p);
    }

    public void restock(String sku, int quantity) {
        stock.pipeInput(sku, StockCommand.newBuilder().setType(StockCommandType.RESTOCK).setSku(sku)
                .setQuantity(quantity).setAt(now()).build());
    }

    public void subscribe(String sku, String customerId) {
        stock.pipeInput(sku, StockCommand.newBuilder().setType(StockCommandType.SUBSCRIBE).setSku(sku)
                .setCustomerId(customerId).setAt(now()).build());
    }

    /** A subscription taken through a sales channel (its webhooks hear of the restock). */
    public void subscribeThrough(String channel, String sku, String customerId) {
        stock.pipeInput(sku, StockCommand.newBuilder().setType(StockCommandType.SUBSCRIBE).setSku(sku)
                .setCustomerId(customerId).setChannel(channel).setAt(now()).build());
    }

    /** A client's restock, as the HTTP layer sends it: with a command id and its request's fingerprint. */
    public void restock(String sku, int quantity, String commandId, String requestHash) {
        stock.pipeInput(sku, StockCommand.newBuilder().setType(StockCommandType.RESTOCK).setSku(sku)
                .setQuantity(quantity).setAt(now()).setCommandId(commandId).setRequestHash(requestHash).build());
    }

    public void subscribe(String sku, String customerId, String commandId, String requestHash) {
        stock.pipeInput(sku, StockCommand.newBuilder().setType(StockCommandType.SUBSCRIBE).setSku(sku)
                .setCustomerId(customerId).setAt(now()).setCommandId(commandId).setRequestHash(requestHash).build());
    }

    /** A client's move (or hold release) with a command id and its request's fingerprint. */
    public OrderState command(String orderId, OrderCommandType type, String commandId, String requestHash) {
        commands.pipeInput(orderId, OrderCommand.newBuilder().setOrderId(orderId).setType(type).setAt(now())
                .setCommandId(commandId).setRequestHash(requestHash).build());
        return order(orderId);
    }

    /** An admin's product change, as PUT /v1/products/{sku} sends it (the product carries its command id). */
    public void productCommand(Product p) {
        productCommands.pipeInput(p.getSku(), p);
    }

    /** A rating, keyed by its command id like the HTTP layer keys it. */
    public void rate(Feedback f) {
        feedback.pipeInput(f.getCommandId() == null ? f.getSku() : f.getCommandId(), f);
    }

    /** The outcomes published since the last call. */
    public List<CommandOutcome> outcomes() {
        return outcomes.readValuesToList();
    }

    public static OrderLine line(String sku, int quantity) {
        return OrderLine.newBuilder().setSku(sku).setQuantity(quantity).build();
    }

    public static Order order(String orderId, Channel channel, OrderLine... lines) {
        return Order.newBuilder().setOrderId(orderId).setCustomerId("cust-" + orderId).setChannel(channel)
                .setLines(new ArrayList<>(Arrays.asList(lines))).setCreatedAt(START).build();
    }

    public OrderState place(String orderId, OrderLine... lines) {
        return place(order(orderId, Channel.WEB, lines));
    }

    public OrderState place(Order order) {
        orders.pipeInput(order.getOrderId(), order);
        return order(order.getOrderId());
    }

    /** Places an order as the HTTP layer writes it: its actor sealed with {@link #SETTINGS}' seal. */
    public OrderState placeSealed(Order order) {
        orders.pipeInput(new org.apache.kafka.streams.test.TestRecord<>(order.getOrderId(), order, sealed(SETTINGS, order)));
        return order(order.getOrderId());
    }

    /** The headers of an order the HTTP layer writes for a topology of {@code settings}: the seal of its actor. */
    public static org.apache.kafka.common.header.Headers sealed(ScovilleTopology.Settings settings, Order order) {
        return new org.apache.kafka.common.header.internals.RecordHeaders(
                settings.actorSeal().headers(order.getOrderId(), order.getActor()));
    }

    /** Sends an order as a partner may: under any record key, or none (null). Answers the state of its orderId. */
    public OrderState placeKeyed(String key, Order order) {
        orders.pipeInput(key, order);
        return order(order.getOrderId());
    }

    /** Places an order whose record carries {@code timestamp} (the time the HTTP layer accepted it). */
    public OrderState placeAt(Order order, Instant timestamp) {
        orders.pipeInput(order.getOrderId(), order, timestamp);
        return order(order.getOrderId());
    }

    public OrderState command(String orderId, OrderCommandType type) {
        commands.pipeInput(orderId, OrderCommand.newBuilder().setOrderId(orderId).setType(type).setAt(now()).build());
        return order(orderId);
    }

    public OrderState placeHold(String holdId, int ttlSeconds, OrderLine... lines) {
        return placeHold(holdId, null, ttlSeconds, lines);
    }

    public OrderState placeHold(String holdId, String requestHash, int ttlSeconds, OrderLine... lines) {
        commands.pipeInput(holdId, OrderCommand.newBuilder().setOrderId(holdId).setType(OrderCommandType.PLACE_HOLD)
                .setLines(List.of(lines)).setTtlSeconds(ttlSeconds).setAt(now()).setRequestHash(requestHash).build());
        return order(holdId);
    }

    public void advance(Duration d) {
        driver.advanceWallClockTime(d);
        wallClock = wallClock.plus(d);
    }

    /** The driver's wall clock: START plus every advance. */
    public Instant now() {
        return wallClock;
    }

    public OrderState order(String orderId) {
        KeyValueStore<String, OrderState> store = driver.getKeyValueStore(OrderProcessor.ORDERS_STORE);
        return store.get(orderId);
    }

    public List<OrderState> allOrders() {
        return all(OrderProcessor.ORDERS_STORE);
    }

    public StockLevel stock(String sku) {
        KeyValueStore<String, StockLevel> store = driver.getKeyValueStore(StockProcessor.LEVELS_STORE);
        return store.get(sku);
    }

    public List<StockLevel> allStock() {
        return all(StockProcessor.LEVELS_STORE);
    }

    /** Live reservations by SKU, summed over owners. */
    public Map<String, Integer> reservedBySku() {
        KeyValueStore<String, Integer> store = driver.getKeyValueStore(StockProcessor.RESERVATIONS_STORE);
        Map<String, Integer> sums = new HashMap<>();
        try (KeyValueIterator<String, Integer> it = store.all()) {
            it.forEachRemaining(kv -> sums.merge(kv.key.substring(0, kv.key.indexOf('|')), kv.value, Integer::sum));
        }
        return sums;
    }

    /**
     * An order counter of the topology ({@code accepted-total}, {@code reserved-total}, {@code rejected-total},
     * {@code expired-total}, {@code reservation-total}), summed over the tasks that record it, as the README
     * says to read it.
     */
    public double ordersCounter(String name) {
        return driver.metrics().entrySet().stream()
                .filter(e -> e.getKey().group().equals("stream-scoville-orders-metrics") && e.getKey().name().equals(name))
                .mapToDouble(e -> ((Number) e.getValue().metricValue()).doubleValue()).sum();
    }

    /** The orders the expiry index will look at when they are due, in the order it will. */
    /** The product as the global catalog holds it. */
    public Product catalogProduct(String sku) {
        KeyValueStore<String, Product> catalog = driver.getKeyValueStore(com.scoville.catalog.CatalogUpdater.STORE);
        return catalog.get(sku);
    }

    public List<String> expiryIndex() {
        return all(OrderProcessor.EXPIRY_STORE);
    }

    public List<OrderState> statusChanges() {
        return status.readValuesToList();
    }

    public List<SaleEvent> sales() {
        return sales.readValuesToList();
    }

    public List<Notification> notifications() {
        return notifications.readValuesToList();
    }

    private <V> List<V> all(String storeName) {
        KeyValueStore<String, V> store = driver.getKeyValueStore(storeName);
        List<V> values = new ArrayList<>();
        try (KeyValueIterator<String, V> it = store.all()) {
            it.forEachRemaining(kv -> values.add(kv.value));
        }
        return values;
    }

    private <K, V> TestInputTopic<K, V> input(Topic<K, V> topic) {
        return driver.createInputTopic(topic.name(), topic.keySerde().serializer(), topic.valueSerde().serializer());
    }

    public <K, V> TestOutputTopic<K, V> output(Topic<K, V> topic) {
        return driver.createOutputTopic(topic.name(), topic.keySerde().deserializer(), topic.valueSerde().deserializer());
    }

    @Override
    public void close() {
        driver.close();
    }
}
