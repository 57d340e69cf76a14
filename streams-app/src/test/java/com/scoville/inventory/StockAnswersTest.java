package com.scoville.inventory;

import com.scoville.ScovilleDriver;
import com.scoville.avro.StockCommand;
import com.scoville.avro.StockCommandType;
import com.scoville.avro.StockEvent;
import com.scoville.avro.StockEventType;
import org.apache.kafka.streams.TestInputTopic;
import org.apache.kafka.streams.TestOutputTopic;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.groups.Tuple.tuple;

/** What the stock processor answers on 'stock-events' to the saga's commands, and whom it tells of a restock. */
class StockAnswersTest {
    private final ScovilleDriver scoville = new ScovilleDriver();
    private final TestInputTopic<String, StockCommand> commands = scoville.driver.createInputTopic(
            scoville.topics.stockCommands.name(), scoville.topics.stockCommands.keySerde().serializer(),
            scoville.topics.stockCommands.valueSerde().serializer());
    private final TestOutputTopic<String, StockEvent> events = scoville.output(scoville.topics.stockEvents);

    @AfterEach
    void close() {
        scoville.close();
    }

    @Test
    void shouldTellWhatIsLeftOnTheShelfWithEveryReservation() {
        // given
        scoville.restock("HOT", 5);
        // when
        send(StockCommandType.RESERVE, "a", 2);
        send(StockCommandType.RESERVE, "b", 1);
        // then
        assertThat(events.readValuesToList()).extracting(StockEvent::getOwnerId, StockEvent::getQuantity, StockEvent::getAvailable)
                .containsExactly(tuple("a", 2, 3), tuple("b", 1, 2));
    }

    @Test
    void shouldAnswerShortWithTheQuantityAskedForAndWhatIsFree() {
        // given
        scoville.restock("HOT", 1);
        // when
        send(StockCommandType.RESERVE, "a", 3);
        // then
        assertThat(events.readValuesToList()).singleElement().satisfies(e -> {
            assertThat(e.getType()).isEqualTo(StockEventType.SHORT);
            assertThat(e.getQuantity()).isEqualTo(3);
            assertThat(e.getAvailable()).isEqualTo(1);
        });
    }

    @Test
    void shouldAnswerShortToAnOwnerWhoseUnitsWereAlreadyGivenBack() {
        // given an owner that reserved two and released them
        scoville.restock("HOT", 5);
        send(StockCommandType.RESERVE, "a", 2);
        send(StockCommandType.RELEASE, "a", 2);
        // when its reservation comes again (a retried command)
        send(StockCommandType.RESERVE, "a", 2);
        // then it holds nothing, and is told so
        assertThat(events.readValuesToList()).extracting(StockEvent::getType).containsExactly(
                StockEventType.RESERVED, StockEventType.RELEASED, StockEventType.SHORT);
        assertThat(scoville.stock("HOT").getReserved()).isZero();
    }

    @Test
    void shouldAnswerAReplayedReservationWithWhatTheOwnerHolds() {
        // given
        scoville.restock("HOT", 5);
        send(StockCommandType.RESERVE, "a", 2);
        // when the same owner's reservation comes again, asking for another quantity
        send(StockCommandType.RESERVE, "a", 4);
        // then it is answered with the two it holds
        assertThat(events.readValuesToList()).extracting(StockEvent::getType, StockEvent::getQuantity)
                .containsExactly(tuple(StockEventType.RESERVED, 2), tuple(StockEventType.RESERVED, 2));
        assertThat(scoville.stock("HOT").getReserved()).isEqualTo(2);
    }

    @Test
    void shouldNotTellSubscribersOfARestockOfNothing() {
        // given
        scoville.subscribe("HOT", "alice");
        // when
        scoville.restock("HOT", 0);
        // then
        assertThat(scoville.notifications()).isEmpty();
        assertThat(scoville.stock("HOT")).isNull();
        // and a real restock tells her
        scoville.restock("HOT", 1);
        assertThat(scoville.notifications()).singleElement().satisfies(n -> assertThat(n.getAvailable()).isEqualTo(1));
    }

    private void send(StockCommandType type, String owner, int quantity) {
        commands.pipeInput("HOT", StockCommand.newBuilder().setType(type).setSku("HOT").setOwnerId(owner)
                .setQuantity(quantity).setAt(scoville.now()).build());
    }
}
