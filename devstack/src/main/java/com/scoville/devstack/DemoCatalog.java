package com.scoville.devstack;

import com.scoville.avro.BundleComponent;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** The demo catalog seeded on a first start: a dozen sauces across heat levels and bottle sizes, and two bundles. */
public final class DemoCatalog {
    private DemoCatalog() { }

    /** Stock each seeded sauce starts with. */
    public static final Map<String, Integer> INITIAL_STOCK = Map.ofEntries(
            Map.entry("GHOST-150", 240), Map.entry("GHOST-250", 180),
            Map.entry("HABANERO-150", 400), Map.entry("HABANERO-250", 300),
            Map.entry("JALAPENO-150", 500), Map.entry("JALAPENO-250", 350),
            Map.entry("CHIPOTLE-150", 320), Map.entry("SRIRACHA-250", 450),
            Map.entry("REAPER-100", 120), Map.entry("SCORPION-100", 150),
            Map.entry("PEACH-HAB-150", 260), Map.entry("VERDE-250", 380));

    public static List<Product> products(Instant now) {
        List<Product> products = new ArrayList<>();
        products.add(sauce("GHOST-150", "Ghost Pepper", "ghost", 8, 150, 1299, 899, now));
        products.add(sauce("GHOST-250", "Ghost Pepper", "ghost", 8, 250, 1799, 1249, now));
        products.add(sauce("HABANERO-150", "Habanero Gold", "habanero", 6, 150, 999, 699, now));
        products.add(sauce("HABANERO-250", "Habanero Gold", "habanero", 6, 250, 1399, 979, now));
        products.add(sauce("JALAPENO-150", "Green Jalapeño", "jalapeno", 3, 150, 799, 549, now));
        products.add(sauce("JALAPENO-250", "Green Jalapeño", "jalapeno", 3, 250, 1099, 769, now));
        products.add(sauce("CHIPOTLE-150", "Smoky Chipotle", "chipotle", 4, 150, 899, 629, now));
        products.add(sauce("SRIRACHA-250", "Garlic Sriracha", "sriracha", 2, 250, 949, 659, now));
        products.add(sauce("REAPER-100", "Carolina Reaper", "reaper", 10, 100, 1599, 1119, now));
        products.add(sauce("SCORPION-100", "Trinidad Scorpion", "scorpion", 9, 100, 1499, 1049, now));
        products.add(sauce("PEACH-HAB-150", "Peach Habanero", "peach-habanero", 5, 150, 1099, 769, now));
        products.add(sauce("VERDE-250", "Salsa Verde", "verde", 1, 250, 899, 629, now));
        products.add(bundle("TRIO-STARTER", "Starter Trio", 2499, 1749, 6, now,
                component("JALAPENO-150", 1), component("CHIPOTLE-150", 1), component("HABANERO-150", 1)));
        products.add(bundle("INFERNO-PACK", "Inferno Pack", 3999, 2799, 10, now,
                component("GHOST-150", 1), component("SCORPION-100", 1), component("REAPER-100", 1)));
        return products;
    }

    private static Product sauce(String sku, String name, String family, int heat, int sizeMl,
                                 long price, long wholesale, Instant now) {
        return Product.newBuilder().setSku(sku).setName(name + " " + sizeMl + " ml").setType(ProductType.SAUCE)
                .setFamily(family).setHeatLevel(heat).setSizeMl(sizeMl).setPriceCents(price)
                .setWholesalePriceCents(wholesale).setComponents(List.of()).setUpdatedAt(now).build();
    }

    private static Product bundle(String sku, String name, long price, long wholesale, int heat, Instant now,
                                  BundleComponent... components) {
        return Product.newBuilder().setSku(sku).setName(name).setType(ProductType.BUNDLE).setHeatLevel(heat)
                .setPriceCents(price).setWholesalePriceCents(wholesale).setComponents(List.of(components))
                .setUpdatedAt(now).build();
    }

    private static BundleComponent component(String sku, int quantity) {
        return BundleComponent.newBuilder().setSku(sku).setQuantity(quantity).build();
    }
}
