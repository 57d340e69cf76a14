package com.scoville.orders;

import com.scoville.ScovilleDriver;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.Dimension;
import com.scoville.analytics.FunnelCounter;
import com.scoville.analytics.FunnelStep;
import com.scoville.analytics.SalesAggregator;
import com.scoville.avro.BundleComponent;
import com.scoville.avro.SalesTotals;
import org.apache.kafka.streams.KeyValue;
import org.apache.kafka.streams.kstream.Windowed;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.WindowStore;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.StatusChange;
import com.scoville.avro.StockAllocation;
import com.scoville.avro.StockLevel;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.ShrinkingMode;
import org.apache.kafka.streams.state.KeyValueStore;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * Random sequences of orders, holds, payments, shipments, cancellations, restocks and the passing of time,
 * driven through the production topology; after every step the integrity invariants must hold, and the
 * windowed revenue (every window size, in total and by product) equals paid minus refunded.
 */
class ReservationInvariantsPropertyTest {
    private static final List<String> SAUCES = List.of("HOT", "HOTTER", "HOTTEST");
    private static final String BUNDLE = "FLIGHT";

    sealed interface Action permits Place, Hold, Move, Restock, Advance { }

    record Place(int id, List<OrderLine> lines, Integer takesHold) implements Action { }

    record Hold(int id, List<OrderLine> lines, int ttlSeconds) implements Action { }

    record Move(int id, OrderCommandType type) implements Action { }

    record Restock(String sku, int quantity) implements Action { }

    record Advance(int seconds) implements Action { }

    @Property(tries = 60, shrinking = ShrinkingMode.BOUNDED)
    void invariantsHoldAfterEveryStep(@ForAll("actions") List<Action> actions) {
        try (ScovilleDriver scoville = new ScovilleDriver()) {
            seed(scoville);
            List<SaleEvent> sales = new ArrayList<>();
            for (Action action : actions) {
                apply(scoville, action);
                sales.addAll(scoville.sales());
                checkInvariants(scoville, sales, action);
            }
        }
    }

    private static void seed(ScovilleDriver scoville) {
        int heat = 3;
        for (String sku : SAUCES) {
            scoville.putProduct(Product.newBuilder().setSku(sku).setName(sku).setType(ProductType.SAUCE)
                    .setHeatLevel(heat += 2).setPriceCents(1000).setWholesalePriceCents(700)
                    .setComponents(List.of()).setUpdatedAt(ScovilleDriver.START).build());
            scoville.restock(sku, 5);
        }
        scoville.putProduct(Product.newBuilder().setSku(BUNDLE).setName("Flight").setType(ProductType.BUNDLE)
                .setPriceCents(2500).setWholesalePriceCents(1800).setUpdatedAt(ScovilleDriver.START)
                .setComponents(List.of(component("HOT", 1), component("HOTTEST", 2))).build());
    }

    private static void apply(ScovilleDriver scoville, Action action) {
        if (action instanceof Place p) {
            Order order = ScovilleDriver.order("o" + p.id(), Channel.WEB, p.lines().toArray(OrderLine[]::new));
            if (p.takesHold() != null) {
                order.setReservationId("h" + p.takesHold());
            }
            scoville.place(order);
        } else if (action instanceof Hold h) {
            scoville.placeHold("h" + h.id(), h.ttlSeconds(), h.lines().toArray(OrderLine[]::new));
        } else if (action instanceof Move m) {
            // every fifth cancellation goes to a hold (DELETE /v1/inventory/reservations/{id})
            scoville.command((m.type() == OrderCommandType.CANCEL && m.id() % 5 == 0 ? "h" : "o") + m.id(), m.type());
        } else if (action instanceof Restock r) {
            scoville.restock(r.sku(), r.quantity());
        } else if (action instanceof Advance a) {
            scoville.advance(Duration.ofSeconds(a.seconds()));
        }
    }

