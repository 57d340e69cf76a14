package com.scoville.http.catalog;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.scoville.avro.Product;

import java.time.Instant;
import java.util.List;

/** A product as the API shows it, with its sibling variants and live availability. */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record ProductView(String sku, String name, String type, String family, int heatLevel, int sizeMl,
                          long priceCents, long wholesalePriceCents, String currency, List<Component> components,
                          List<Variant> variants, Integer available, Instant updatedAt) {

    public record Component(String sku, int quantity) { }

    public record Variant(String sku, int heatLevel, int sizeMl) { }

    public static ProductView of(Product p, List<Variant> variants, Integer available) {
        return new ProductView(p.getSku(), p.getName(), p.getType().name(), p.getFamily(), p.getHeatLevel(), p.getSizeMl(),
                p.getPriceCents(), p.getWholesalePriceCents(), p.getCurrency(),
                p.getComponents().stream().map(c -> new Component(c.getSku(), c.getQuantity())).toList(),
                variants, available, p.getUpdatedAt());
    }
}
