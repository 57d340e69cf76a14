package com.scoville.inventory;

import com.scoville.audit.AuditTrail;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Notification;
import com.scoville.avro.NotificationType;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockEvent;
import com.scoville.avro.StockEventType;
import com.scoville.avro.StockLevel;
import com.scoville.commands.AppliedCommands;
import com.scoville.kafka.StateStores;
import com.scoville.kafka.Topics;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.Serdes;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Commands to one SKU's stock, keyed by SKU: the reservations of multi-SKU orders and holds (answered on
 * 'stock-events'), releases and shipments of every order, restocks and back-in-stock subscriptions. It shares
 * the partition's {@link StockBook} with the {@link ReservationProcessor}, and owns the subscriptions.
 */
public final class StockProcessor implements Processor<String, StockCommand, String, SpecificRecord> {
    private static final Logger log = LoggerFactory.getLogger(StockProcessor.class);
    public static final String LEVELS_STORE = StockBook.LEVELS_STORE;
    public static final String RESERVATIONS_STORE = StockBook.RESERVATIONS_STORE;
    public static final String SUBSCRIPTIONS_STORE = "stock-subscriptions";
    /** The channel each subscription was taken through, keyed like {@link #SUBSCRIPTIONS_STORE}; none when taken directly. */
    public static final String SUBSCRIPTION_CHANNELS_STORE = "stock-subscription-channels";
    public static final String APPLIED_STORE = "stock-applied-commands";

    public static final String TO_STOCK_EVENTS = "to-stock-events";
    public static final String TO_NOTIFICATIONS = "to-notifications";
    public static final String TO_OUTCOMES = "stock-processor-outcomes";
    public static final String TO_AUDIT = "stock-processor-audit";

    private ProcessorContext<String, SpecificRecord> context;
    private StockBook book;
    private KeyValueStore<String, Long> subscriptions;
    private KeyValueStore<String, String> subscriptionChannels;
    private AppliedCommands applied;
    private AuditTrail audit;
    /**
     * The command's timestamp (its order's time), carried by the answer: the order processor then takes the
     * answer before orders placed after it, instead of behind its whole backlog.
     */
    private long causeTimestamp;

