package com.scoville.http.catalog;

import com.scoville.Bounds;
import com.scoville.Violation;
import com.scoville.avro.Product;
import com.scoville.catalog.Catalog;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** PUT /v1/products/{sku}: every value within Bounds, each refusal naming its field. */
class ProductRequestTest {
    private static final Map<String, Product> SAUCES = Map.of("GHOST-150",
            com.scoville.devstack.DemoCatalog.products(Instant.EPOCH).get(0));
    private static final Catalog CATALOG = sku -> Optional.ofNullable(SAUCES.get(sku));

    @Test
    void shouldRefuseTheIssuesPriceNamingTheField() {
        // given the request of the issue
        ProductRequest evil = new ProductRequest("Evil", "SAUCE", "evil", 8, 150, 9_223_372_036_854_775_000L, 1L, "USD", null);

        // then
        assertThat(evil.violations("EVIL-1", CATALOG)).extracting(Violation::field).containsExactly("priceCents");
    }

    @Test
    void shouldAcceptThePricesUpToTheBound() {
        ProductRequest dear = new ProductRequest("Dear", "SAUCE", "dear", 8, 150, Bounds.MAX_PRICE_CENTS, Bounds.MAX_PRICE_CENTS, "USD", null);

        assertThat(dear.violations("DEAR-1", CATALOG)).isEmpty();
    }

    @Test
    void shouldRefuseLongTextsAndBundlesTooLarge() {
        ProductRequest r = new ProductRequest("n".repeat(Bounds.MAX_NAME_LENGTH + 1), "BUNDLE", "f".repeat(Bounds.MAX_NAME_LENGTH + 1),
                5, 0, 100L, 100L, "USD", List.of(new ProductView.Component("GHOST-150", Bounds.MAX_BUNDLE_UNITS),
                new ProductView.Component("GHOST-150", 1)));

        assertThat(r.violations("BIG-PACK", CATALOG)).extracting(Violation::field).containsExactlyInAnyOrder("name", "family", "components");
    }

    @Test
    void shouldRefuseMoreComponentsThanABundleMayHave() {
        ProductRequest r = new ProductRequest("Many", "BUNDLE", null, 5, 0, 100L, 100L, "USD",
                Collections.nCopies(Bounds.MAX_BUNDLE_COMPONENTS + 1, new ProductView.Component("GHOST-150", 1)));

        assertThat(r.violations("MANY-PACK", CATALOG)).extracting(Violation::field).containsExactly("components");
    }
}
