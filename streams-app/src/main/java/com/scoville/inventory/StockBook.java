package com.scoville.inventory;

import com.scoville.avro.StockLevel;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.StoreBuilder;
import org.apache.kafka.common.serialization.Serde;
import org.apache.kafka.common.serialization.Serdes;
import com.scoville.kafka.StateStores;

import java.time.Instant;
import java.util.List;

/**
 * The stock of the SKUs of one partition: levels, and what each owner (an order or hold) holds of each SKU.
 * Only the task of that partition touches it, so every change is a plain read-check-write with no lock.
 * Invariant after every change: {@code 0 <= reserved <= onHand}, and reserved is the sum of what the owners hold.
 * <p>
 * An owner's entry is never deleted: after a release or a commit it holds 0, and after a refusal it holds 0
 * too. So a record of the same order seen again (a partner's resend, a replayed HTTP request) is recognised
 * and never reserves a second time, even after the first reservation was given back.
 */
public final class StockBook {
    public static final String LEVELS_STORE = "stock-levels";
    public static final String RESERVATIONS_STORE = "stock-reservations";

    private final KeyValueStore<String, StockLevel> levels;
    private final KeyValueStore<String, Integer> holdings;

    private StockBook(KeyValueStore<String, StockLevel> levels, KeyValueStore<String, Integer> holdings) {
        this.levels = levels;
        this.holdings = holdings;
    }

    /** The stores behind a book, for the processors that share it. */
    public static List<StoreBuilder<?>> stores(Serde<StockLevel> levelSerde) {
        return List.of(StateStores.keyValue(LEVELS_STORE, Serdes.String(), levelSerde),
                StateStores.keyValue(RESERVATIONS_STORE, Serdes.String(), Serdes.Integer()));
    }

    public static StockBook of(ProcessorContext<?, ?> context) {
        return new StockBook(context.getStateStore(LEVELS_STORE), context.getStateStore(RESERVATIONS_STORE));
    }

    /** What a reservation did: reserved now, already decided before (a replay), or short of stock. */
    public enum Outcome { RESERVED, REPLAY, SHORT }

    /** The outcome, what the owner holds after it, and what was free when it was decided. */
    public record Reservation(Outcome outcome, int held, int available) { }

    public StockLevel level(String sku, Instant now) {
        StockLevel level = levels.get(sku);
        return level != null ? level : StockLevel.newBuilder().setSku(sku).setOnHand(0).setReserved(0).setUpdatedAt(now).build();
    }

    /** Whether this owner was ever decided on this SKU (reserved, refused, released or shipped). */
    public boolean decided(String sku, String ownerId) {
        return holdings.get(key(sku, ownerId)) != null;
    }

    /**
     * Reserves {@code quantity} of {@code sku} for {@code ownerId}, all or nothing. A refusal is remembered
     * ({@code rememberRefusal}) where nothing else will remember the decision.
     */
    public Reservation reserve(String sku, String ownerId, int quantity, boolean rememberRefusal, Instant now) {
        StockLevel level = level(sku, now);
        int available = StockLevels.available(level);
        Integer held = holdings.get(key(sku, ownerId));
        if (held != null) {
            return new Reservation(Outcome.REPLAY, held, available);
        }
        if (quantity <= 0 || quantity > available) {
            if (rememberRefusal) {
                holdings.put(key(sku, ownerId), 0);
            }
            return new Reservation(Outcome.SHORT, 0, available);
        }
        save(StockLevels.withReserved(level, level.getReserved() + quantity, now));
        holdings.put(key(sku, ownerId), quantity);
        return new Reservation(Outcome.RESERVED, quantity, available - quantity);
    }

    /**
     * Reserves every SKU of {@code needs} for {@code ownerId}, all or nothing. Returns the shortages (SKU to what
     * was available), empty when everything was reserved; a refusal is remembered on every SKU.
     */
    public java.util.Map<String, Integer> reserveAll(java.util.Map<String, Integer> needs, String ownerId, Instant now) {
        java.util.Map<String, Integer> shortages = new java.util.TreeMap<>();
        needs.forEach((sku, quantity) -> {
            int available = StockLevels.available(level(sku, now));
            if (quantity <= 0 || quantity > available) {
                shortages.put(sku, available);
            }
        });
        needs.forEach((sku, quantity) -> {
            if (shortages.isEmpty()) {
                reserve(sku, ownerId, quantity, true, now);
            } else if (!decided(sku, ownerId)) {
                holdings.put(key(sku, ownerId), 0);
            }
        });
        return shortages;
    }

    /**
     * Gives back what the owner holds (release), or ships it (commit: the units leave the shelf). Returns the
     * units settled, 0 when nothing was held (already settled, or never reserved), and the level after.
     */
    public int settle(String sku, String ownerId, boolean commit, Instant now) {
        String key = key(sku, ownerId);
        Integer held = holdings.get(key);
        if (held == null || held == 0) {
            return 0;
        }
        holdings.put(key, 0);
        StockLevel level = level(sku, now);
        StockLevel settled = StockLevels.withReserved(level, level.getReserved() - held, now);
        if (commit) {
            settled = StockLevels.withOnHand(settled, settled.getOnHand() - held, now);
        }
        save(settled);
        return held;
    }

    /** Adds units to the shelf; returns the level after, or empty when the restock is out of bounds (refused). */
    public java.util.Optional<StockLevel> restock(String sku, int quantity, Instant now) {
        java.util.Optional<StockLevel> restocked = StockLevels.restocked(level(sku, now), quantity, now);
        restocked.ifPresent(this::save);
        return restocked;
    }

    private void save(StockLevel level) {
        StockLevels.check(level);
        levels.put(level.getSku(), level);
    }

    public static String key(String sku, String ownerId) {
        return sku + "|" + ownerId;
    }
}
