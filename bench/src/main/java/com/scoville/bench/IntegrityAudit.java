package com.scoville.bench;

import com.scoville.avro.Order;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.StatusChange;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * The end-of-run integrity audit, from the topics and the stock store only, never the service's own counters.
 * Feed it 'order-status' ({@link #orderState}) and 'sales' ({@link #sale}) from the beginning; then
 * {@link #verdict} checks every accepted order (there exactly once, decided, no transition twice), the stock of
 * each SKU against the orders that hold it, the flash-sale SKU against its stock, and revenue three ways.
 */
public final class IntegrityAudit {
    private static final Set<OrderStatus> HOLDING = EnumSet.of(OrderStatus.RESERVED, OrderStatus.PAID);
    private static final Set<OrderStatus> TAKEN_FROM_STOCK = EnumSet.of(OrderStatus.RESERVED, OrderStatus.PAID,
            OrderStatus.SHIPPED, OrderStatus.DELIVERED);
    private static final int MAX_PROBLEMS = 20;

    /** A SKU's stock as GET /v1/inventory/{sku} answered. */
    public record Stock(String sku, int onHand, int reserved) { }

    /** The flash-sale SKU and the stock it started with. */
    public record FlashSku(String sku, int initialStock) { }

    /**
     * What the bench knows it did: the ids the service accepted, the moves it confirmed (order id → statuses),
     * the flash-sale SKU (or null), and, to check on-hand stock, each SKU's onHand when the load began with the
     * units restocked since (both null to skip); {@code since} is when the load began, {@code now} the audit time.
     */
    public record Expectations(Set<String> acceptedIds, Map<String, Set<OrderStatus>> movedTo, FlashSku flashSku,
                               Map<String, Integer> onHandAtStart, Map<String, Integer> restocked, Instant since, Instant now,
                               Map<String, Set<OrderStatus>> refusedMoves) {
        /** Without moves the API refused (409): nothing to check that they did not happen. */
        public Expectations(Set<String> acceptedIds, Map<String, Set<OrderStatus>> movedTo, FlashSku flashSku,
                            Map<String, Integer> onHandAtStart, Map<String, Integer> restocked, Instant since, Instant now) {
            this(acceptedIds, movedTo, flashSku, onHandAtStart, restocked, since, now, Map.of());
        }

        public Expectations withRefusedMoves(Map<String, Set<OrderStatus>> refused) {
            return new Expectations(acceptedIds, movedTo, flashSku, onHandAtStart, restocked, since, now, refused);
        }

        public static Expectations of(Set<String> acceptedIds) {
            return new Expectations(acceptedIds, Map.of(), null, null, null, Instant.EPOCH, Instant.now());
        }
    }

    public record Revenue(long salesTopicCents, long paidOrdersCents, long refundedOrdersCents, long salesTopicDayCents,
                          Long analyticsDayCents, long misSignedSales) { }

    public record StockCheck(String sku, int onHand, int reserved, long expectedReserved, Long expectedOnHand, boolean ok) { }

    public record FlashCheck(String sku, int initialStock, long unitsReservedOrSold, long reservedOrders, long rejectedOrders, boolean ok) { }

    /**
     * {@code oversoldSkus}: more reserved than on hand, or more units taken than the flash sale had;
     * {@code stockMismatchSkus}: reserved or on hand not what the orders hold and ship (a leaked or lost reservation, or
     * orders still undecided when the audit read the stock).
     */
    public record Result(boolean ok, List<String> oversoldSkus, List<String> stockMismatchSkus, long lostOrders, long stuckOrders, long duplicatedOrders,
                         long lostMoves, long movesRefusedButApplied, long overdueReservations, long revenueMismatchCents, boolean analyticsChecked,
                         String analyticsNote, Revenue revenue, FlashCheck flashSale, List<StockCheck> stock,
                         Map<String, Long> acceptedByStatus, long ordersOnTopic, List<String> problems) {
        /** This result with more problems: not OK if there is any. */
        Result withProblems(List<String> more) {
            if (more.isEmpty()) {
                return this;
            }
            List<String> all = new java.util.ArrayList<>(problems);
            all.addAll(more);
            return new Result(false, oversoldSkus, stockMismatchSkus, lostOrders, stuckOrders, duplicatedOrders, lostMoves, movesRefusedButApplied,
                    overdueReservations, revenueMismatchCents, analyticsChecked, analyticsNote, revenue, flashSale, stock,
                    acceptedByStatus, ordersOnTopic, List.copyOf(all));
        }

        /** The audit of a baseline, which places no orders: what was written, counted on a topic; OK without problems. */
        static Result ofRecordsOnTopic(long lost, long duplicated, long onTopic, String note, List<String> problems) {
            return new Result(problems.isEmpty(), List.of(), List.of(), lost, 0, duplicated, 0, 0, 0, 0, false, note, null, null,
                    List.of(), Map.of(), onTopic, List.copyOf(problems));
        }
    }

    private static final class Seen {
        OrderState latest;
        final Map<OrderStatus, Integer> transitions = new EnumMap<>(OrderStatus.class);
        boolean historyRepeats;
    }

    private final Map<String, Seen> orders = new HashMap<>();
    /** Order ids seen on 'orders' (see {@link #orderWritten}). */
    private final Set<String> written = new HashSet<>();
    /** The lines of each order seen on 'orders', to bound what an undecided one may hold. */
    private final Map<String, List<OrderLine>> writtenLines = new HashMap<>();
    private final LocalDate day;
    private final List<String> problems = new ArrayList<>();
    private long salesCents;
    private long salesDayCents;
    private long misSignedSales;

    /** {@code day}: the run's day (UTC), whose revenue the analytics must show. */
    public IntegrityAudit(LocalDate day) {
        this.day = day;
    }

    /** One record of 'order-status', in topic order. */
    public void orderState(String key, OrderState state) {
        if (state == null) {
            return;
        }
        String id = state.getOrderId() == null ? key : state.getOrderId();
        if (key != null && !key.equals(id)) {
            problem("order " + id + " was published under key " + key);
        }
        Seen seen = orders.computeIfAbsent(id, k -> new Seen());
        seen.latest = state;
        seen.transitions.merge(state.getStatus(), 1, Integer::sum);
        Set<OrderStatus> inHistory = EnumSet.noneOf(OrderStatus.class);
        for (StatusChange change : state.getHistory()) {
            if (!inHistory.add(change.getStatus())) {
                seen.historyRepeats = true;
            }
        }
    }

    /**
     * One record of 'orders' (or a copy of one): an order that is there is in Kafka, so one that was never decided is
     * stuck, not lost. Without any, every accepted order missing from 'order-status' counts as lost.
     */
    public void orderWritten(String key, Order order) {
        String id = order != null && order.getOrderId() != null && !order.getOrderId().isBlank() ? order.getOrderId() : key;
        if (id != null) {
            written.add(id);
            if (order != null && order.getLines() != null && !order.getLines().isEmpty()) {
                writtenLines.put(id, order.getLines());
            }
        }
    }

    /** One record of 'sales'. */
    public void sale(SaleEvent event) {
        if (event == null) {
            return;
        }
        salesCents += event.getTotalCents();
        if (event.getAt() != null && LocalDate.ofInstant(event.getAt(), ZoneOffset.UTC).equals(day)) {
            salesDayCents += event.getTotalCents();
        }
        boolean signed = event.getKind() == SaleKind.PAYMENT ? event.getTotalCents() >= 0
                : event.getKind() == SaleKind.REFUND && event.getTotalCents() <= 0;
        if (!signed) {
            misSignedSales++;
            problem("sale of order " + event.getOrderId() + " is " + event.getKind() + " of " + event.getTotalCents() + " cents");
        }
    }

    /**
     * The verdict. {@code bundles}: each bundle's components, to know what stock an order holds;
     * {@code analyticsDayCents}: the GraphQL revenue of the run's day, or null when it could not be asked.
     */
    public Result verdict(Expectations expect, Map<String, Map<String, Integer>> bundles, List<Stock> stocks,
                          Long analyticsDayCents, String analyticsNote) {
        List<String> found = new ArrayList<>(problems);
        long lost = 0;
        long stuck = 0;
        long duplicated = 0;
        Map<String, Long> byStatus = new TreeMap<>();
        for (String id : expect.acceptedIds()) {
            Seen s = orders.get(id);
            if (s == null && written.contains(id)) {
                // in Kafka, so not lost: a decision that has not come (yet), which is as much a failure
                stuck++;
                note(found, "accepted order " + id + " is on 'orders' but not decided: not on order-status");
                continue;
            }
            if (s == null || s.latest.getKind() != OrderKind.ORDER) {
                lost++;
                note(found, "accepted order " + id + " is not on order-status" + (written.isEmpty() ? "" : " nor on 'orders'"));
                continue;
            }
            byStatus.merge(s.latest.getStatus().name(), 1L, Long::sum);
            if (s.latest.getStatus() == OrderStatus.PENDING) {
                stuck++;
                note(found, "accepted order " + id + " is still PENDING");
            }
            if (s.historyRepeats || s.transitions.values().stream().anyMatch(n -> n > 1)) {
                duplicated++;
                note(found, "order " + id + " went through a status twice: " + s.transitions + " history " + statuses(s.latest));
            }
        }
        long lostMoves = 0;
        for (Map.Entry<String, Set<OrderStatus>> moved : expect.movedTo().entrySet()) {
            Seen s = orders.get(moved.getKey());
            List<OrderStatus> history = s == null ? List.of() : statuses(s.latest);
            for (OrderStatus wanted : moved.getValue()) {
                if (!history.contains(wanted)) {
                    lostMoves++;
                    note(found, "order " + moved.getKey() + " was answered " + wanted + " but its history is " + history);
                }
            }
        }
        // A 409 means the move is illegal and nothing changes: an order that went there anyway was told a lie.
        long refusedButApplied = 0;
        for (Map.Entry<String, Set<OrderStatus>> refused : expect.refusedMoves().entrySet()) {
            Seen s = orders.get(refused.getKey());
            List<OrderStatus> history = s == null ? List.of() : statuses(s.latest);
            for (OrderStatus target : refused.getValue()) {
                if (history.contains(target)) {
                    refusedButApplied++;
                    note(found, "PUT " + target + " on order " + refused.getKey() + " was answered 409, yet its history is " + history);
                }
            }
        }
        Instant overdueBefore = expect.now().minusSeconds(10);
        long overdue = orders.values().stream().map(s -> s.latest)
                .filter(o -> o.getKind() == OrderKind.ORDER && o.getStatus() == OrderStatus.RESERVED
                        && o.getExpiresAt() != null && o.getExpiresAt().isBefore(overdueBefore))
                .count();
        if (overdue > 0) {
            note(found, overdue + " reservations are still RESERVED more than 10 s after they expired");
        }

        List<String> oversold = new ArrayList<>();
        List<String> mismatched = new ArrayList<>();
        List<StockCheck> stock = checkStock(expect, bundles, stocks, oversold, mismatched, found);
        FlashCheck flash = expect.flashSku() == null ? null : checkFlash(expect.flashSku(), stocks);
        if (flash != null && !flash.ok() && !oversold.contains(flash.sku())) {
            oversold.add(flash.sku());
        }

        Revenue revenue = revenue(analyticsDayCents);
        long mismatch = Math.abs(revenue.salesTopicCents() - (revenue.paidOrdersCents() - revenue.refundedOrdersCents()))
                + (analyticsDayCents == null ? 0 : Math.abs(analyticsDayCents - revenue.salesTopicDayCents()));
        boolean ok = oversold.isEmpty() && mismatched.isEmpty() && lost == 0 && stuck == 0 && duplicated == 0 && lostMoves == 0 && refusedButApplied == 0
                && overdue == 0 && mismatch == 0 && misSignedSales == 0;
        return new Result(ok, oversold, mismatched, lost, stuck, duplicated, lostMoves, refusedButApplied, overdue, mismatch, analyticsDayCents != null,
                analyticsNote, revenue, flash, stock, byStatus, orders.size(), found);
    }

    private List<StockCheck> checkStock(Expectations expect, Map<String, Map<String, Integer>> bundles, List<Stock> stocks,
                                        List<String> oversold, List<String> mismatched, List<String> found) {
        Map<String, Long> held = new HashMap<>();
        // An order still waiting for its partitions' answers holds what those that answered reserved for it, until
        // its reservation TTL: a copy of it may never have been written (its writer killed between the copies, or
        // a broker timed the write out, and the channel gave up). So it holds anything from nothing to all its lines,
        // whether it is PENDING on 'order-status' or not there at all yet (an order of several partitions is published
        // once decided).
        Map<String, Long> pendingUpTo = new HashMap<>();
        writtenLines.forEach((id, lines) -> {
            if (!orders.containsKey(id)) {
                addNeeds(pendingUpTo, lines, bundles);
            }
        });
        Map<String, Long> shipped = new HashMap<>();
        for (Seen s : orders.values()) {
            OrderState o = s.latest;
            boolean holding = o.getKind() == OrderKind.ORDER ? HOLDING.contains(o.getStatus()) : o.getStatus() == OrderStatus.RESERVED;
            if (holding) {
                addNeeds(held, o.getLines(), bundles);
            } else if (o.getStatus() == OrderStatus.PENDING) {
                addNeeds(pendingUpTo, o.getLines(), bundles);
            }
            boolean shippedSince = o.getHistory().stream().anyMatch(c -> c.getStatus() == OrderStatus.SHIPPED && !c.getAt().isBefore(expect.since()));
            if (shippedSince) {
                addNeeds(shipped, o.getLines(), bundles);
            }
        }
        List<StockCheck> checks = new ArrayList<>();
        for (Stock st : stocks) {
            long expectedReserved = held.getOrDefault(st.sku(), 0L);
            Long expectedOnHand = null;
            if (expect.onHandAtStart() != null && expect.onHandAtStart().containsKey(st.sku())) {
                expectedOnHand = expect.onHandAtStart().get(st.sku()) + expect.restocked().getOrDefault(st.sku(), 0)
                        - shipped.getOrDefault(st.sku(), 0L);
            }
            long pending = pendingUpTo.getOrDefault(st.sku(), 0L);
            boolean withinStock = st.reserved() >= 0 && st.reserved() <= st.onHand();
            boolean asOrdersSay = st.reserved() >= expectedReserved && st.reserved() <= expectedReserved + pending
                    && (expectedOnHand == null || expectedOnHand == st.onHand());
            boolean ok = withinStock && asOrdersSay;
            if (!withinStock) {
                oversold.add(st.sku());
            } else if (!asOrdersSay) {
                mismatched.add(st.sku());
            }
            if (!ok) {
                note(found, "stock of " + st.sku() + ": onHand " + st.onHand() + ", reserved " + st.reserved()
                        + "; orders hold " + expectedReserved + (pending == 0 ? "" : " (and up to " + pending + " for PENDING orders)")
                        + (expectedOnHand == null ? "" : ", expected onHand " + expectedOnHand));
            }
            checks.add(new StockCheck(st.sku(), st.onHand(), st.reserved(), expectedReserved, expectedOnHand, ok));
        }
        return checks;
    }

    private FlashCheck checkFlash(FlashSku flash, List<Stock> stocks) {
        long units = 0;
        long reservedOrders = 0;
        long rejected = 0;
        for (Seen s : orders.values()) {
            OrderState o = s.latest;
            int qty = o.getLines().stream().filter(l -> flash.sku().equals(l.getSku())).mapToInt(OrderLine::getQuantity).sum();
            if (qty == 0 || o.getKind() != OrderKind.ORDER) {
                continue;
            }
            if (TAKEN_FROM_STOCK.contains(o.getStatus())) {
                units += qty;
                reservedOrders++;
            } else if (o.getStatus() == OrderStatus.REJECTED) {
                rejected++;
            }
        }
        Stock level = stocks.stream().filter(st -> st.sku().equals(flash.sku())).findFirst().orElse(null);
        boolean ok = units <= flash.initialStock() && level != null && level.onHand() == flash.initialStock()
                && level.reserved() <= flash.initialStock();
        return new FlashCheck(flash.sku(), flash.initialStock(), units, reservedOrders, rejected, ok);
    }

    private Revenue revenue(Long analyticsDayCents) {
        long paid = 0;
        long refunded = 0;
        for (Seen s : orders.values()) {
            List<OrderStatus> history = statuses(s.latest);
            int paidAt = history.indexOf(OrderStatus.PAID);
            if (paidAt < 0) {
                continue;
            }
            paid += s.latest.getTotalCents();
            if (history.subList(paidAt + 1, history.size()).contains(OrderStatus.CANCELLED)) {
                refunded += s.latest.getTotalCents();
            }
        }
        return new Revenue(salesCents, paid, refunded, salesDayCents, analyticsDayCents, misSignedSales);
    }

    private static void addNeeds(Map<String, Long> into, List<OrderLine> lines, Map<String, Map<String, Integer>> bundles) {
        for (OrderLine line : lines) {
            Map<String, Integer> parts = bundles.get(line.getSku());
            if (parts == null) {
                into.merge(line.getSku(), (long) line.getQuantity(), Long::sum);
            } else {
                parts.forEach((sku, n) -> into.merge(sku, (long) n * line.getQuantity(), Long::sum));
            }
        }
    }

    private static List<OrderStatus> statuses(OrderState state) {
        return state.getHistory().stream().map(StatusChange::getStatus).toList();
    }

    private void problem(String text) {
        note(problems, text);
    }

    private static void note(List<String> list, String text) {
        if (list.size() < MAX_PROBLEMS) {
            list.add(text);
        }
    }
}
