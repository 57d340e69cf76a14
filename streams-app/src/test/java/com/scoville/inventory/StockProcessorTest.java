package com.scoville.inventory;

import com.scoville.ScovilleDriver;
import com.scoville.Bounds;
import com.scoville.ScovilleTopology;

import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockEvent;
import com.scoville.avro.StockEventType;
import com.scoville.avro.StockLevel;
import com.scoville.inventory.StockProcessor;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.apache.kafka.streams.Topology;
import org.apache.kafka.streams.state.KeyValueStore;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/** The stock processor alone: commands in on stock-commands, answers out on stock-events. */
class StockProcessorTest {
    private final ScovilleDriver scoville = new ScovilleDriver(StockProcessorTest::inventoryOnly);
    private final TestInputTopic<String, StockCommand> commands = scoville.driver.createInputTopic(scoville.topics.stockCommands.name(),
            scoville.topics.stockCommands.keySerde().serializer(), scoville.topics.stockCommands.valueSerde().serializer());
    private final TestOutputTopic<String, StockEvent> events = scoville.driver.createOutputTopic(scoville.topics.stockEvents.name(),
            scoville.topics.stockEvents.keySerde().deserializer(), scoville.topics.stockEvents.valueSerde().deserializer());

    private static Topology inventoryOnly(com.scoville.kafka.Topics topics) {
        Topology topology = new Topology();
        ScovilleTopology.catalog(topology, topics);
        ScovilleTopology.inventory(topology, topics, ScovilleDriver.SETTINGS);
        return topology;
    }

    @AfterEach
    void close() {
        scoville.close();
    }

    private void send(StockCommandType type, String owner, int quantity) {
        commands.pipeInput("HOT", StockCommand.newBuilder().setType(type).setSku("HOT").setOwnerId(owner)
                .setQuantity(quantity).setAt(ScovilleDriver.START).build());
    }

    private StockLevel level() {
        KeyValueStore<String, StockLevel> store = scoville.driver.getKeyValueStore(StockProcessor.LEVELS_STORE);
        return store.get("HOT");
    }

    @Test
    void shouldReserveWhileStockLastsAndAnswerShortAfter() {
        send(StockCommandType.RESTOCK, null, 3);
        send(StockCommandType.RESERVE, "a", 2);
        send(StockCommandType.RESERVE, "b", 2);
        send(StockCommandType.RESERVE, "c", 1);
        List<StockEvent> answers = events.readValuesToList();
        assertThat(answers).extracting(StockEvent::getOwnerId, StockEvent::getType).containsExactly(
                org.assertj.core.groups.Tuple.tuple("a", StockEventType.RESERVED),
                org.assertj.core.groups.Tuple.tuple("b", StockEventType.SHORT),
                org.assertj.core.groups.Tuple.tuple("c", StockEventType.RESERVED));
        assertThat(answers.get(1).getAvailable()).isEqualTo(1);
        assertThat(level().getReserved()).isEqualTo(3);
        assertThat(level().getOnHand()).isEqualTo(3);
    }

    @Test
    void shouldAnswerAReplayedReserveWithoutReservingTwice() {
        send(StockCommandType.RESTOCK, null, 5);
        send(StockCommandType.RESERVE, "a", 2);
        send(StockCommandType.RESERVE, "a", 2);
        assertThat(events.readValuesToList()).extracting(StockEvent::getType).containsExactly(StockEventType.RESERVED, StockEventType.RESERVED);
        assertThat(level().getReserved()).isEqualTo(2);
    }

    @Test
    void shouldReleaseAndCommitOnlyWhatAnOwnerHoldsAndOnlyOnce() {
        send(StockCommandType.RESTOCK, null, 5);
        send(StockCommandType.RESERVE, "a", 2);
        send(StockCommandType.RESERVE, "b", 1);
        send(StockCommandType.RELEASE, "a", 2);
        send(StockCommandType.RELEASE, "a", 2);
        send(StockCommandType.COMMIT, "b", 1);
        send(StockCommandType.COMMIT, "b", 1);
        send(StockCommandType.RELEASE, "nobody", 4);
        assertThat(level().getReserved()).isZero();
        assertThat(level().getOnHand()).isEqualTo(4);
        assertThat(events.readValuesToList()).extracting(StockEvent::getType).containsExactly(
                StockEventType.RESERVED, StockEventType.RESERVED, StockEventType.RELEASED, StockEventType.COMMITTED);
    }

    @Test
    void shouldRefuseRestocksThatWouldTakeTheShelfPastItsBoundInsteadOfOverflowing() {
        // given repeated large restocks, more in all than an int holds (2 148 x 1 000 000 > 2^31 - 1)
        for (int i = 0; i < 2_148; i++) {
            send(StockCommandType.RESTOCK, null, Bounds.MAX_RESTOCK_QUANTITY);
        }

        // then the shelf stops at its bound and still takes reservations
        assertThat(level().getOnHand()).isEqualTo(Bounds.MAX_ON_HAND);
        send(StockCommandType.RESERVE, "a", 5);
        assertThat(events.readValuesToList()).extracting(StockEvent::getType).containsExactly(StockEventType.RESERVED);
        assertThat(level().getReserved()).isEqualTo(5);
    }

    @Test
    void shouldRefuseARestockLargerThanTheBoundOrNotPositive() {
        send(StockCommandType.RESTOCK, null, 7);
        send(StockCommandType.RESTOCK, null, Bounds.MAX_RESTOCK_QUANTITY + 1);
        send(StockCommandType.RESTOCK, null, Integer.MAX_VALUE);
        send(StockCommandType.RESTOCK, null, -3);
        assertThat(level().getOnHand()).isEqualTo(7);
    }

    @Test
    void shouldRefuseAReservationOfNothingOrOfAnUnknownSku() {
        send(StockCommandType.RESERVE, "a", 1);
        send(StockCommandType.RESTOCK, null, 1);
        send(StockCommandType.RESERVE, "b", 0);
        assertThat(events.readValuesToList()).extracting(StockEvent::getType).containsExactly(StockEventType.SHORT, StockEventType.SHORT);
        assertThat(level().getReserved()).isZero();
    }
}
