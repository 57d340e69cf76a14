package com.scoville.catalog;

import com.scoville.avro.BundleComponent;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.orders.OrderValidator;
import com.scoville.orders.Violation;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** The body of PUT /v1/products/{sku}. */
public record ProductRequest(String name, String type, String family, Integer heatLevel, Integer sizeMl,
                             Long priceCents, Long wholesalePriceCents, String currency,
                             List<ProductView.Component> components) {

    /** What is wrong with this request for {@code sku}, judged against the current catalog. */
    public List<Violation> violations(String sku, Catalog catalog) {
        List<Violation> v = new ArrayList<>();
        if (!OrderValidator.SKU.matcher(sku).matches()) {
            v.add(new Violation("sku", "must be 1 to 64 letters, digits, '.', '_' or '-'"));
        }
        if (name == null || name.isBlank() || name.length() > 200) {
            v.add(new Violation("name", "is required (at most 200 characters)"));
        }
        ProductType productType = typeOf();
        if (productType == ProductType.UNKNOWN) {
            v.add(new Violation("type", "must be SAUCE or BUNDLE"));
        }
        if (heatLevel == null || heatLevel < 1 || heatLevel > 10) {
            v.add(new Violation("heatLevel", "must be 1 to 10"));
        }
        if (sizeMl != null && (sizeMl < 0 || sizeMl > 10_000)) {
            v.add(new Violation("sizeMl", "must be 0 to 10000"));
        }
        if (priceCents == null || priceCents < 0) {
            v.add(new Violation("priceCents", "is required and not negative"));
        }
        if (wholesalePriceCents == null || wholesalePriceCents < 0) {
            v.add(new Violation("wholesalePriceCents", "is required and not negative"));
        }
        if (currency != null && !currency.matches("[A-Z]{3}")) {
            v.add(new Violation("currency", "must be an ISO 4217 code"));
        }
        List<ProductView.Component> parts = components == null ? List.of() : components;
        if (productType == ProductType.BUNDLE && parts.isEmpty()) {
            v.add(new Violation("components", "a bundle needs at least one component"));
        }
        if (productType == ProductType.SAUCE && !parts.isEmpty()) {
            v.add(new Violation("components", "only a bundle has components"));
        }
        for (int i = 0; i < parts.size(); i++) {
            ProductView.Component c = parts.get(i);
            boolean stocked = c != null && c.sku() != null
                    && catalog.find(c.sku()).map(p -> p.getType() == ProductType.SAUCE).orElse(false);
            if (!stocked) {
                v.add(new Violation("components[" + i + "].sku", "must name a known sauce (not a bundle)"));
            }
            if (c == null || c.quantity() < 1) {
                v.add(new Violation("components[" + i + "].quantity", "must be at least 1"));
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
