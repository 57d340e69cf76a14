package com.scoville.http.catalog;

import com.scoville.Bounds;
import com.scoville.Violation;
import com.scoville.avro.BundleComponent;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.catalog.Catalog;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The body of PUT /v1/products/{sku}. Every value is held to {@link Bounds}, which the topology checks again. */
public record ProductRequest(String name, String type, String family, Integer heatLevel, Integer sizeMl,
                             Long priceCents, Long wholesalePriceCents, String currency,
                             List<ProductView.Component> components) {

    /** What is wrong with this request for {@code sku}, judged against the current catalog. */
    public List<Violation> violations(String sku, Catalog catalog) {
        List<Violation> v = new ArrayList<>();
        Bounds.sku(v, "sku", sku);
        Bounds.requiredText(v, "name", name, Bounds.MAX_NAME_LENGTH);
        Bounds.text(v, "family", family, Bounds.MAX_NAME_LENGTH);
        ProductType productType = typeOf();
        if (productType == ProductType.UNKNOWN) {
            v.add(new Violation("type", "must be SAUCE or BUNDLE"));
        }
        if (heatLevel == null || heatLevel < 1 || heatLevel > Bounds.MAX_HEAT_LEVEL) {
            v.add(new Violation("heatLevel", "must be 1 to " + Bounds.MAX_HEAT_LEVEL));
        }
        if (sizeMl != null && (sizeMl < 0 || sizeMl > Bounds.MAX_SIZE_ML)) {
            v.add(new Violation("sizeMl", "must be 0 to " + Bounds.MAX_SIZE_ML));
        }
        if (priceCents == null) {
            v.add(new Violation("priceCents", "is required"));
        } else {
            Bounds.price(v, "priceCents", priceCents);
        }
        if (wholesalePriceCents == null) {
            v.add(new Violation("wholesalePriceCents", "is required"));
        } else {
            Bounds.price(v, "wholesalePriceCents", wholesalePriceCents);
        }
        if (currency != null && !Bounds.CURRENCY.matcher(currency).matches()) {
            v.add(new Violation("currency", "must be an ISO 4217 code"));
        }
        List<ProductView.Component> parts = components == null ? List.of() : components;
        if (productType == ProductType.BUNDLE && parts.isEmpty()) {
            v.add(new Violation("components", "a bundle needs at least one component"));
        }
        if (productType == ProductType.SAUCE && !parts.isEmpty()) {
            v.add(new Violation("components", "only a bundle has components"));
        }
        Bounds.components(v, "components", parts.stream().map(c -> c == null ? null : c.quantity()).toList());
        for (int i = 0; i < parts.size() && i < Bounds.MAX_BUNDLE_COMPONENTS; i++) {
            ProductView.Component c = parts.get(i);
            boolean stocked = c != null && c.sku() != null
                    && catalog.find(c.sku()).map(p -> p.getType() == ProductType.SAUCE).orElse(false);
            if (!stocked) {
                v.add(new Violation("components[" + i + "].sku", "must name a known sauce (not a bundle)"));
            }
        }
        return v;
    }

    public Product toProduct(String sku, Instant now) {
        List<BundleComponent> parts = components == null ? List.of() : components.stream()
                .map(c -> BundleComponent.newBuilder().setSku(c.sku()).setQuantity(c.quantity()).build()).toList();
        return Product.newBuilder().setSku(sku).setName(name).setType(typeOf()).setFamily(family)
                .setHeatLevel(heatLevel).setSizeMl(sizeMl == null ? 0 : sizeMl).setPriceCents(priceCents)
                .setWholesalePriceCents(wholesalePriceCents).setCurrency(currency == null ? "USD" : currency)
                .setComponents(parts).setUpdatedAt(now).build();
    }

    private ProductType typeOf() {
        try {
            return type == null ? ProductType.UNKNOWN : ProductType.valueOf(type.trim().toUpperCase());
        } catch (IllegalArgumentException e) {
            return ProductType.UNKNOWN;
        }
    }
}
