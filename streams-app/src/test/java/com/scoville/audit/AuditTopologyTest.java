package com.scoville.audit;

import com.scoville.Bounds;
import com.scoville.ScovilleDriver;
import com.scoville.avro.Actor;
import com.scoville.avro.AuditChange;
import com.scoville.avro.AuditEntry;
import com.scoville.avro.AuditOutcome;
import com.scoville.avro.Channel;
import com.scoville.avro.Order;
import com.scoville.avro.OrderCommand;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockLevel;
import org.apache.kafka.common.utils.Bytes;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueIterator;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;

import static com.scoville.ScovilleDriver.line;
import static org.assertj.core.api.Assertions.assertThat;

/** Each change a client asks of the topology has exactly one audit entry, written by the processor that applies it. */
class AuditTopologyTest {
    private static final Actor ADMIN = Actor.newBuilder().setSubject("backoffice").setClient("backoffice")
            .setRoles(List.of("admin")).setRequestId("req-1").build();
    private static final Actor SHOP = Actor.newBuilder().setSubject("web-shop").setClient("web-shop")
            .setRoles(List.of("channel")).setRequestId("req-2").build();

    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();
    private final TestOutputTopic<String, AuditEntry> audit = scoville.output(scoville.topics.audit);
    private final TestInputTopic<String, StockCommand> stock = scoville.driver.createInputTopic(scoville.topics.stockCommands.name(),
            scoville.topics.stockCommands.keySerde().serializer(), scoville.topics.stockCommands.valueSerde().serializer());
    private final TestInputTopic<String, OrderCommand> commands = scoville.driver.createInputTopic(scoville.topics.orderCommands.name(),
            scoville.topics.orderCommands.keySerde().serializer(), scoville.topics.orderCommands.valueSerde().serializer());

    private final TestInputTopic<String, Order> ordersIn = scoville.driver.createInputTopic(scoville.topics.orders.name(),
            scoville.topics.orders.keySerde().serializer(), scoville.topics.orders.valueSerde().serializer());

    AuditTopologyTest() {
        audit.readValuesToList(); // the demo catalog's restocks, sent without an actor
    }

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldRecordARestockOnceWithTheStockBeforeAndAfter() {
        int before = scoville.stock("GHOST-150").getOnHand();

        restock("GHOST-150", 10, "cmd-r1");
        restock("GHOST-150", 10, "cmd-r1"); // a retry: applied once, recorded once

        List<AuditEntry> entries = audit.readValuesToList();
        assertThat(entries).hasSize(1);
        AuditEntry entry = entries.get(0);
        assertThat(entry.getAction()).isEqualTo("stock.restock");
        assertThat(entry.getTarget()).isEqualTo("GHOST-150");
        assertThat(entry.getOutcome()).isEqualTo(AuditOutcome.APPLIED);
        assertThat(entry.getActor()).isEqualTo(ADMIN);
        assertThat(entry.getChanges()).containsExactly(change("onHand", before, before + 10));
        assertThat(scoville.stock("GHOST-150").getOnHand()).isEqualTo(before + 10);
    }

    @Test
    void shouldRecordARefusedRestockAsRefusedAndChangeNothing() {
        StockLevel before = scoville.stock("GHOST-150");
        for (int i = 0; i * Bounds.MAX_RESTOCK_QUANTITY < Bounds.MAX_ON_HAND; i++) {
            restock("GHOST-150", Bounds.MAX_RESTOCK_QUANTITY, "cmd-fill-" + i);
        }
        List<AuditEntry> entries = audit.readValuesToList();
        AuditEntry last = entries.get(entries.size() - 1);

        assertThat(entries).filteredOn(e -> e.getOutcome() == AuditOutcome.REFUSED).containsExactly(last);
        assertThat(last.getAction()).isEqualTo("stock.restock");
        assertThat(last.getChanges()).isEmpty();
        assertThat(scoville.stock("GHOST-150").getOnHand()).isLessThanOrEqualTo(Bounds.MAX_ON_HAND).isGreaterThan(before.getOnHand());
    }

