package com.scoville.bench.twin;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The twin's integrity audit, read from its tables after the run: no SKU with reserved above on hand (or below zero),
 * each SKU's reserved equal to what its RESERVED orders hold (bundles through their components), and every order the
 * bench was answered for in the table once, with the status it was answered.
 */
public final class TwinAudit {
    private static final int MAX_PROBLEMS = 20;
    private static final String STOCK_AGAINST_ORDERS = """
            WITH held AS (
              SELECT COALESCE(part.sku, line.sku) AS sku, SUM(line.quantity * COALESCE(part.quantity, 1)) AS units
              FROM orders o
              JOIN order_lines line ON line.order_id = o.id
              LEFT JOIN bundle_parts part ON part.bundle = line.sku
              WHERE o.status = 'RESERVED'
              GROUP BY 1)
            SELECT COALESCE(s.sku, held.sku), s.on_hand, s.reserved, COALESCE(held.units, 0)
            FROM stock s FULL JOIN held ON held.sku = s.sku
            ORDER BY 1""";

    /** One stocked SKU: its row and what the RESERVED orders hold of it. */
    public record StockCheck(String sku, Integer onHand, Integer reserved, long heldByOrders, boolean ok) { }

    /**
     * The verdict. {@code lostOrders}: answered but not in the table; {@code answeredOtherwise}: in the table with
     * another status than the answer; {@code unansweredOrders}: in the table without an answer the bench saw (a
     * request that timed out on the client after its commit), not a failure.
     */
    public record Result(boolean ok, List<String> oversoldSkus, long lostOrders, long answeredOtherwise, long unansweredOrders,
                         long ordersInDatabase, Map<String, Long> byStatus, List<StockCheck> stock, List<String> problems) { }

    private TwinAudit() { }

    static Result run(Connection c, Map<String, String> answered) throws SQLException {
        List<String> problems = new ArrayList<>();
        List<String> oversold = new ArrayList<>();
        List<StockCheck> stock = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(STOCK_AGAINST_ORDERS); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                Integer onHand = (Integer) rs.getObject(2);
                Integer reserved = (Integer) rs.getObject(3);
                long held = rs.getLong(4);
                boolean ok = onHand != null && reserved != null && reserved >= 0 && reserved <= onHand && reserved == held;
                StockCheck check = new StockCheck(rs.getString(1), onHand, reserved, held, ok);
                stock.add(check);
                if (!ok) {
                    oversold.add(check.sku());
                    note(problems, "stock of " + check.sku() + ": onHand " + onHand + ", reserved " + reserved + "; RESERVED orders hold " + held);
                }
            }
        }
        Map<String, String> inTable = new HashMap<>();
        Map<String, Long> byStatus = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT id, status FROM orders"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                inTable.put(rs.getString(1), rs.getString(2));
                byStatus.merge(rs.getString(2), 1L, Long::sum);
            }
        }
        long lost = 0;
        long otherwise = 0;
        for (Map.Entry<String, String> a : answered.entrySet()) {
            String status = inTable.get(a.getKey());
            if (status == null) {
                lost++;
                note(problems, "order " + a.getKey() + " was answered " + a.getValue() + " but is not in the table");
            } else if (!status.equals(a.getValue())) {
                otherwise++;
                note(problems, "order " + a.getKey() + " was answered " + a.getValue() + " but is " + status);
            }
        }
        long unanswered = inTable.keySet().stream().filter(id -> !answered.containsKey(id)).count();
        c.rollback();
        boolean ok = oversold.isEmpty() && lost == 0 && otherwise == 0;
        return new Result(ok, oversold, lost, otherwise, unanswered, inTable.size(), byStatus, stock, problems);
    }

    private static void note(List<String> problems, String text) {
        if (problems.size() < MAX_PROBLEMS) {
            problems.add(text);
        }
    }
}
