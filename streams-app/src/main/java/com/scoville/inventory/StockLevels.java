package com.scoville.inventory;

import com.scoville.avro.StockLevel;

import java.time.Instant;

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

    /** Refuses a level that breaks {@code 0 <= reserved <= onHand}: failing the task aborts its transaction. */
    public static void check(StockLevel level) {
        if (level.getReserved() < 0 || level.getReserved() > level.getOnHand()) {
            throw new IllegalStateException("Stock invariant broken for " + level.getSku() + ": onHand="
                    + level.getOnHand() + " reserved=" + level.getReserved());
        }
    }
}
