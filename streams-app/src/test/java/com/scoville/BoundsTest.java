package com.scoville;

import com.scoville.avro.BundleComponent;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import org.junit.jupiter.api.Test;

import java.math.BigInteger;
import java.time.Instant;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** What the bounds promise about the arithmetic they guard, and how they judge a catalog entry. */
class BoundsTest {

    @Test
    void shouldKeepTheLargestOrderTotalWithinALong() {
        BigInteger total = BigInteger.valueOf(Bounds.MAX_ORDER_LINES).multiply(BigInteger.valueOf(Bounds.MAX_LINE_QUANTITY))
                .multiply(BigInteger.valueOf(Bounds.MAX_PRICE_CENTS));
        assertThat(total).isLessThan(BigInteger.valueOf(Long.MAX_VALUE));
    }

    @Test
    void shouldKeepTheUnitsOfTheLargestOrderWithinAShelf() {
        long units = (long) Bounds.MAX_ORDER_LINES * Bounds.MAX_LINE_QUANTITY * Bounds.MAX_BUNDLE_UNITS;
        assertThat(units).isLessThanOrEqualTo(Bounds.MAX_ON_HAND);
    }

    @Test
    void shouldKeepAFullShelfPlusARestockWithinAnInt() {
        assertThat((long) Bounds.MAX_ON_HAND + Bounds.MAX_RESTOCK_QUANTITY).isLessThanOrEqualTo(Integer.MAX_VALUE);
    }

    @Test
    void shouldAcceptTheDemoCatalog() {
        assertThat(com.scoville.devstack.DemoCatalog.products(Instant.EPOCH)).allSatisfy(p -> assertThat(Bounds.product(p)).isEmpty());
    }

    @Test
    void shouldNameEveryFieldOfAProductOutsideTheBounds() {
        Product p = Product.newBuilder().setSku("EVIL-1").setName("n".repeat(201)).setType(ProductType.BUNDLE)
                .setFamily("f".repeat(201)).setHeatLevel(11).setSizeMl(-1).setPriceCents(9_223_372_036_854_775_000L)
                .setWholesalePriceCents(-1)
                .setComponents(List.of(component("A", 60), component("B", 60), component("x y", 0)))
                .setUpdatedAt(Instant.EPOCH).build();

        assertThat(Bounds.product(p)).extracting(Violation::field).containsExactlyInAnyOrder("name", "family", "priceCents",
                "wholesalePriceCents", "heatLevel", "sizeMl", "components[2].quantity", "components", "components[2].sku");
    }

    @Test
    void shouldRefuseMoreComponentsThanABundleMayHave() {
        List<Violation> found = new java.util.ArrayList<>();
        Bounds.components(found, "components", java.util.Collections.nCopies(Bounds.MAX_BUNDLE_COMPONENTS + 1, 1));
        assertThat(found).extracting(Violation::field).containsExactly("components");
    }

    private static BundleComponent component(String sku, int quantity) {
        return BundleComponent.newBuilder().setSku(sku).setQuantity(quantity).build();
    }
}