    private static void checkInvariants(ScovilleDriver scoville, List<SaleEvent> sales, Action after) {
        String step = "after " + after;
        // 0 <= reserved <= onHand, and reserved is the sum of the live reservations
        Map<String, Integer> live = scoville.reservedBySku();
        for (StockLevel level : scoville.allStock()) {
            assertThat(level.getReserved()).as(step + " reserved of " + level.getSku()).isBetween(0, level.getOnHand());
            assertThat(level.getReserved()).as(step + " live reservations of " + level.getSku())
                    .isEqualTo(live.getOrDefault(level.getSku(), 0));
        }
        // what stock holds is exactly what orders and holds in a stock-holding state hold
        Map<String, Integer> heldByOrders = new HashMap<>();
        KeyValueStore<String, StockAllocation> allocations = scoville.driver.getKeyValueStore(OrderProcessor.ALLOCATIONS_STORE);
        for (OrderState state : scoville.allOrders()) {
            boolean holds = state.getKind() == OrderKind.ORDER ? OrderLifecycle.holdsStock(state.getStatus())
                    : state.getStatus() == OrderStatus.RESERVED;
            StockAllocation allocation = allocations.get(state.getOrderId());
            if (holds && allocation != null) {
                allocation.getReserved().forEach((sku, q) -> heldByOrders.merge(sku, q, Integer::sum));
            } else if (holds) {
                // decided in one hop, where its stock lives: the order carries what it holds
                state.getHolds().forEach((sku, q) -> heldByOrders.merge(sku, q, Integer::sum));
            }
        }
        Map<String, Integer> nonZeroLive = new HashMap<>(live);
        nonZeroLive.values().removeIf(v -> v == 0);
        assertThat(nonZeroLive).as(step + " reservations match the orders holding stock").isEqualTo(heldByOrders);
        // every order reached a decided state, by a legal path, exactly once per state change
        long expectedRevenue = 0;
        for (OrderState state : scoville.allOrders()) {
            List<StatusChange> history = state.getHistory();
            assertThat(state.getStatus()).as(step + " " + state.getOrderId() + " is decided").isNotEqualTo(OrderStatus.PENDING);
            assertThat(history.get(0).getStatus()).isEqualTo(OrderStatus.PENDING);
            assertThat(history.get(history.size() - 1).getStatus()).isEqualTo(state.getStatus());
            for (int i = 1; i < history.size(); i++) {
                assertThat(OrderLifecycle.canMove(history.get(i - 1).getStatus(), history.get(i).getStatus()))
                        .as(step + " " + state.getOrderId() + " moved " + history.get(i - 1).getStatus() + "->" + history.get(i).getStatus())
                        .isTrue();
            }
            boolean paid = history.stream().anyMatch(h -> h.getStatus() == OrderStatus.PAID);
            if (paid && state.getStatus() != OrderStatus.CANCELLED) {
                expectedRevenue += state.getTotalCents();
            }
        }
        // revenue is the sum of paid orders, refunds subtracted: in the sale events and summed over every window
        long revenue = sales.stream().mapToLong(SaleEvent::getTotalCents).sum();
        assertThat(revenue).as(step + " revenue").isEqualTo(expectedRevenue);
        for (AnalyticsWindow window : AnalyticsWindow.values()) {
            WindowStore<String, SalesTotals> store = scoville.driver.getWindowStore(window.store(SalesAggregator.FAMILY));
            long windowed = 0;
            long byProduct = 0;
            try (KeyValueIterator<Windowed<String>, SalesTotals> it = store.all()) {
                while (it.hasNext()) {
                    KeyValue<Windowed<String>, SalesTotals> kv = it.next();
                    if (kv.key.key().equals("TOTAL|*")) {
                        windowed += kv.value.getRevenueCents();
                    } else if (kv.key.key().startsWith("PRODUCT|")) {
                        byProduct += kv.value.getRevenueCents();
                    }
                }
            }
            assertThat(windowed).as(step + " revenue over " + window + " windows").isEqualTo(expectedRevenue);
            assertThat(byProduct).as(step + " revenue by product over " + window + " windows").isEqualTo(expectedRevenue);
        }
        checkFunnel(scoville, step);
    }

