package com.scoville.bench;

import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderKind;
import com.scoville.avro.OrderLine;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.SaleEvent;
import com.scoville.avro.SaleKind;
import com.scoville.avro.StatusChange;
import org.junit.jupiter.api.Test;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The audit on hand-made records: what it must catch, and what it must let pass. */
class IntegrityAuditTest {
    static final Instant T0 = Instant.parse("2026-03-14T10:00:00Z");
    static final LocalDate DAY = LocalDate.ofInstant(T0, ZoneOffset.UTC);
    static final String SKU = "FLASH-X";

    final IntegrityAudit audit = new IntegrityAudit(DAY);

    @Test
    void shouldPassWhenEveryAcceptedOrderIsDecidedOnceAndTheStockAddsUp() {
        // given two buyers for two units: both reserved, each state published once
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        publishLife("o2", 1, OrderStatus.PENDING, OrderStatus.RESERVED);

        // when the stock store holds exactly their two units
        IntegrityAudit.Result result = verdict(Set.of("o1", "o2"), new IntegrityAudit.Stock(SKU, 2, 2), null);

        // then nothing is wrong
        assertThat(result.ok()).as(result.problems().toString()).isTrue();
        assertThat(result.flashSale().unitsReservedOrSold()).isEqualTo(2);
        assertThat(result.acceptedByStatus()).containsEntry("RESERVED", 2L);
    }

    @Test
    void shouldCountAnAcceptedOrderMissingFromTheTopicAsLost() {
        // given o1 decided, and o2 accepted by the API but never published
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.REJECTED);

