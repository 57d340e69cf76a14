package com.scoville.inventory;

import com.scoville.Bounds;
import com.scoville.avro.StockLevel;

import java.time.Instant;
import java.util.Optional;

/** Arithmetic of one SKU's stock, and the invariant every change must keep. */
public final class StockLevels {
    private StockLevels() { }

    public static int available(StockLevel level) {
        return level.getOnHand() - level.getReserved();
    }

    public static StockLevel withReserved(StockLevel level, int reserved, Instant now) {
        return StockLevel.newBuilder(level).setReserved(reserved).setUpdatedAt(now).build();
    }

    public static StockLevel withOnHand(StockLevel level, int onHand, Instant now) {
        return StockLevel.newBuilder(level).setOnHand(onHand).setUpdatedAt(now).build();
    }

    /**
     * The level after a restock of {@code quantity}, or empty when the restock is refused: not a positive
     * quantity up to {@link Bounds#MAX_RESTOCK_QUANTITY}, or past {@link Bounds#MAX_ON_HAND} on the shelf (so
     * onHand, and reserved below it, can never overflow).
     */
    public static Optional<StockLevel> restocked(StockLevel level, int quantity, Instant now) {
        if (quantity <= 0 || quantity > Bounds.MAX_RESTOCK_QUANTITY
                || (long) level.getOnHand() + quantity > Bounds.MAX_ON_HAND) {
            return Optional.empty();
        }
        return Optional.of(withOnHand(level, level.getOnHand() + quantity, now));
    }

    /** Refuses a level that breaks {@code 0 <= reserved <= onHand}: failing the task aborts its transaction. */
    public static void check(StockLevel level) {
        if (level.getReserved() < 0 || level.getReserved() > level.getOnHand()) {
            throw new IllegalStateException("Stock invariant broken for " + level.getSku() + ": onHand="
                    + level.getOnHand() + " reserved=" + level.getReserved());
        }
    }
}
