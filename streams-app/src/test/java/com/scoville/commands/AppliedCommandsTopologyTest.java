package com.scoville.commands;

import com.scoville.ScovilleDriver;
import com.scoville.analytics.AnalyticsWindow;
import com.scoville.analytics.RatingsAggregator;
import com.scoville.avro.CommandOutcome;
import com.scoville.avro.Feedback;
import com.scoville.avro.OrderCommandType;
import com.scoville.avro.OrderStatus;
import com.scoville.avro.Product;
import com.scoville.avro.ProductType;
import com.scoville.avro.SalesTotals;
import com.scoville.catalog.CatalogUpdater;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.state.KeyValueStore;
import org.apache.kafka.streams.state.WindowStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.List;

import static com.scoville.ScovilleDriver.line;
import static org.assertj.core.api.Assertions.assertThat;

/** A client's command, replayed under its command id, changes nothing the second time, in every processor that applies one. */
class AppliedCommandsTopologyTest {
    private final ScovilleDriver scoville = new ScovilleDriver().withDemoCatalog();

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldAddARetriedRestockOnce() {
        // given
        int before = scoville.stock("GHOST-150").getOnHand();
        // when the same restock arrives twice
        scoville.restock("GHOST-150", 5, "cmd-r1", "h1");
        scoville.restock("GHOST-150", 5, "cmd-r1", "h1");
        // then it counts once, and both are answered with the one request that holds the id
        assertThat(scoville.stock("GHOST-150").getOnHand()).isEqualTo(before + 5);
        assertThat(scoville.outcomes()).extracting(CommandOutcome::getRequestHash, CommandOutcome::getApplied, CommandOutcome::getReplay)
                .containsExactly(org.assertj.core.groups.Tuple.tuple("h1", true, false), org.assertj.core.groups.Tuple.tuple("h1", true, true));
    }

    @Test
    void shouldIgnoreAnotherBodyUnderAnAppliedCommandIdAndNameTheFirst() {
        // given
        int before = scoville.stock("GHOST-150").getOnHand();
        scoville.restock("GHOST-150", 5, "cmd-r2", "h-five");
        // when another restock comes under the same command id
        scoville.restock("GHOST-150", 7, "cmd-r2", "h-seven");
        // then only the first is applied, and the outcome of the second names the first's fingerprint
        assertThat(scoville.stock("GHOST-150").getOnHand()).isEqualTo(before + 5);
        assertThat(scoville.outcomes()).last().satisfies(o -> {
            assertThat(o.getRequestHash()).isEqualTo("h-five");
            assertThat(o.getReplay()).isTrue();
        });
    }

    @Test
    void shouldApplyEveryCommandWithoutACommandIdAndAnswerNone() {
        // given
        int before = scoville.stock("VERDE-250").getOnHand();
        scoville.outcomes();
        // when the topology's own (or the seeder's) restocks arrive, which carry no id
        scoville.restock("VERDE-250", 3);
        scoville.restock("VERDE-250", 3);
        // then each counts
        assertThat(scoville.stock("VERDE-250").getOnHand()).isEqualTo(before + 6);
        assertThat(scoville.outcomes()).isEmpty();
    }

    @Test
    void shouldNotSubscribeAgainWhenASubscriptionIsRetriedAfterItsNotification() {
        // given a subscription that has been notified, which ends it
        scoville.subscribe("REAPER-100", "fan-1", "cmd-s1", "hs");
        scoville.restock("REAPER-100", 1);
        assertThat(scoville.notifications()).hasSize(1);
        // when the subscription is retried and stock comes again
        scoville.subscribe("REAPER-100", "fan-1", "cmd-s1", "hs");
        scoville.restock("REAPER-100", 1);
        // then nobody is told twice
        assertThat(scoville.notifications()).isEmpty();
    }

    @Test
    void shouldPayOnceWhenAPaymentIsRetriedAndRefuseAnotherMoveUnderItsId() {
        // given a reserved order
        scoville.place("o-pay", line("GHOST-150", 1));
        scoville.outcomes();
        // when it is paid, the payment retried, and the same key then used to cancel
        scoville.command("o-pay", OrderCommandType.PAY, "cmd-m1", "h-pay");
        scoville.command("o-pay", OrderCommandType.PAY, "cmd-m1", "h-pay");
        scoville.command("o-pay", OrderCommandType.CANCEL, "cmd-m1", "h-cancel");
        // then it is paid once, one sale counted, never cancelled
        assertThat(scoville.order("o-pay").getStatus()).isEqualTo(OrderStatus.PAID);
        assertThat(scoville.order("o-pay").getHistory()).extracting(h -> h.getStatus())
                .containsExactly(OrderStatus.PENDING, OrderStatus.RESERVED, OrderStatus.PAID);
        assertThat(scoville.sales()).hasSize(1);
        assertThat(scoville.outcomes()).extracting(CommandOutcome::getRequestHash).containsExactly("h-pay", "h-pay", "h-pay");
    }

