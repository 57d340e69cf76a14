package com.scoville.inventory;

import com.scoville.ScovilleDriver;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.AuditOutcome;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderState;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.RejectCode;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockEvent;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static com.scoville.ScovilleDriver.line;
import static com.scoville.ScovilleDriver.order;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

/** Orders of one SKU, decided where the SKU's stock lives: one input record, one transaction. */
class OneHopReservationTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestOutputTopic<String, OrderState> status = scoville.output(scoville.topics.orderStatus);
    private final TestOutputTopic<String, StockCommand> stockCommands = scoville.output(scoville.topics.stockCommands);
    private final TestOutputTopic<String, StockEvent> stockEvents = scoville.output(scoville.topics.stockEvents);
    private final TestOutputTopic<String, Order> sagaRequests = scoville.output(scoville.topics.orderRequests);

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldDecideAnOrderOfOneSkuFromOneRecordWithNoStockCommandOrAnswer() {
        // when
        OrderState state = scoville.place("o1", line("GHOST-150", 2));
        // then one status record carries the decision, and nothing crossed to another partition
        assertThat(status.readValuesToList()).singleElement().satisfies(s -> {
            assertThat(s.getStatus()).isEqualTo(OrderStatus.RESERVED);
            assertThat(s.getHistory()).extracting(h -> h.getStatus()).containsExactly(OrderStatus.PENDING, OrderStatus.RESERVED);
            assertThat(s.getExpiresAt()).isEqualTo(scoville.now().plus(ScovilleDriver.TTL));
        });
        assertThat(stockCommands.isEmpty()).isTrue();
        assertThat(stockEvents.isEmpty()).isTrue();
        assertThat(sagaRequests.isEmpty()).isTrue();
        // and the order processor follows the decision for reads
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(state.getTotalCents()).isEqualTo(2 * 1299);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(2);
    }

    @Test
    void shouldRejectAnOrderOfOneSkuWhenItsStockIsShortAndRememberTheRefusal() {
        // given
        scoville.place("big", line("REAPER-100", 120));
        // when
        OrderState state = scoville.place("o2", line("REAPER-100", 1));
        scoville.restock("REAPER-100", 5);
        scoville.place(order("o2", Channel.WEB, line("REAPER-100", 1))); // the same order again, now that stock is back
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.OUT_OF_STOCK);
        assertThat(state.getRejectReason().getShortages()).singleElement()
                .satisfies(s -> assertThat(s.getAvailable()).isZero());
        assertThat(scoville.order("o2").getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(scoville.stock("REAPER-100").getReserved()).isEqualTo(120);
    }

    @Test
    void shouldRejectAPartnersOrderInAnotherCurrencyThanItsPricesWithoutHoldingStock() {
        // given
        Order euros = order("eur", Channel.WHOLESALE, line("GHOST-150", 1));
        euros.setCurrency("EUR");
        // when
        OrderState state = scoville.place(euros);
        // then
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getCode()).isEqualTo(RejectCode.INVALID);
        assertThat(state.getRejectReason().getMessage()).contains("currency");
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
    }

    @Test
    void shouldPublishNothingWhenAnOrderRefusedForStockComesAgainAfterARestock() {
        // given an order of two SKUs refused because one is short
        scoville.place("refused", line("GHOST-150", 1), line("REAPER-100", 121));
        status.readValuesToList();
        // when stock comes back and the same order comes again (a partner's resend)
        scoville.restock("REAPER-100", 10);
        scoville.place("refused", line("GHOST-150", 1), line("REAPER-100", 121));
        // then the refusal stands: nothing is reserved, published or given back
        assertThat(status.isEmpty()).isTrue();
        assertThat(stockCommands.isEmpty()).isTrue();
        assertThat(scoville.order("refused").getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
        assertThat(scoville.stock("REAPER-100").getReserved()).isZero();
    }

    @Test
    void shouldDecideAnOrderOfSeveralSkusInOneHopWhenAllItsStockIsInOnePartition() {
        // when (the driver has one partition: every SKU lives in it)
        OrderState two = scoville.place("two", line("GHOST-150", 1), line("VERDE-250", 1));
        OrderState bundle = scoville.place(order("bundle", Channel.WEB, line(bundleSku(), 1)));
        // then
        assertThat(two.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(two.getHolds()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("GHOST-150", 1, "VERDE-250", 1));
        assertThat(bundle.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(bundle.getHolds()).doesNotContainKey(bundleSku()).hasSize(3);
        assertThat(stockCommands.isEmpty()).isTrue();
        assertThat(sagaRequests.isEmpty()).isTrue();
    }

    @Test
    void shouldRejectAnOrderOfSeveralSkusWholeWhenOneIsShort() {
        // when
        OrderState state = scoville.place("greedy", line("GHOST-150", 1), line("REAPER-100", 121));
        // then nothing is held, and the short SKU is named
        assertThat(state.getStatus()).isEqualTo(OrderStatus.REJECTED);
        assertThat(state.getRejectReason().getSkus()).containsExactly("REAPER-100");
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
        assertThat(scoville.stock("REAPER-100").getReserved()).isZero();
    }

    @Test
    void shouldSendAnOrderThatTakesOverAHoldToTheSaga() {
        // given
        scoville.placeHold("h1", 600, line("GHOST-150", 2));
        Order taker = order("taker", Channel.WEB, line("GHOST-150", 2));
        taker.setReservationId("h1");
        // when
        OrderState state = scoville.place(taker);
        // then
        assertThat(sagaRequests.readKeyValuesToList()).extracting(kv -> kv.key).containsExactly("taker");
        assertThat(state.getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(2);
    }

    @Test
    void shouldGiveBackTheStockOfASecondDecisionForAKnownOrderId() {
        // given an order, and then another body with the same id on another SKU
        scoville.place("same", line("GHOST-150", 1));
        // when
        scoville.place("same", line("VERDE-250", 3));
        // then the first stands and the second's stock is back
        assertThat(scoville.order("same").getLines()).extracting(l -> l.getSku()).containsExactly("GHOST-150");
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(1);
        assertThat(scoville.stock("VERDE-250").getReserved()).isZero();
        List<OrderState> published = status.readValuesToList();
        assertThat(published.get(published.size() - 1).getLines()).extracting(l -> l.getSku()).containsExactly("GHOST-150");
    }

    @Test
    void shouldAuditTheGivingBackOfASecondBodysStock() {
        // given an order, and then another body with the same id on another SKU
        TestOutputTopic<String, AuditEntry> audit = scoville.output(scoville.topics.audit);
        audit.readValuesToList(); // the demo catalog's restocks
        scoville.place("same", line("GHOST-150", 1));
        // when
        scoville.place("same", line("VERDE-250", 3));
        // then both one-hop decisions were recorded as applied, and the second is recorded as undone
        List<AuditEntry> entries = audit.readValuesToList();
        assertThat(entries).extracting(AuditEntry::getAction, AuditEntry::getTarget, AuditEntry::getOutcome).containsExactly(
                tuple("order.place", "same", AuditOutcome.APPLIED), tuple("order.place", "same", AuditOutcome.APPLIED),
                tuple("order.place", "same", AuditOutcome.REFUSED));
        assertThat(entries.get(2).getDetail()).isEqualTo("a second body under this order id: its stock given back, the first decision stands");
    }

    @Test
    void shouldGiveBackTheStockOfAOneHopDecisionForAnIdTheSagaAlreadyDecided() {
        // given a saga order (it names a hold, which does not exist, so it reserves the usual way)
        Order first = order("twice", Channel.WEB, line("GHOST-150", 4));
        first.setReservationId("no-such-hold");
        scoville.place(first);
        // when the same id comes again with one SKU
        scoville.place("twice", line("VERDE-250", 1));
        // then
        assertThat(scoville.order("twice").getLines()).extracting(l -> l.getSku()).containsExactly("GHOST-150");
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(4);
        assertThat(scoville.stock("VERDE-250").getReserved()).isZero();
    }

    @Test
    void shouldGiveBackTheStockOfAOneHopDecisionForAnIdThatTookOverAHoldOfTheSameSku() {
        // given an order that took over a hold (it holds the hold's stock, kept under the hold's id)
        scoville.placeHold("h-taken", 600, line("GHOST-150", 1));
        Order taker = order("taker-twice", Channel.WEB, line("GHOST-150", 1));
        taker.setReservationId("h-taken");
        scoville.place(taker);
        // when the same order id comes again with another body on the same SKU
        scoville.place("taker-twice", line("GHOST-150", 3));
        // then only the hold's unit stays reserved
        assertThat(scoville.order("taker-twice").getLines()).singleElement().satisfies(l -> assertThat(l.getQuantity()).isEqualTo(1));
        assertThat(scoville.stock("GHOST-150").getReserved()).isEqualTo(1);
    }

    @Test
    void shouldApplyAMoveThatArrivesBeforeTheDecisionItFollows() {
        // given a PAY that reaches the order processor before the order's decision does (the client saw the
        // decision on order-status first)
        scoville.command("early", OrderCommandType.PAY);
        // when
        scoville.place("early", line("GHOST-150", 1));
        // then
        assertThat(scoville.order("early").getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(scoville.sales()).singleElement().satisfies(s -> assertThat(s.getTotalCents()).isEqualTo(1299));
    }

    @Test
    void shouldTellTheOutcomeOfAParkedMoveOnlyWhenItIsApplied() {
        // given a client's PAY (with its command id) that arrives before the decision
        TestOutputTopic<String, com.scoville.avro.CommandOutcome> outcomes = scoville.output(scoville.topics.commandOutcomes);
        TestInputTopic<String, com.scoville.avro.OrderCommand> commands = scoville.driver.createInputTopic(
                scoville.topics.orderCommands.name(), scoville.topics.orderCommands.keySerde().serializer(),
                scoville.topics.orderCommands.valueSerde().serializer());
        commands.pipeInput("waiting", com.scoville.avro.OrderCommand.newBuilder().setOrderId("waiting")
                .setType(OrderCommandType.PAY).setAt(scoville.now()).setCommandId("pay-1").setRequestHash("h").build());
        assertThat(outcomes.isEmpty()).isTrue();
        // when the decision arrives
        scoville.place("waiting", line("GHOST-150", 1));
        // then the move is applied and its outcome told once
        assertThat(scoville.order("waiting").getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(outcomes.readValuesToList()).singleElement().satisfies(o -> {
            assertThat(o.getCommandId()).isEqualTo("pay-1");
            assertThat(o.getApplied()).isTrue();
        });
    }

    @Test
    void shouldReleaseTheStockOfAnOrderDecidedInOneHopWhenItIsCancelledOrExpires() {
        // given
        scoville.place("c", line("GHOST-150", 2));
        scoville.place("e", line("GHOST-150", 3));
        // when
        scoville.command("c", OrderCommandType.CANCEL);
        scoville.advance(ScovilleDriver.TTL.plusSeconds(2));
        // then
        assertThat(scoville.order("c").getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(scoville.order("e").getStatus()).isEqualTo(OrderStatus.EXPIRED);
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
    }

    @Test
    void shouldTakeShippedUnitsOffTheShelf() {
        // given
        int before = scoville.stock("GHOST-150").getOnHand();
        scoville.place("s", line("GHOST-150", 2));
        // when
        scoville.command("s", OrderCommandType.PAY);
        scoville.command("s", OrderCommandType.SHIP);
        // then
        assertThat(scoville.stock("GHOST-150").getOnHand()).isEqualTo(before - 2);
        assertThat(scoville.stock("GHOST-150").getReserved()).isZero();
    }

    private String bundleSku() {
        return com.scoville.devstack.DemoCatalog.products(ScovilleDriver.START).stream()
                .filter(p -> p.getType() == com.scoville.avro.ProductType.BUNDLE).findFirst().orElseThrow().getSku();
    }
}