    /** Each order counts once in each funnel step it reached, wherever the step was counted, however often an id came. */
    private static void checkFunnel(ScovilleDriver scoville, String step) {
        Map<FunnelStep, Long> reached = new EnumMap<>(FunnelStep.class);
        for (OrderState state : scoville.allOrders()) {
            if (state.getKind() == OrderKind.ORDER) {
                state.getHistory().stream().map(c -> FunnelStep.of(c.getStatus())).filter(Objects::nonNull).distinct()
                        .forEach(s -> reached.merge(s, 1L, Long::sum));
            }
        }
        for (AnalyticsWindow window : AnalyticsWindow.values()) {
            Map<FunnelStep, Long> counted = new EnumMap<>(FunnelStep.class);
            for (String family : FunnelCounter.FAMILIES) {
                WindowStore<String, SalesTotals> store = scoville.driver.getWindowStore(window.store(family));
                try (KeyValueIterator<Windowed<String>, SalesTotals> it = store.all()) {
                    it.forEachRemaining(kv -> kv.value.getCounts().forEach((key, n) -> {
                        FunnelStep.Key parsed = FunnelStep.parse(Dimension.TOTAL, key);
                        if (parsed != null && parsed.reason() == null) {
                            counted.merge(parsed.step(), n, Long::sum);
                        }
                    }));
                }
            }
            counted.values().removeIf(n -> n == 0);
            assertThat(counted).as(step + " funnel over " + window + " windows").isEqualTo(reached);
        }
    }

    @Provide
    Arbitrary<List<Action>> actions() {
        Arbitrary<Integer> ids = Arbitraries.integers().between(1, 12);
        Arbitrary<OrderLine> line = Combinators.combine(
                        Arbitraries.of("HOT", "HOTTER", "HOTTEST", BUNDLE), Arbitraries.integers().between(1, 4))
                .as((sku, q) -> OrderLine.newBuilder().setSku(sku).setQuantity(q).build());
        Arbitrary<List<OrderLine>> lines = line.list().ofMinSize(1).ofMaxSize(3);
        Arbitrary<Action> place = Combinators.combine(ids, lines, ids.injectNull(0.7))
                .as((id, l, hold) -> (Action) new Place(id, l, hold));
        Arbitrary<Action> hold = Combinators.combine(ids, lines, Arbitraries.of(30, 600))
                .as((id, l, ttl) -> (Action) new Hold(id, l, ttl));
        Arbitrary<Action> move = Combinators.combine(ids, Arbitraries.of(OrderCommandType.PAY, OrderCommandType.SHIP,
                        OrderCommandType.DELIVER, OrderCommandType.CANCEL))
                .as((id, type) -> (Action) new Move(id, type));
        Arbitrary<Action> restock = Combinators.combine(Arbitraries.of(SAUCES), Arbitraries.integers().between(1, 6))
                .as((sku, q) -> (Action) new Restock(sku, q));
        Arbitrary<Action> advance = Arbitraries.of(10, 60, 16 * 60).map(s -> (Action) new Advance(s));
        return Arbitraries.frequencyOf(
                        net.jqwik.api.Tuple.of(5, place), net.jqwik.api.Tuple.of(2, hold), net.jqwik.api.Tuple.of(5, move),
                        net.jqwik.api.Tuple.of(2, restock), net.jqwik.api.Tuple.of(1, advance))
                .list().ofMinSize(5).ofMaxSize(40);
    }

    private static BundleComponent component(String sku, int quantity) {
        return BundleComponent.newBuilder().setSku(sku).setQuantity(quantity).build();
    }

}
