package com.scoville.kafka;

import org.apache.kafka.clients.consumer.Consumer;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.MockConsumer;
import org.apache.kafka.clients.producer.MockProducer;
import org.apache.kafka.clients.producer.Producer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.TopicPartition;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;

class IdlePollsTest {
    private static final Duration BUSY = Duration.ofMillis(10);
    private static final Duration IDLE = Duration.ofMillis(100);
    private static final Duration COMMIT = Duration.ofMillis(50);

    private long now = 1_000_000;
    private final IdlePolls clients = new IdlePolls(BUSY, IDLE, COMMIT, () -> now);

    @Test
    void shouldPollShortWhileACommitMayBeDueAndLongOnceQuiet() {
        IdlePolls.PollTime polls = clients.new MainThreadPolls();
        // a thread that never had records is quiet
        assertThat(polls.next(BUSY, 0)).isEqualTo(IDLE);
        // records came: short polls until a commit interval and a poll have passed
        assertThat(polls.next(BUSY, 3)).isEqualTo(BUSY);
        now += COMMIT.toMillis();
        assertThat(polls.next(BUSY, 0)).isEqualTo(BUSY);
        now += BUSY.toMillis() + 1;
        assertThat(polls.next(BUSY, 0)).isEqualTo(IDLE);
        // and short again as soon as records come
        assertThat(polls.next(BUSY, 1)).isEqualTo(BUSY);
    }

    @Test
    void shouldKeepTheWaitsStreamsAsksForItsOwnReasons() {
        IdlePolls.PollTime polls = clients.new MainThreadPolls();
        // no wait (shutting down, rebalancing) stays no wait, quiet or not
        assertThat(polls.next(Duration.ZERO, 0)).isZero();
        assertThat(polls.next(Duration.ofMillis(3), 0)).isEqualTo(Duration.ofMillis(3));
    }

    @Test
    void shouldTimeThePollsOfTheConsumerItWrapsAndPassEverythingElseThrough() {
        MockConsumer<byte[], byte[]> mock = new MockConsumer<>("earliest");
        TopicPartition tp = new TopicPartition("orders", 0);
        mock.assign(List.of(tp));
        mock.updateBeginningOffsets(Map.of(tp, 0L));
        List<Duration> asked = new ArrayList<>();
        List<Integer> seen = new ArrayList<>();
        Consumer<byte[], byte[]> consumer = IdlePolls.withPolls(mock, (wait, lastRecords) -> {
            asked.add(wait);
            seen.add(lastRecords);
            return Duration.ofMillis(7);
        });
        mock.addRecord(new ConsumerRecord<>("orders", 0, 0, new byte[0], new byte[0]));
        mock.addRecord(new ConsumerRecord<>("orders", 0, 1, new byte[0], new byte[0]));
        assertThat(consumer.poll(BUSY).count()).isEqualTo(2);
        assertThat(consumer.poll(BUSY).count()).isZero();
        assertThat(asked).containsExactly(BUSY, BUSY);
        assertThat(seen).containsExactly(0, 2);
        assertThat(consumer.assignment()).containsExactly(tp);
        assertThat(consumer.position(tp)).isEqualTo(2);
    }

    @Test
    void shouldLetAStateUpdaterWaitLongOnceCaughtUpAndKeepStreamsOwnPollsWhileRecordsCome() {
        IdlePolls.PollTime polls = clients.new RestorePolls();
        // caught up (the last poll brought nothing): a standby's updater waits the idle poll, not POLL_MS
        assertThat(polls.next(BUSY, 0)).isEqualTo(IDLE);
        // restoring: records came, so the next poll is as short as Streams asks
        assertThat(polls.next(BUSY, 500)).isEqualTo(BUSY);
        // no wait stays no wait, and a longer wait than the idle poll is kept
        assertThat(polls.next(Duration.ZERO, 0)).isZero();
        assertThat(polls.next(Duration.ofSeconds(1), 0)).isEqualTo(Duration.ofSeconds(1));
    }

    @Test
    void shouldLetTheGlobalThreadRestoreWithShortPollsAndFollowItsTopicsWithLongOnes() {
        IdlePolls.PollTime polls = clients.new GlobalPolls();
        // restoring at start: Streams asks for POLL_MS plus the request timeout and checks the position after each poll
        assertThat(polls.next(BUSY.plus(Duration.ofSeconds(30)), 0)).isEqualTo(BUSY);
        assertThat(polls.next(BUSY.plus(Duration.ofSeconds(30)), 5)).isEqualTo(BUSY);
        // following the topics once RUNNING: Streams asks for POLL_MS, and nothing there waits on a commit
        assertThat(polls.next(BUSY, 0)).isEqualTo(IDLE);
        assertThat(polls.next(BUSY, 7)).isEqualTo(IDLE);
    }

    @Test
    void shouldNeverWaitLessWhenIdleThanWhenBusy() {
        IdlePolls odd = new IdlePolls(Duration.ofMillis(200), IDLE, COMMIT, () -> now);
        assertThat(odd.new MainThreadPolls().next(Duration.ofMillis(200), 0)).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void shouldCountTheTransactionsTheProducerCommitsOnItsThreadAndNothingElse() {
        MockProducer<byte[], byte[]> mock = new MockProducer<>(true, null, new ByteArraySerializer(), new ByteArraySerializer());
        Producer<byte[], byte[]> producer = IdlePolls.withCommitsCounted(mock, () -> now);
        ThreadCommits commits = ThreadCommits.ofThisThread();
        long before = commits.count();
        producer.initTransactions();
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("order-status", new byte[0]));
        producer.abortTransaction();
        assertThat(commits.count()).as("an abort is no commit").isEqualTo(before);
        producer.beginTransaction();
        producer.send(new ProducerRecord<>("order-status", new byte[0]));
        now += 42;
        producer.commitTransaction();
        assertThat(commits.count()).isEqualTo(before + 1);
        assertThat(commits.lastAtMs()).isEqualTo(now);
        assertThat(mock.transactionCommitted()).isTrue();
        assertThat(mock.history()).hasSize(1);
    }
}
