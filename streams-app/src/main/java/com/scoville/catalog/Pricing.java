package com.scoville.catalog;

import com.scoville.avro.Channel;
import com.scoville.avro.Product;

/** What a unit costs: the wholesale tier on the WHOLESALE channel, the list price everywhere else. */
public final class Pricing {
    private Pricing() { }

    public static long unitPriceCents(Product product, Channel channel) {
        return channel == Channel.WHOLESALE ? product.getWholesalePriceCents() : product.getPriceCents();
    }
}
