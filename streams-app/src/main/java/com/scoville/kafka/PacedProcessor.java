package com.scoville.kafka;

import org.apache.kafka.streams.processor.Cancellable;
import org.apache.kafka.streams.processor.PunctuationType;
import org.apache.kafka.streams.processor.api.Processor;
import org.apache.kafka.streams.processor.api.ProcessorContext;
import org.apache.kafka.streams.processor.api.ProcessorSupplier;
import org.apache.kafka.streams.processor.api.Record;
import org.apache.kafka.streams.state.StoreBuilder;

import java.util.Set;

/**
 * A processor whose clients wait for its commits: after each record it asks Kafka Streams for a commit when its
 * {@link CommitPace} says so. A record left waiting (too soon after the thread's last ask) gets a reminder on the
 * wall clock, so the last order of a burst is not left to the commit interval; the reminder is cancelled once
 * nothing waits, so an idle task punctuates nothing. Records of the topics it only follows never ask.
 */
final class PacedProcessor<KIn, VIn, KOut, VOut> implements Processor<KIn, VIn, KOut, VOut> {
    private final Processor<KIn, VIn, KOut, VOut> processor;
    private final CommitPace pace;
    private final Set<String> followedTopics;
    private ProcessorContext<KOut, VOut> context;
    private CommitPace.Waiting waiting;
    private Cancellable reminder;

    private PacedProcessor(Processor<KIn, VIn, KOut, VOut> processor, CommitPace pace, Set<String> followedTopics) {
        this.processor = processor;
        this.pace = pace;
        this.followedTopics = followedTopics;
    }

    static <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> supplier(ProcessorSupplier<KIn, VIn, KOut, VOut> processors,
                                                                             CommitPace pace, Set<String> followedTopics) {
        return new ProcessorSupplier<>() {
            @Override
            public Processor<KIn, VIn, KOut, VOut> get() {
                return new PacedProcessor<>(processors.get(), pace, followedTopics);
            }

            @Override
            public Set<StoreBuilder<?>> stores() {
                return processors.stores();
            }
        };
    }

    @Override
    public void init(ProcessorContext<KOut, VOut> context) {
        this.context = context;
        this.waiting = pace.waiting();
        processor.init(context);
    }

    @Override
    public void process(Record<KIn, VIn> record) {
        processor.process(record);
        if (!followedTopics.isEmpty() && context.recordMetadata().map(m -> followedTopics.contains(m.topic())).orElse(false)) {
            return;
        }
        take(waiting.afterRecord(record.timestamp(), context.currentSystemTimeMs()));
    }

    private void remind(long timestampMs) {
        take(waiting.onReminder(timestampMs));
    }

    private void take(CommitPace.Step step) {
        switch (step) {
            case ASK -> {
                context.commit();
                stopReminding();
            }
            case REMIND -> {
                if (reminder == null) {
                    reminder = context.schedule(pace.gap(), PunctuationType.WALL_CLOCK_TIME, this::remind);
                }
            }
            case NONE -> stopReminding();
        }
    }

    private void stopReminding() {
        if (reminder != null) {
            reminder.cancel();
            reminder = null;
        }
    }

    @Override
    public void close() {
        stopReminding();
        processor.close();
    }
}
