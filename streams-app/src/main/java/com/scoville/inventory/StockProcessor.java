package com.scoville.inventory;

import com.scoville.avro.Notification;
import com.scoville.avro.NotificationType;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockEvent;
import com.scoville.avro.StockEventType;
import com.scoville.avro.StockLevel;
import com.scoville.commands.AppliedCommands;
import org.apache.avro.specific.SpecificRecord;
import org.apache.kafka.common.serialization.StringSerializer;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * One SKU's stock, keyed by SKU: the single writer of its partition, so a reservation is a plain
 * read-check-write with no lock. It owns the stock levels, the reservations by owner (which make every
 * command idempotent), the back-in-stock subscriptions and the client commands already applied. Invariant after every command:
 * {@code 0 <= reserved <= onHand}, and reserved is the sum of the live reservations.
 */
public final class StockProcessor implements Processor<String, StockCommand, String, SpecificRecord> {
    public static final String LEVELS_STORE = "stock-levels";
    public static final String RESERVATIONS_STORE = "stock-reservations";
    public static final String SUBSCRIPTIONS_STORE = "stock-subscriptions";
    public static final String APPLIED_STORE = "stock-applied-commands";

    public static final String TO_STOCK_EVENTS = "to-stock-events";
    public static final String TO_NOTIFICATIONS = "to-notifications";
    public static final String TO_OUTCOMES = "stock-processor-outcomes";

    private ProcessorContext<String, SpecificRecord> context;
    private KeyValueStore<String, StockLevel> levels;
    private KeyValueStore<String, Integer> reservations;
    private KeyValueStore<String, Long> subscriptions;
    private AppliedCommands applied;

    @Override
    public void init(ProcessorContext<String, SpecificRecord> context) {
        this.context = context;
        levels = context.getStateStore(LEVELS_STORE);
        reservations = context.getStateStore(RESERVATIONS_STORE);
        subscriptions = context.getStateStore(SUBSCRIPTIONS_STORE);
        applied = new AppliedCommands(context, APPLIED_STORE, TO_OUTCOMES);
    }

    /**
     * The command's timestamp (its order's time), carried by the answer: the order processor then takes the
     * answer before orders placed after it, instead of behind its whole backlog.
     */
    private long causeTimestamp;

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
        StockLevel level = levels.get(sku);
        if (level == null) {
            level = StockLevel.newBuilder().setSku(sku).setOnHand(0).setReserved(0).setUpdatedAt(now).build();
        }
        switch (command.getType()) {
            case RESERVE -> reserve(level, command, now);
            case RELEASE -> settle(level, command, now, false);
            case COMMIT -> settle(level, command, now, true);
            case RESTOCK -> restock(level, command, now);
            case SUBSCRIBE -> subscriptions.put(subscriptionKey(sku, command.getCustomerId()), now.toEpochMilli());
            default -> { }
        }
        return true;
    }

    private void reserve(StockLevel level, StockCommand command, Instant now) {
        String key = reservationKey(command.getSku(), command.getOwnerId());
        Integer held = reservations.get(key);
        if (held != null) {
            answer(StockEventType.RESERVED, command, held, StockLevels.available(level), now); // a replay: same answer
            return;
        }
        int available = StockLevels.available(level);
        if (command.getQuantity() <= 0 || command.getQuantity() > available) {
            answer(StockEventType.SHORT, command, command.getQuantity(), available, now);
            return;
        }
        save(StockLevels.withReserved(level, level.getReserved() + command.getQuantity(), now));
        reservations.put(key, command.getQuantity());
        answer(StockEventType.RESERVED, command, command.getQuantity(), available - command.getQuantity(), now);
    }

    /** Gives a reservation back (release) or ships it (commit: the units leave the shelf). */
    private void settle(StockLevel level, StockCommand command, Instant now, boolean commit) {
        String key = reservationKey(command.getSku(), command.getOwnerId());
        Integer held = reservations.get(key);
        if (held == null) {
            return; // already settled, or never held: nothing to give back
        }
        reservations.delete(key);
        StockLevel settled = StockLevels.withReserved(level, level.getReserved() - held, now);
        if (commit) {
            settled = StockLevels.withOnHand(settled, settled.getOnHand() - held, now);
        }
        save(settled);
        answer(commit ? StockEventType.COMMITTED : StockEventType.RELEASED, command, held, StockLevels.available(settled), now);
    }

    private void restock(StockLevel level, StockCommand command, Instant now) {
        if (command.getQuantity() <= 0) {
            return;
        }
        StockLevel restocked = StockLevels.withOnHand(level, level.getOnHand() + command.getQuantity(), now);
        save(restocked);
        notifySubscribers(command.getSku(), StockLevels.available(restocked), now);
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
            Notification n = Notification.newBuilder().setType(NotificationType.BACK_IN_STOCK)
                    .setCustomerId(customerId).setSku(sku).setAvailable(available).setAt(now).build();
            context.forward(new Record<String, SpecificRecord>(customerId, n, now.toEpochMilli()), TO_NOTIFICATIONS);
        }
    }

    private void save(StockLevel level) {
        StockLevels.check(level);
        levels.put(level.getSku(), level);
    }

    private void answer(StockEventType type, StockCommand command, int quantity, int available, Instant now) {
        StockEvent event = StockEvent.newBuilder().setType(type).setOwnerId(command.getOwnerId()).setSku(command.getSku())
                .setQuantity(quantity).setAvailable(available).setAt(now).build();
        context.forward(new Record<String, SpecificRecord>(command.getOwnerId(), event, causeTimestamp), TO_STOCK_EVENTS);
    }

    public static String reservationKey(String sku, String ownerId) {
        return sku + "|" + ownerId;
    }

    static String subscriptionKey(String sku, String customerId) {
        return sku + "|" + customerId;
    }
}