        IntegrityAudit.Result result = verdict(Set.of("o1", "o2"), new IntegrityAudit.Stock(SKU, 2, 0), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.lostOrders()).isEqualTo(1);
        assertThat(result.duplicatedOrders()).isZero();
        assertThat(result.problems()).anyMatch(p -> p.contains("o2"));
    }

    @Test
    void shouldCountAnAcceptedOrderThatIsInKafkaButUndecidedAsStuckNotLost() {
        // given o1 decided; o2 written to 'orders' (under another key: the order id is the field's) but never decided;
        // o3 accepted and nowhere
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        audit.orderWritten("GHOST-150", Order.newBuilder().setOrderId("o2").setCustomerId("c")
                .setChannel(Channel.WEB).setLines(List.of()).setCreatedAt(Instant.EPOCH).build());

        IntegrityAudit.Result result = verdict(Set.of("o1", "o2", "o3"), new IntegrityAudit.Stock(SKU, 2, 1), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.stuckOrders()).isEqualTo(1);
        assertThat(result.lostOrders()).isEqualTo(1);
        assertThat(result.problems()).anyMatch(p -> p.contains("o2") && p.contains("not decided"))
                .anyMatch(p -> p.contains("o3") && p.contains("nor on 'orders'"));
    }

    @Test
    void shouldCountAnOrderLeftPendingAsStuck() {
        publishLife("o1", 1, OrderStatus.PENDING);

        IntegrityAudit.Result result = verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 2, 0), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.stuckOrders()).isEqualTo(1);
        assertThat(result.lostOrders()).isZero();
    }

    @Test
    void shouldCountAnOrderThatWentThroughATransitionTwiceAsDuplicated() {
        // given o1's RESERVED published twice (a record processed twice)
        List<OrderState> life = life("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        life.forEach(s -> audit.orderState("o1", s));
        audit.orderState("o1", life.get(1));

        IntegrityAudit.Result result = verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 2, 1), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.duplicatedOrders()).isEqualTo(1);
    }

    @Test
    void shouldCountARepeatedStatusInsideTheHistoryAsDuplicated() {
        // given a single record whose history says RESERVED twice
        audit.orderState("o1", state("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.RESERVED));

        IntegrityAudit.Result result = verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 2, 1), null);

        assertThat(result.duplicatedOrders()).isEqualTo(1);
    }

    @Test
    void shouldFlagTheFlashSaleSkuWhenMoreOrdersAreReservedThanThereWasStock() {
        // given three orders reserved against two units
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        publishLife("o2", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        publishLife("o3", 1, OrderStatus.PENDING, OrderStatus.RESERVED);

        // when the store even agrees with them (reserved 3 of 2 on hand)
        IntegrityAudit.Result result = verdict(Set.of("o1", "o2", "o3"), new IntegrityAudit.Stock(SKU, 2, 3), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.oversoldSkus()).containsExactly(SKU);
        assertThat(result.flashSale().ok()).isFalse();
        assertThat(result.flashSale().unitsReservedOrSold()).isEqualTo(3);
    }

    @Test
    void shouldFlagASkuWhoseReservedStockDiffersFromTheOrdersHoldingIt() {
        // given one reserved order, while the store says two units are reserved (a leaked reservation)
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);

        IntegrityAudit.Result result = verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 2, 2), null);

        assertThat(result.ok()).isFalse();
        assertThat(result.stockMismatchSkus()).containsExactly(SKU);
        assertThat(result.oversoldSkus()).as("2 of 2 reserved is not oversold").isEmpty();
        assertThat(result.stock().get(0).expectedReserved()).isEqualTo(1);
    }

    @Test
    void shouldLetAnOrderWaitingForItsPartitionsAnswersHoldAnythingFromNothingToItsLinesButNoMore() {
        // given a reserved order of 1 unit, and an order of 2 still PENDING (one of its copies never written)
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        publishLife("o2", 2, OrderStatus.PENDING);

        // part of the pending order reserved: within what the orders may hold
        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 2), null).stockMismatchSkus()).isEmpty();
        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 3), null).stockMismatchSkus()).isEmpty();
        // more than both could hold, or less than the reserved order holds: a leak, or a lost reservation
        IntegrityAudit.Result leaked = verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 4), null);
        assertThat(leaked.stockMismatchSkus()).containsExactly(SKU);
        assertThat(leaked.ok()).isFalse();
        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 0), null).stockMismatchSkus()).containsExactly(SKU);
    }

    @Test
    void shouldLetAnOrderWrittenButNeverPublishedHoldAnythingFromNothingToItsLinesButNoMore() {
        // given a reserved order of 1 unit, and one of 2 units on 'orders' that no partition has decided yet: a copy
        // of it written, the other not, its channel told 503 (so not accepted), and nothing on 'order-status'
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        audit.orderWritten("o2", Order.newBuilder().setOrderId("o2").setCustomerId("c").setChannel(Channel.WEB)
                .setLines(List.of(OrderLine.newBuilder().setSku(SKU).setQuantity(2).setUnitPriceCents(1500).build()))
                .setCreatedAt(T0).build());
        audit.orderWritten("junk", null);

        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 1), null).stockMismatchSkus()).isEmpty();
        IntegrityAudit.Result partlyHeld = verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 3), null);
        assertThat(partlyHeld.stockMismatchSkus()).isEmpty();
        assertThat(partlyHeld.stuckOrders()).as("not accepted, so not stuck").isZero();
        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 4), null).stockMismatchSkus()).containsExactly(SKU);

        // once decided, it holds exactly what its decision says
        publishLife("o2", 2, OrderStatus.PENDING, OrderStatus.REJECTED);
        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 3), null).stockMismatchSkus()).containsExactly(SKU);
        assertThat(verdict(Set.of("o1"), new IntegrityAudit.Stock(SKU, 10, 1), null).stockMismatchSkus()).isEmpty();
    }

    @Test
    void shouldCallAStockReservedBeyondItsUnitsOversoldEvenWhenTheOrdersAgree() {
        // given three reserved orders of another SKU than the flash sale's, and its store agreeing: 3 reserved of 2
        IntegrityAudit.Expectations expect = new IntegrityAudit.Expectations(Set.of("o1", "o2", "o3"), Map.of(), null, null, null,
                T0, T0.plusSeconds(60));
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        publishLife("o2", 1, OrderStatus.PENDING, OrderStatus.RESERVED);
        publishLife("o3", 1, OrderStatus.PENDING, OrderStatus.RESERVED);

        IntegrityAudit.Result result = audit.verdict(expect, Map.of(), List.of(new IntegrityAudit.Stock(SKU, 2, 3)), null, "not asked");

        assertThat(result.ok()).isFalse();
        assertThat(result.oversoldSkus()).containsExactly(SKU);
        assertThat(result.stockMismatchSkus()).isEmpty();
    }

    @Test
    void shouldExpandBundlesIntoTheirComponentsWhenCountingHeldStock() {
        audit.orderState("o1", withLine(state("o1", 2, OrderStatus.PENDING, OrderStatus.RESERVED), "PACK"));

        IntegrityAudit.Result result = audit.verdict(IntegrityAudit.Expectations.of(Set.of("o1")),
                Map.of("PACK", Map.of("A", 1, "B", 3)),
                List.of(new IntegrityAudit.Stock("A", 10, 2), new IntegrityAudit.Stock("B", 10, 6)), null, "not asked");

        assertThat(result.ok()).as(result.problems().toString()).isTrue();
    }

    @Test
    void shouldMatchRevenueOfPaidOrdersLessRefundsAgainstTheSalesTopicAndTheAnalytics() {
        // given o1 paid (1500), o2 paid then cancelled (refund), and their sale events
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID);
        publishLife("o2", 1, OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID, OrderStatus.CANCELLED);
        audit.sale(sale("o1", SaleKind.PAYMENT, 1500));
        audit.sale(sale("o2", SaleKind.PAYMENT, 1500));
        audit.sale(sale("o2", SaleKind.REFUND, -1500));

        IntegrityAudit.Result result = verdict(Set.of("o1", "o2"), new IntegrityAudit.Stock(SKU, 2, 1), 1500L);

        assertThat(result.ok()).as(result.problems().toString()).isTrue();
        assertThat(result.analyticsChecked()).isTrue();
        assertThat(result.revenue().paidOrdersCents() - result.revenue().refundedOrdersCents()).isEqualTo(1500);
    }

    @Test
    void shouldReportTheRevenueMismatchWhenARefundIsMissingAndTheAnalyticsDisagree() {
        publishLife("o2", 1, OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID, OrderStatus.CANCELLED);
        audit.sale(sale("o2", SaleKind.PAYMENT, 1500));

        IntegrityAudit.Result result = verdict(Set.of("o2"), new IntegrityAudit.Stock(SKU, 2, 0), 0L);

        assertThat(result.ok()).isFalse();
        // 1500 between the sales topic and the orders, 1500 between the analytics and the sales topic
        assertThat(result.revenueMismatchCents()).isEqualTo(3000);
    }

    @Test
    void shouldCountAConfirmedMoveThatIsNotInTheHistoryAsLost() {
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED);

        IntegrityAudit.Result result = audit.verdict(new IntegrityAudit.Expectations(Set.of("o1"),
                        Map.of("o1", Set.of(OrderStatus.PAID)), null, null, null, T0, T0.plusSeconds(1)),
                Map.of(), List.of(new IntegrityAudit.Stock(SKU, 2, 1)), null, "not asked");

        assertThat(result.lostMoves()).isEqualTo(1);
        assertThat(result.ok()).isFalse();
    }

    @Test
    void shouldFlagAMoveAnswered409ThatHappenedAnyway() {
        // given the API refused PAID for o1 (409), and o1 became PAID all the same
        publishLife("o1", 1, OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID);
        audit.sale(sale("o1", SaleKind.PAYMENT, 1500));

        IntegrityAudit.Result result = audit.verdict(new IntegrityAudit.Expectations(Set.of("o1"), Map.of(), null, null, null,
                        T0, T0.plusSeconds(1)).withRefusedMoves(Map.of("o1", Set.of(OrderStatus.PAID))),
                Map.of(), List.of(new IntegrityAudit.Stock(SKU, 2, 1)), null, "not asked");

        assertThat(result.movesRefusedButApplied()).isEqualTo(1);
        assertThat(result.ok()).isFalse();
    }

    // ---- hand-made records ---------------------------------------------------------------------------------

    private IntegrityAudit.Result verdict(Set<String> accepted, IntegrityAudit.Stock stock, Long analyticsCents) {
        IntegrityAudit.Expectations expect = new IntegrityAudit.Expectations(accepted, Map.of(),
                new IntegrityAudit.FlashSku(SKU, 2), null, null, T0, T0.plusSeconds(60));
        return audit.verdict(expect, Map.of(), List.of(stock), analyticsCents, analyticsCents == null ? "not asked" : "asked");
    }

    /** Publishes each step of an order's life, as the topology does at every change. */
    private void publishLife(String id, int quantity, OrderStatus... statuses) {
        life(id, quantity, statuses).forEach(s -> audit.orderState(id, s));
    }

    private static List<OrderState> life(String id, int quantity, OrderStatus... statuses) {
        List<OrderState> states = new ArrayList<>();
        for (int i = 1; i <= statuses.length; i++) {
            states.add(state(id, quantity, java.util.Arrays.copyOf(statuses, i)));
        }
        return states;
    }

    private static OrderState state(String id, int quantity, OrderStatus... history) {
        List<StatusChange> changes = new ArrayList<>();
        for (int i = 0; i < history.length; i++) {
            changes.add(StatusChange.newBuilder().setStatus(history[i]).setAt(T0.plusSeconds(i)).build());
        }
        return OrderState.newBuilder().setOrderId(id).setKind(OrderKind.ORDER).setCustomerId("c1").setChannel(Channel.WEB)
                .setStatus(history[history.length - 1])
                .setLines(List.of(OrderLine.newBuilder().setSku(SKU).setQuantity(quantity).setUnitPriceCents(1500).build()))
                .setTotalCents(1500L * quantity).setCreatedAt(T0).setUpdatedAt(T0.plusSeconds(history.length))
                .setHistory(changes).build();
    }

    private static OrderState withLine(OrderState state, String sku) {
        int quantity = state.getLines().get(0).getQuantity();
        state.setLines(List.of(OrderLine.newBuilder().setSku(sku).setQuantity(quantity).setUnitPriceCents(1500).build()));
        return state;
    }

    private static SaleEvent sale(String id, SaleKind kind, long cents) {
        return SaleEvent.newBuilder().setOrderId(id).setCustomerId("c1").setChannel(Channel.WEB).setKind(kind)
                .setLines(List.of()).setTotalCents(cents).setAt(T0.plusSeconds(30)).build();
    }
}