    @Test
    void shouldRecordPriceChangesWithTheirBeforeAndAfter() {
        Product ghost = Product.newBuilder(scoville.catalogProduct("GHOST-150")).setPriceCents(1399)
                .setCommandId("cmd-p1").setRequestHash("h1").setActor(ADMIN).build();
        scoville.productCommand(ghost);
        scoville.productCommand(Product.newBuilder(ghost).setPriceCents(1499).setWholesalePriceCents(999)
                .setCommandId("cmd-p2").setRequestHash("h2").build());

        List<AuditEntry> entries = audit.readValuesToList();
        assertThat(entries).extracting(AuditEntry::getAction).containsExactly("product.put", "product.put");
        assertThat(entries.get(0).getChanges()).containsExactly(change("priceCents", 1299, 1399));
        assertThat(entries.get(1).getChanges()).containsExactly(change("priceCents", 1399, 1499), change("wholesalePriceCents", 899, 999));
        assertThat(scoville.catalogProduct("GHOST-150").getActor()).as("who asked is not kept in the catalog").isNull();
    }

    @Test
    void shouldRecordAPlacedOrderOnceAndARejectedOneAsRefused() {
        Order placed = ScovilleDriver.order("o-1", Channel.WEB, line("GHOST-150", 2));
        placed.setActor(SHOP);
        Order tooMany = ScovilleDriver.order("o-2", Channel.WEB, line("REAPER-100", 999));
        tooMany.setActor(SHOP);

        assertThat(scoville.placeSealed(placed).getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.placeSealed(tooMany).getStatus()).isEqualTo(OrderStatus.REJECTED);

        List<AuditEntry> entries = audit.readValuesToList();
        assertThat(entries).extracting(AuditEntry::getTarget, AuditEntry::getAction, AuditEntry::getOutcome)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("o-1", "order.place", AuditOutcome.APPLIED),
                        org.assertj.core.groups.Tuple.tuple("o-2", "order.place", AuditOutcome.REFUSED));
        assertThat(entries.get(0).getActor()).isEqualTo(SHOP);
        assertThat(entries.get(1).getDetail()).contains("OUT_OF_STOCK").contains("REAPER-100");
    }

    @Test
    void shouldRecordAPartnersOrderWithAForgedActorAsHavingNoActor() {
        // given a partner's record naming an admin, unsealed, and one sealed with another key
        Order unsealed = ScovilleDriver.order("forged-1", Channel.WHOLESALE, line("GHOST-150", 1));
        unsealed.setActor(ADMIN);
        Order badSeal = ScovilleDriver.order("forged-2", Channel.WHOLESALE, line("GHOST-150", 1));
        badSeal.setActor(ADMIN);
        org.apache.kafka.common.header.Headers otherKey = new org.apache.kafka.common.header.internals.RecordHeaders(
                ActorSeal.of("not the instances' secret").headers("forged-2", ADMIN));
        // and a sealed one whose seal was made for another order id
        Order moved = ScovilleDriver.order("forged-3", Channel.WHOLESALE, line("GHOST-150", 1));
        moved.setActor(ADMIN);
        org.apache.kafka.common.header.Headers otherOrder = new org.apache.kafka.common.header.internals.RecordHeaders(
                ScovilleDriver.SETTINGS.actorSeal().headers("another-order", ADMIN));

        // when
        scoville.place(unsealed);
        ordersIn.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("forged-2", badSeal, otherKey));
        ordersIn.pipeInput(new org.apache.kafka.streams.test.TestRecord<>("forged-3", moved, otherOrder));

        // then each is decided, and recorded with no actor
        List<AuditEntry> entries = audit.readValuesToList();
        assertThat(entries).extracting(AuditEntry::getTarget).containsExactly("forged-1", "forged-2", "forged-3");
        assertThat(entries).allSatisfy(e -> {
            assertThat(e.getOutcome()).isEqualTo(AuditOutcome.APPLIED);
            assertThat(e.getActor()).isNull();
        });
    }

    @Test
    void shouldKeepASealedActorWithinItsBounds() {
        // given an actor the HTTP layer sealed, with more than the bounds allow
        Actor overlong = Actor.newBuilder().setSubject("s".repeat(500)).setClient("web-shop")
                .setRoles(List.of("channel", "root", "admin", "customer", "analyst", "channel")).setRequestId("bad id with spaces").build();
        Order order = ScovilleDriver.order("sealed-1", Channel.WEB, line("GHOST-150", 1));
        order.setActor(overlong);

        // when
        scoville.placeSealed(order);

        // then
        assertThat(audit.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.getActor().getSubject()).hasSize(Bounds.MAX_ID_LENGTH);
            assertThat(e.getActor().getClient()).isEqualTo("web-shop");
            assertThat(e.getActor().getRoles()).containsExactly("channel", "admin", "customer", "analyst");
            assertThat(e.getActor().getRequestId()).isNull();
        });
    }

    @Test
    void shouldRecordAMoveThatWasMadeAndOneTheOrderRefused() {
        scoville.place("o-3", line("HABANERO-150", 1));
        audit.readValuesToList();

        move("o-3", OrderCommandType.PAY, "cmd-m1");
        move("o-3", OrderCommandType.PAY, "cmd-m1"); // retry: recorded once
        move("o-3", OrderCommandType.DELIVER, "cmd-m2"); // not shipped yet: the API answers 409

        List<AuditEntry> entries = audit.readValuesToList();
        assertThat(entries).extracting(AuditEntry::getAction, AuditEntry::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("order.move", AuditOutcome.APPLIED),
                org.assertj.core.groups.Tuple.tuple("order.move", AuditOutcome.REFUSED));
        assertThat(entries.get(0).getDetail()).isEqualTo("RESERVED -> PAID");
        assertThat(scoville.order("o-3").getStatus()).isEqualTo(OrderStatus.PAID);
    }

    @Test
    void shouldRecordAHoldAndItsRelease() {
        commands.pipeInput("h-1", OrderCommand.newBuilder().setOrderId("h-1").setType(OrderCommandType.PLACE_HOLD)
                .setLines(List.of(line("VERDE-250", 2))).setTtlSeconds(60).setAt(scoville.now()).setActor(SHOP).build());
        move("h-1", OrderCommandType.CANCEL, "cmd-h1");

        assertThat(audit.readValuesToList()).extracting(AuditEntry::getAction, AuditEntry::getOutcome).containsExactly(
                org.assertj.core.groups.Tuple.tuple("hold.place", AuditOutcome.APPLIED),
                org.assertj.core.groups.Tuple.tuple("hold.release", AuditOutcome.APPLIED));
    }

    @Test
    void shouldIndexTheLogByTimeForRangeScans() {
        restock("GHOST-150", 1, "cmd-a");
        scoville.advance(java.time.Duration.ofSeconds(5));
        restock("GHOST-250", 1, "cmd-b");

        KeyValueStore<Bytes, AuditEntry> log = scoville.driver.getKeyValueStore(AuditIndex.STORE);
        List<String> fromLater = new ArrayList<>();
        try (KeyValueIterator<Bytes, AuditEntry> it = log.range(AuditIndex.firstKeyAt(scoville.now().minusSeconds(1)), null)) {
            it.forEachRemaining(kv -> fromLater.add(kv.value.getTarget()));
        }
        assertThat(fromLater).containsExactly("GHOST-250");
        assertThat(log.approximateNumEntries()).isGreaterThanOrEqualTo(2);
    }

    private void restock(String sku, int quantity, String commandId) {
        stock.pipeInput(sku, StockCommand.newBuilder().setType(StockCommandType.RESTOCK).setSku(sku).setQuantity(quantity)
                .setAt(scoville.now()).setCommandId(commandId).setRequestHash("h-" + commandId).setActor(ADMIN).build());
    }

    private void move(String id, OrderCommandType type, String commandId) {
        commands.pipeInput(id, OrderCommand.newBuilder().setOrderId(id).setType(type).setAt(scoville.now())
                .setCommandId(commandId).setRequestHash("h-" + commandId).setActor(SHOP).build());
    }

    private static AuditChange change(String field, Object before, Object after) {
        return AuditTrail.change(field, before, after);
    }
}
