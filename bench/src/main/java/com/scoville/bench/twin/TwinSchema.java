package com.scoville.bench.twin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;

/**
 * The seed's relational design: stock rows that can never go below zero or above their shelf (a CHECK), orders keyed
 * by their idempotency key, and their lines. Bundles are a table of components; an order line keeps what was ordered.
 */
final class TwinSchema {
    private static final String[] DDL = {
        "CREATE TABLE products (sku text PRIMARY KEY, price_cents bigint NOT NULL, wholesale_price_cents bigint NOT NULL)",
        "CREATE TABLE bundle_parts (bundle text NOT NULL REFERENCES products (sku), sku text NOT NULL, quantity int NOT NULL,"
                + " PRIMARY KEY (bundle, sku))",
        "CREATE TABLE stock (sku text PRIMARY KEY, on_hand int NOT NULL, reserved int NOT NULL DEFAULT 0,"
                + " CHECK (reserved BETWEEN 0 AND on_hand))",
        "CREATE TABLE orders (id text PRIMARY KEY, customer_id text NOT NULL, channel text NOT NULL,"
                + " status text NOT NULL CHECK (status IN ('RESERVED', 'REJECTED')), fingerprint text NOT NULL,"
                + " created_at timestamptz NOT NULL DEFAULT now())",
        "CREATE TABLE order_lines (order_id text NOT NULL REFERENCES orders (id), line_no int NOT NULL, sku text NOT NULL,"
                + " quantity int NOT NULL CHECK (quantity > 0), unit_price_cents bigint NOT NULL, PRIMARY KEY (order_id, line_no))",
    };

    private TwinSchema() { }

    static void create(Connection c, TwinSeed seed) throws SQLException {
        try (Statement s = c.createStatement()) {
            for (String ddl : DDL) {
                s.execute(ddl);
            }
        }
        try (PreparedStatement product = c.prepareStatement("INSERT INTO products VALUES (?, ?, ?)");
             PreparedStatement part = c.prepareStatement("INSERT INTO bundle_parts VALUES (?, ?, ?)");
             PreparedStatement stock = c.prepareStatement("INSERT INTO stock (sku, on_hand) VALUES (?, ?)")) {
            for (TwinSeed.Product p : seed.products()) {
                product.setString(1, p.sku());
                product.setLong(2, p.priceCents());
                product.setLong(3, p.wholesalePriceCents());
                product.addBatch();
            }
            product.executeBatch();
            for (Map.Entry<String, Map<String, Integer>> bundle : seed.bundles().entrySet()) {
                for (Map.Entry<String, Integer> component : bundle.getValue().entrySet()) {
                    part.setString(1, bundle.getKey());
                    part.setString(2, component.getKey());
                    part.setInt(3, component.getValue());
                    part.addBatch();
                }
            }
            part.executeBatch();
            for (Map.Entry<String, Integer> level : seed.onHand().entrySet()) {
                stock.setString(1, level.getKey());
                stock.setInt(2, level.getValue());
                stock.addBatch();
            }
            stock.executeBatch();
        }
        try (Statement s = c.createStatement()) {
            s.execute("ANALYZE");
        }
    }
}
