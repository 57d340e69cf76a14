package com.scoville.kafka;

import org.apache.kafka.streams.processor.api.ProcessorSupplier;

import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;

/**
 * When a stream thread commits. Under exactly-once an order's decision is seen only after the transaction that
 * made it commits, and each commit costs the same whatever it holds (offsets, markers on every partition it
 * wrote, a round trip to the coordinator): frequent commits are fast for a buyer and slow for a backlog.
 * Measured on the partner bench (a backlog of 50 000 orders of one SKU): commits every 200 ms decided 1.5 to
 * 2.4 times as many orders a second as commits every 50 ms.
 * <p>
 * So a thread commits every {@code interval} (COMMIT_INTERVAL_MS) at least, and sooner while somebody waits: a
 * processor that applies a client's write asks for a commit after a record that came fresh (it waited at most
 * {@code backlogAge} in its topic), unless the thread committed less than a {@code gap} ago; the record then waits
 * for the thread's next commit, or asks again once the gap has passed. A record that waited longer means the
 * thread is behind; asking would only make it fall further behind, so its commit is left to the interval.
 * <p>
 * Kafka Streams commits every task of a thread when any one asks, so the gap is kept per stream thread, from
 * the commits its producer makes ({@link ThreadCommits}).
 */
public final class CommitPace {
    private final Duration gap;
    private final Duration backlogAge;
    private final Supplier<ThreadCommits> commitsOfThisThread;

    public CommitPace(Duration gap, Duration backlogAge) {
        this(gap, backlogAge, ThreadCommits::ofThisThread);
    }

    CommitPace(Duration gap, Duration backlogAge, Supplier<ThreadCommits> commitsOfThisThread) {
        if (gap.isNegative() || backlogAge.isNegative()) {
            throw new IllegalArgumentException("a commit pace is never negative: " + gap + ", " + backlogAge);
        }
        this.gap = gap;
        this.backlogAge = backlogAge;
        this.commitsOfThisThread = commitsOfThisThread;
    }

    /** The pace of the default settings. */
    public static CommitPace defaults() {
        return of(ScovilleConfig.from(Map.of()));
    }

    public static CommitPace of(ScovilleConfig config) {
        return new CommitPace(Duration.ofMillis(config.freshCommitMs()), Duration.ofMillis(config.backlogAgeMs()));
    }

    /** The shortest time between two commits a stream thread asks for; zero: it never asks. */
    public Duration gap() {
        return gap;
    }

    /** False with a zero gap: every commit then waits for the interval. */
    public boolean asksForCommits() {
        return !gap.isZero();
    }

    /**
     * {@code processor}, asking for the commits its clients wait for; as it is when this pace never asks. Records of
     * {@code followedTopics} never ask: nobody waits for what the processor makes of them, and their timestamps may
     * be when they were written downstream, which would make a backlog look fresh.
     */
    public <KIn, VIn, KOut, VOut> ProcessorSupplier<KIn, VIn, KOut, VOut> paced(ProcessorSupplier<KIn, VIn, KOut, VOut> processor,
                                                                          String... followedTopics) {
        return asksForCommits() ? PacedProcessor.supplier(processor, this, Set.of(followedTopics)) : processor;
    }

    /** One task's state: whether records of it wait for a commit. */
    Waiting waiting() {
        return new Waiting();
    }

    /** What a task does after a record or a reminder. */
    enum Step {
        /** Ask Kafka Streams to commit after this batch. */
        ASK,
        /** Records wait, but the thread committed less than a gap ago: remind this task in a gap (unless a reminder is set). */
        REMIND,
        /** Nothing: nobody waits (a backlog), or a commit since has taken what waited. */
        NONE
    }

    /** A task's records that wait for a commit. Used on the task's stream thread only. */
    final class Waiting {
        private static final long NOTHING = -1;
        /** The thread's commit count when the first record still waiting came, or NOTHING. */
        private long sinceCommit = NOTHING;

        /** After a record written at {@code recordTimestampMs} was processed at {@code nowMs}. */
        Step afterRecord(long recordTimestampMs, long nowMs) {
            ThreadCommits thread = commitsOfThisThread.get();
            if (sinceCommit != NOTHING && thread.count() > sinceCommit) {
                sinceCommit = NOTHING; // a commit took what waited
            }
            if (nowMs - recordTimestampMs > backlogAge.toMillis()) {
                return sinceCommit == NOTHING ? Step.NONE : Step.REMIND; // a backlog: the interval commits it
            }
            if (nowMs - thread.lastAtMs() >= gap.toMillis()) {
                sinceCommit = NOTHING;
                return Step.ASK;
            }
            if (sinceCommit == NOTHING) {
                sinceCommit = thread.count();
            }
            return Step.REMIND;
        }

        /** A reminder came: ask if this task's records still wait and the gap has passed; otherwise wait on. */
        Step onReminder(long nowMs) {
            ThreadCommits thread = commitsOfThisThread.get();
            if (sinceCommit == NOTHING || thread.count() > sinceCommit) {
                sinceCommit = NOTHING;
                return Step.NONE;
            }
            if (nowMs - thread.lastAtMs() >= gap.toMillis()) {
                sinceCommit = NOTHING;
                return Step.ASK;
            }
            return Step.REMIND;
        }
    }
}