    @Test
    void shouldRememberThatAMoveTheOrderCouldNotMakeChangedNothing() {
        // given a reserved order
        scoville.place("o-ship", line("GHOST-150", 1));
        scoville.outcomes();
        // when it is asked to ship before payment, twice
        scoville.command("o-ship", OrderCommandType.SHIP, "cmd-m2", "h-ship");
        scoville.command("o-ship", OrderCommandType.SHIP, "cmd-m2", "h-ship");
        // then both outcomes say the command changed nothing
        assertThat(scoville.order("o-ship").getStatus()).isEqualTo(OrderStatus.RESERVED);
        assertThat(scoville.outcomes()).extracting(CommandOutcome::getApplied, CommandOutcome::getReplay)
                .containsExactly(org.assertj.core.groups.Tuple.tuple(false, false), org.assertj.core.groups.Tuple.tuple(false, true));
    }

    @Test
    void shouldKeepAHoldsRequestHashAndReleaseItOnce() {
        // given a hold placed with its request's fingerprint
        int reservedBefore = scoville.stock("SCORPION-100").getReserved();
        scoville.placeHold("hold-1", "h-hold", 600, line("SCORPION-100", 2));
        assertThat(scoville.order("hold-1").getRequestHash()).isEqualTo("h-hold");
        // when it is released, and the release retried
        scoville.command("hold-1", OrderCommandType.CANCEL, "cmd-rel", "h-rel");
        scoville.command("hold-1", OrderCommandType.CANCEL, "cmd-rel", "h-rel");
        // then the stock is back once
        assertThat(scoville.order("hold-1").getStatus()).isEqualTo(OrderStatus.CANCELLED);
        assertThat(scoville.stock("SCORPION-100").getReserved()).isEqualTo(reservedBefore);
        assertThat(scoville.outcomes()).extracting(CommandOutcome::getApplied).containsExactly(true, true);
    }

    @Test
    void shouldNotLetALateRetryOfAnOldProductChangeUndoANewerOne() {
        // given two changes of a product under two keys
        TestOutputTopic<String, Product> products = scoville.output(scoville.topics.products);
        scoville.productCommand(sauce("NEW-1", 1000, "cmd-p1", "h-a"));
        scoville.productCommand(sauce("NEW-1", 1200, "cmd-p2", "h-b"));
        // when the first is retried, with its body or another
        scoville.productCommand(sauce("NEW-1", 1000, "cmd-p1", "h-a"));
        scoville.productCommand(sauce("NEW-1", 900, "cmd-p1", "h-c"));
        // then the catalog keeps the newer change, and 'products' got each change once
        KeyValueStore<String, Product> catalog = scoville.driver.getKeyValueStore(CatalogUpdater.STORE);
        assertThat(catalog.get("NEW-1").getPriceCents()).isEqualTo(1200);
        assertThat(products.readValuesToList()).extracting(Product::getPriceCents).containsExactly(1000L, 1200L);
    }

    @Test
    void shouldCountARetriedRatingOnce() {
        // given
        Feedback rating = Feedback.newBuilder().setCustomerId("c1").setSku("GHOST-150").setTaste(5).setHeat(4)
                .setAt(scoville.now()).setCommandId("cmd-f1").setRequestHash("h-f").build();
        // when the rating arrives twice
        scoville.rate(rating);
        scoville.rate(rating);
        // then it counts once
        WindowStore<String, SalesTotals> day = scoville.driver.getWindowStore(AnalyticsWindow.DAY.store(RatingsAggregator.FAMILY));
        SalesTotals totals = day.fetch("PRODUCT|GHOST-150", AnalyticsWindow.DAY.startOf(scoville.now()).toEpochMilli());
        assertThat(totals.getRatings()).isEqualTo(1);
        assertThat(totals.getTasteSum()).isEqualTo(5);
    }

    @Test
    void shouldRememberACommandIdForADayAndThenForgetIt() {
        // given a restock applied
        int before = scoville.stock("GHOST-250").getOnHand();
        scoville.restock("GHOST-250", 5, "cmd-old", "h");
        // when it is retried 23 hours later
        scoville.advance(Duration.ofHours(23));
        scoville.restock("GHOST-250", 5, "cmd-old", "h");
        // then it is still known
        assertThat(scoville.stock("GHOST-250").getOnHand()).isEqualTo(before + 5);

        // when two more days pass (other restocks move the store's time) and it comes again
        scoville.advance(Duration.ofDays(2));
        scoville.restock("GHOST-250", 1, "cmd-new", "h");
        scoville.restock("GHOST-250", 5, "cmd-old", "h");
        // then the memory is bounded: the id is forgotten and applied anew
        assertThat(scoville.stock("GHOST-250").getOnHand()).isEqualTo(before + 5 + 1 + 5);
    }

    private static Product sauce(String sku, long priceCents, String commandId, String requestHash) {
        return Product.newBuilder().setSku(sku).setName("New sauce").setType(ProductType.SAUCE).setHeatLevel(5)
                .setSizeMl(100).setPriceCents(priceCents).setWholesalePriceCents(priceCents / 2)
                .setComponents(List.of()).setUpdatedAt(ScovilleDriver.START)
                .setCommandId(commandId).setRequestHash(requestHash).build();
    }
}