    /**
     * The stores it owns: the stock book's (shared with the {@link ReservationProcessor}: pass the same
     * builders to both), back-in-stock subscriptions, and the stock commands it applied.
     */
    public static List<StoreBuilder<?>> stores(Topics topics, List<StoreBuilder<?>> stockBook) {
        List<StoreBuilder<?>> stores = new ArrayList<>(stockBook);
        stores.add(StateStores.keyValue(SUBSCRIPTIONS_STORE, Serdes.String(), Serdes.Long()));
        stores.add(StateStores.keyValue(SUBSCRIPTION_CHANNELS_STORE, Serdes.String(), Serdes.String()));
        stores.add(AppliedCommands.store(APPLIED_STORE, topics.storeSerde(CommandOutcome.class)));
        return stores;
    }

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        book = StockBook.of(context);
        subscriptions = context.getStateStore(SUBSCRIPTIONS_STORE);
        subscriptionChannels = context.getStateStore(SUBSCRIPTION_CHANNELS_STORE);
        applied = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
        audit = new AuditTrail(context, TO_AUDIT);
    }

    @Override
    public void process(Record<String, StockCommand> record) {
        StockCommand command = record.value();
        if (command != null) {
            // a client's restock or subscription, retried, is applied once
            applied.once(command.getCommandId(), command.getRequestHash(), () -> apply(record, command));
        }
    }

    private boolean apply(Record<String, StockCommand> record, StockCommand command) {
        String sku = command.getSku();
        causeTimestamp = record.timestamp();
        Instant now = Instant.ofEpochMilli(context.currentSystemTimeMs());
        switch (command.getType()) {
            case RESERVE -> reserve(command, now);
            case RELEASE -> settle(command, now, false);
            case COMMIT -> settle(command, now, true);
            case RESTOCK -> restock(command, now);
            case SUBSCRIBE -> subscribe(command, now);
            default -> { }
        }
        return true;
    }

    /** The latest subscription of a customer to a SKU says through which channel (if any) it hears of the restock. */
    private void subscribe(StockCommand command, Instant now) {
        String key = subscriptionKey(command.getSku(), command.getCustomerId());
        subscriptions.put(key, now.toEpochMilli());
        if (command.getChannel() == null) {
            subscriptionChannels.delete(key);
        } else {
            subscriptionChannels.put(key, command.getChannel());
        }
        audit.applied(command.getActor(), "stock.subscribe", command.getSku(), "customer " + command.getCustomerId(), List.of());
    }

    private void reserve(StockCommand command, Instant now) {
        StockBook.Reservation r = book.reserve(command.getSku(), command.getOwnerId(), command.getQuantity(), false, now);
        boolean holds = r.outcome() == StockBook.Outcome.RESERVED || (r.outcome() == StockBook.Outcome.REPLAY && r.held() > 0);
        // a replay gets the same answer; an owner whose units were already given back holds nothing
        answer(holds ? StockEventType.RESERVED : StockEventType.SHORT, command, holds ? r.held() : command.getQuantity(), r.available(), now);
    }

    private void settle(StockCommand command, Instant now, boolean commit) {
        int settled = book.settle(command.getSku(), command.getOwnerId(), commit, now);
        if (settled > 0) {
            answer(commit ? StockEventType.COMMITTED : StockEventType.RELEASED, command, settled,
                    StockLevels.available(book.level(command.getSku(), now)), now);
        }
    }

    private void restock(StockCommand command, Instant now) {
        int before = book.level(command.getSku(), now).getOnHand(); // a restock is rare: the audit's "before" is worth the read
        Optional<StockLevel> restocked = book.restock(command.getSku(), command.getQuantity(), now);
        if (restocked.isEmpty()) {
            log.warn("Restock of {} by {} refused: out of bounds", command.getSku(), command.getQuantity());
            audit.refused(command.getActor(), "stock.restock", command.getSku(), "+" + command.getQuantity() + " would pass the bounds of on hand");
            return;
        }
        audit.applied(command.getActor(), "stock.restock", command.getSku(), "+" + command.getQuantity(),
                List.of(AuditTrail.change("onHand", before, restocked.get().getOnHand())));
        notifySubscribers(command.getSku(), StockLevels.available(restocked.get()), now);
    }

    /** Each subscriber hears of a restock once; the subscription ends with it. */
    private void notifySubscribers(String sku, int available, Instant now) {
        List<KeyValue<String, Long>> subscribed = new ArrayList<>();
        try (KeyValueIterator<String, Long> it = subscriptions.prefixScan(sku + "|", new StringSerializer())) {
            it.forEachRemaining(subscribed::add);
        }
        for (KeyValue<String, Long> s : subscribed) {
            String customerId = s.key.substring(sku.length() + 1);
            subscriptions.delete(s.key);
            String channel = subscriptionChannels.delete(s.key);
            Notification n = Notification.newBuilder().setType(NotificationType.BACK_IN_STOCK)
                    .setCustomerId(customerId).setSku(sku).setAvailable(available).setAt(now).setChannel(channel).build();
            context.forward(new Record<String, SpecificRecord>(customerId, n, now.toEpochMilli()), TO_NOTIFICATIONS);
        }
    }

    private void answer(StockEventType type, StockCommand command, int quantity, int available, Instant now) {
        StockEvent event = StockEvent.newBuilder().setType(type).setOwnerId(command.getOwnerId()).setSku(command.getSku())
                .setQuantity(quantity).setAvailable(available).setAt(now).build();
        context.forward(new Record<String, SpecificRecord>(command.getOwnerId(), event, causeTimestamp), TO_STOCK_EVENTS);
    }

    static String subscriptionKey(String sku, String customerId) {
        return sku + "|" + customerId;
    }
}
