package com.scoville.kafka;

import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.MockProcessorContext;
import org.apache.kafka.streams.processor.api.MockProcessorContext.CapturedPunctuator;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class PacedProcessorTest {
    private static final long T0 = 5_000_000L;
    private final ThreadCommits thread = new ThreadCommits();
    private final CommitPace pace = new CommitPace(Duration.ofMillis(50), Duration.ofMillis(200), () -> thread);
    private final List<String> seen = new ArrayList<>();
    private final MockProcessorContext<String, String> context = new MockProcessorContext<>();
    private final ProcessorSupplier<String, String, String, String> inner = new ProcessorSupplier<>() {
        @Override
        public Processor<String, String, String, String> get() {
            return record -> {
                seen.add(record.value());
                context.forward(record.withValue(record.value().toUpperCase()));
            };
        }

        @Override
        public Set<StoreBuilder<?>> stores() {
            return Set.of();
        }
    };

    @Test
    void shouldProcessEveryRecordAsThePlainProcessorDoesAndAskForACommitAfterAFreshOne() {
        Processor<String, String, String, String> paced = started();
        paced.process(new Record<>("k", "hot", T0 - 3));
        assertThat(seen).containsExactly("hot");
        assertThat(context.forwarded().stream().map(f -> (String) f.record().value()).toList()).containsExactly("HOT");
        assertThat(context.committed()).isTrue();
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @Test
    void shouldRemindItselfOfARecordLeftWaitingAndAskWhenTheReminderComes() {
        Processor<String, String, String, String> paced = started();
        paced.process(new Record<>("k", "first", T0));
        assertThat(context.committed()).isTrue();
        thread.committed(T0); // Kafka Streams commits after the batch
        context.resetCommit();
        context.setCurrentSystemTimeMs(T0 + 10);
        paced.process(new Record<>("k", "second", T0 + 10));
        assertThat(context.committed()).as("too soon after the first ask").isFalse();
        assertThat(context.scheduledPunctuators()).hasSize(1);
        CapturedPunctuator reminder = context.scheduledPunctuators().get(0);
        assertThat(reminder.getType()).isEqualTo(PunctuationType.WALL_CLOCK_TIME);
        assertThat(reminder.getInterval()).isEqualTo(Duration.ofMillis(50));

        context.setCurrentSystemTimeMs(T0 + 20);
        paced.process(new Record<>("k", "third", T0 + 20));
        assertThat(context.scheduledPunctuators()).as("one reminder at a time").hasSize(1);

        context.setCurrentSystemTimeMs(T0 + 60);
        reminder.getPunctuator().punctuate(T0 + 60);
        assertThat(context.committed()).isTrue();
        assertThat(reminder.cancelled()).as("nothing waits any more").isTrue();
    }

    @Test
    void shouldLeaveABacklogToTheCommitIntervalWithoutAReminder() {
        Processor<String, String, String, String> paced = started();
        paced.process(new Record<>("k", "old", T0 - 5_000));
        assertThat(seen).containsExactly("old");
        assertThat(context.committed()).isFalse();
        assertThat(context.scheduledPunctuators()).isEmpty();
    }

    @Test
    void shouldNeverAskForARecordOfATopicItOnlyFollows() {
        context.setCurrentSystemTimeMs(T0);
        Processor<String, String, String, String> paced = pace.paced(inner, "order-status").get();
        paced.init(context);
        context.setRecordMetadata("order-status", 0, 7);
        paced.process(new Record<>("k", "decided", T0));
        assertThat(context.committed()).isFalse();
        context.setRecordMetadata("reservation-answers", 0, 8);
        paced.process(new Record<>("k", "answer", T0));
        assertThat(context.committed()).isTrue();
        assertThat(seen).containsExactly("decided", "answer");
    }

    @Test
    void shouldCancelItsReminderWhenClosed() {
        Processor<String, String, String, String> paced = started();
        paced.process(new Record<>("k", "first", T0));
        thread.committed(T0);
        paced.process(new Record<>("k", "second", T0));
        paced.close();
        assertThat(context.scheduledPunctuators()).singleElement().satisfies(r -> assertThat(r.cancelled()).isTrue());
    }

    @Test
    void shouldLeaveTheProcessorAsItIsWhenThePaceNeverAsks() {
        assertThat(new CommitPace(Duration.ZERO, Duration.ofMillis(200)).paced(inner)).isSameAs(inner);
        assertThat(pace.paced(inner).stores()).isSameAs(inner.stores());
    }

    private Processor<String, String, String, String> started() {
        context.setCurrentSystemTimeMs(T0);
        Processor<String, String, String, String> paced = pace.paced(inner).get();
        paced.init(context);
        return paced;
    }
}
