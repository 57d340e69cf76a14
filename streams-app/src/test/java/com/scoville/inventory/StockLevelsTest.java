package com.scoville.inventory;

import com.scoville.Bounds;
import com.scoville.avro.StockLevel;
import org.junit.jupiter.api.Test;

import static com.scoville.ScovilleDriver.START;
import static org.assertj.core.api.Assertions.assertThat;

/** A restock's bounds: what one restock may add, and how full a shelf may get. */
class StockLevelsTest {

    @Test
    void shouldRestockAnythingFromOneUnitToTheLargestRestock() {
        assertThat(StockLevels.restocked(level(0), 1, START)).hasValueSatisfying(l -> assertThat(l.getOnHand()).isEqualTo(1));
        assertThat(StockLevels.restocked(level(0), Bounds.MAX_RESTOCK_QUANTITY, START))
                .hasValueSatisfying(l -> assertThat(l.getOnHand()).isEqualTo(Bounds.MAX_RESTOCK_QUANTITY));
        assertThat(StockLevels.restocked(level(0), Bounds.MAX_RESTOCK_QUANTITY + 1, START)).isEmpty();
        assertThat(StockLevels.restocked(level(0), 0, START)).isEmpty();
    }

    @Test
    void shouldFillAShelfUpToItsBoundAndNoFurther() {
        StockLevel nearlyFull = level(Bounds.MAX_ON_HAND - 5);

        assertThat(StockLevels.restocked(nearlyFull, 5, START)).hasValueSatisfying(l -> assertThat(l.getOnHand()).isEqualTo(Bounds.MAX_ON_HAND));
        assertThat(StockLevels.restocked(nearlyFull, 6, START)).isEmpty();
        assertThat(StockLevels.restocked(level(Bounds.MAX_ON_HAND), Bounds.MAX_RESTOCK_QUANTITY, START)).isEmpty();
    }

    private static StockLevel level(int onHand) {
        return StockLevel.newBuilder().setSku("HOT").setOnHand(onHand).setReserved(0).setUpdatedAt(START).build();
    }
}
