package com.scoville.bench.twin;

import javax.sql.DataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;

/**
 * The relational reservation, as the seed designed it: under READ COMMITTED, one conditional UPDATE per stocked SKU
 * ({@code reserved = reserved + q WHERE on_hand - reserved >= q}) in SKU order, so two orders lock shared rows in the
 * same order and never deadlock; then the order and its lines; then a durable commit. A short line rolls the held
 * lines back and the order is written REJECTED. The idempotency key is the order's primary key: a second request
 * with it finds the first (waiting for it if it is still in flight) and rolls its own work back.
 *
 * <p>Statement shape, chosen for speed: the order and its lines go in one statement (a data-modifying CTE over
 * {@code unnest} of the lines), so a one-line order is three round trips: UPDATE, INSERT, COMMIT. A first line that
 * is short changed nothing, so it needs no rollback.
 */
final class OrderDesk {
    static final String RESERVED = "RESERVED";
    static final String REJECTED = "REJECTED";

    private static final String RESERVE = "UPDATE stock SET reserved = reserved + ? WHERE sku = ? AND on_hand - reserved >= ?";
    private static final String INSERT = """
            WITH new_order AS (
              INSERT INTO orders (id, customer_id, channel, status, fingerprint) VALUES (?, ?, ?, ?, ?)
              ON CONFLICT (id) DO NOTHING
              RETURNING id)
            INSERT INTO order_lines (order_id, line_no, sku, quantity, unit_price_cents)
            SELECT new_order.id, line.n, line.sku, line.quantity,
                   COALESCE(CASE WHEN ? THEN p.wholesale_price_cents ELSE p.price_cents END, 0)
            FROM new_order
            CROSS JOIN unnest(?::text[], ?::int[]) WITH ORDINALITY AS line (sku, quantity, n)
            LEFT JOIN products p ON p.sku = line.sku""";
    private static final String EXISTING = "SELECT status, fingerprint FROM orders WHERE id = ?";

    record Line(String sku, int quantity) { }

    record Request(String customerId, String channel, List<Line> lines) { }

    /** The decided order; {@code replay} when the key was already taken by an order with the same body. */
    record Placed(String orderId, String status, boolean replay) { }

    /** The key was used before for a different body. */
    static final class KeyReused extends RuntimeException {
        KeyReused(String orderId) {
            super("Idempotency-Key " + orderId + " was already used with a different body");
        }
    }

    private final DataSource pool;
    private final Map<String, Map<String, Integer>> bundles;

    OrderDesk(DataSource pool, Map<String, Map<String, Integer>> bundles) {
        this.pool = pool;
        this.bundles = Map.copyOf(bundles);
    }

    Placed place(String orderId, Request request, String fingerprint) throws SQLException {
        try (Connection c = pool.getConnection()) {
            try {
                boolean held = reserve(c, needs(request.lines()));
                Placed placed = insert(c, orderId, request, fingerprint, held ? RESERVED : REJECTED);
                if (placed == null) {
                    c.rollback();
                    return existing(c, orderId, fingerprint);
                }
                c.commit();
                return placed;
            } catch (SQLException | RuntimeException e) {
                c.rollback();
                throw e;
            }
        }
    }

    /** Units per stocked SKU (bundles replaced by their components), in the order rows are locked. */
    SortedMap<String, Integer> needs(List<Line> lines) {
        SortedMap<String, Integer> needs = new TreeMap<>();
        for (Line line : lines) {
            Map<String, Integer> parts = bundles.get(line.sku());
            if (parts == null) {
                needs.merge(line.sku(), line.quantity(), Math::addExact);
            } else {
                parts.forEach((sku, n) -> needs.merge(sku, Math.multiplyExact(n, line.quantity()), Math::addExact));
            }
        }
        return needs;
    }

    /** Holds every need, or none: true when all were held. */
    private static boolean reserve(Connection c, SortedMap<String, Integer> needs) throws SQLException {
        int held = 0;
        try (PreparedStatement update = c.prepareStatement(RESERVE)) {
            for (Map.Entry<String, Integer> need : needs.entrySet()) {
                update.setInt(1, need.getValue());
                update.setString(2, need.getKey());
                update.setInt(3, need.getValue());
                if (update.executeUpdate() == 0) {
                    if (held > 0) {
                        c.rollback(); // give back the lines already held
                    }
                    return false;
                }
                held++;
            }
        }
        return true;
    }

    /** The order and its lines; null when the id is taken (nothing was written). */
    private static Placed insert(Connection c, String orderId, Request request, String fingerprint, String status) throws SQLException {
        String[] skus = request.lines().stream().map(Line::sku).toArray(String[]::new);
        Integer[] quantities = request.lines().stream().map(Line::quantity).toArray(Integer[]::new);
        try (PreparedStatement insert = c.prepareStatement(INSERT)) {
            insert.setString(1, orderId);
            insert.setString(2, request.customerId());
            insert.setString(3, request.channel());
            insert.setString(4, status);
            insert.setString(5, fingerprint);
            insert.setBoolean(6, "WHOLESALE".equals(request.channel()));
            insert.setArray(7, c.createArrayOf("text", skus));
            insert.setArray(8, c.createArrayOf("int4", quantities));
            return insert.executeUpdate() == 0 ? null : new Placed(orderId, status, false);
        }
    }

    private static Placed existing(Connection c, String orderId, String fingerprint) throws SQLException {
        try (PreparedStatement select = c.prepareStatement(EXISTING)) {
            select.setString(1, orderId);
            try (ResultSet rs = select.executeQuery()) {
                if (!rs.next()) {
                    throw new IllegalStateException("Order " + orderId + " conflicted on its key but is not there");
                }
                String status = rs.getString(1);
                boolean sameBody = fingerprint.equals(rs.getString(2));
                c.rollback();
                if (!sameBody) {
                    throw new KeyReused(orderId);
                }
                return new Placed(orderId, status, true);
            }
        }
    }
}
