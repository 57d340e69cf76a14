package com.scoville.bench;

import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderLine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/** Random orders over a catalog: the body of POST /v1/orders, or a partner's Avro Order. */
final class OrderFactory {
    record Line(String sku, int quantity) { }

    /** Units per line of a partner's order, at most. */
    static final int MAX_PARTNER_QUANTITY = 3;

    private final List<String> sauces;
    private final List<String> bundles;

    OrderFactory(List<String> sauces, List<String> bundles) {
        if (sauces.isEmpty()) {
            throw new IllegalArgumentException("The catalog has no sauces to order");
        }
        this.sauces = List.copyOf(sauces);
        this.bundles = List.copyOf(bundles);
    }

    /** 1 to {@code maxLines} lines of distinct SKUs, 1 to {@code maxQuantity} units each; a line is a bundle with {@code bundleShare}. */
    List<Line> lines(Random random, int maxLines, int maxQuantity, double bundleShare) {
        int count = 1 + random.nextInt(Math.max(1, maxLines));
        Set<String> skus = new LinkedHashSet<>();
        for (int tries = 0; skus.size() < count && tries < count * 4; tries++) {
            boolean bundle = !bundles.isEmpty() && random.nextDouble() < bundleShare;
            List<String> pool = bundle ? bundles : sauces;
            skus.add(pool.get(random.nextInt(pool.size())));
        }
        List<Line> lines = new ArrayList<>();
        for (String sku : skus) {
            lines.add(new Line(sku, 1 + random.nextInt(Math.max(1, maxQuantity))));
        }
        return lines;
    }

    /** Exactly {@code count} lines of distinct sauces (fewer if the catalog has fewer), 1 to {@code maxQuantity} units each. */
    List<Line> sauceLines(Random random, int count, int maxQuantity) {
        List<String> pool = new ArrayList<>(sauces);
        java.util.Collections.shuffle(pool, random);
        return pool.subList(0, Math.min(count, pool.size())).stream()
                .map(sku -> new Line(sku, 1 + random.nextInt(Math.max(1, maxQuantity)))).toList();
    }

    static Map<String, Object> httpBody(String customerId, String channel, List<Line> lines) {
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("customerId", customerId);
        body.put("channel", channel);
        body.put("lines", lines.stream().map(l -> Map.of("sku", l.sku(), "quantity", l.quantity())).toList());
        return body;
    }

    static Order avro(String orderId, String customerId, Channel channel, List<Line> lines) {
        return Order.newBuilder()
                .setOrderId(orderId)
                .setCustomerId(customerId)
                .setChannel(channel)
                .setLines(lines.stream().map(l -> OrderLine.newBuilder().setSku(l.sku()).setQuantity(l.quantity()).build()).toList())
                .setCreatedAt(Instant.now())
                .build();
    }
}
