package com.scoville.bench;

import com.fasterxml.jackson.databind.JsonNode;

import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;

/** The catalog as GET /v1/products shows it: sauces (stocked SKUs) and bundles with their components. */
final class BenchCatalog {
    /** Earlier runs' flash-sale SKUs: no stock, not for the catalog-wide scenarios. */
    static final String FLASH_PREFIX = "FLASH-";

    /** A product's catalog prices, in cents. */
    record Price(long priceCents, long wholesalePriceCents) { }

    private final List<String> sauces;
    private final Map<String, Map<String, Integer>> bundles;
    private final Map<String, Price> prices;

    BenchCatalog(List<String> sauces, Map<String, Map<String, Integer>> bundles, Map<String, Price> prices) {
        this.sauces = List.copyOf(sauces);
        this.bundles = Map.copyOf(bundles);
        this.prices = Map.copyOf(prices);
    }

    static BenchCatalog load(Api api) {
        List<String> sauces = new ArrayList<>();
        Map<String, Map<String, Integer>> bundles = new LinkedHashMap<>();
        Map<String, Price> prices = new LinkedHashMap<>();
        String cursor = null;
        int pages = 0;
        do {
            Api.Answer page = api.get("/v1/products?limit=200" + (cursor == null ? "" : "&cursor=" + URLEncoder.encode(cursor, StandardCharsets.UTF_8)));
            if (page.status() != 200 || page.body() == null) {
                throw new IllegalStateException("GET /v1/products answered " + page.status() + ": " + page.raw());
            }
            for (JsonNode p : page.body().path("items")) {
                String sku = p.path("sku").asText();
                prices.put(sku, new Price(p.path("priceCents").asLong(), p.path("wholesalePriceCents").asLong()));
                if ("BUNDLE".equals(p.path("type").asText())) {
                    Map<String, Integer> parts = new LinkedHashMap<>();
                    p.path("components").forEach(c -> parts.merge(c.path("sku").asText(), c.path("quantity").asInt(), Integer::sum));
                    bundles.put(sku, parts);
                } else {
                    sauces.add(sku);
                }
            }
            cursor = page.text("nextCursor");
        } while (cursor != null && ++pages < 100);
        return new BenchCatalog(sauces, bundles, prices);
    }

    /** The sauces a catalog-wide scenario orders (not earlier flash-sale SKUs). */
    List<String> sauces() {
        return sauces.stream().filter(s -> !s.startsWith(FLASH_PREFIX)).toList();
    }

    /** Bundles whose components are all orderable sauces. */
    List<String> bundles() {
        return bundles.entrySet().stream().filter(b -> b.getValue().keySet().stream().allMatch(sauces()::contains))
                .map(Map.Entry::getKey).toList();
    }

    /** The prices of {@code sku}; zero for a SKU the catalog does not list. */
    Price price(String sku) {
        return prices.getOrDefault(sku, new Price(0, 0));
    }

    Map<String, Map<String, Integer>> bundleComponents() {
        return bundles;
    }

    /** The stocked SKUs behind {@code skus}: bundles replaced by their components. */
    TreeSet<String> stocked(Collection<String> skus) {
        TreeSet<String> out = new TreeSet<>();
        for (String sku : skus) {
            Map<String, Integer> parts = bundles.get(sku);
            if (parts == null) {
                out.add(sku);
            } else {
                out.addAll(parts.keySet());
            }
        }
        return out;
    }
}
