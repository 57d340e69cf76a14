package com.scoville.kafka;

import com.scoville.kafka.CommitPace.Step;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class CommitPaceTest {
    private static final long T0 = 1_000_000L;
    private final ThreadCommits thread = new ThreadCommits();
    private final CommitPace pace = new CommitPace(Duration.ofMillis(50), Duration.ofMillis(200), () -> thread);

    @Test
    void shouldAskForACommitAfterAFreshRecordOfAThreadThatHasNotCommittedForAGap() {
        thread.committed(T0 - 50);
        assertThat(pace.waiting().afterRecord(T0 - 5, T0)).isEqualTo(Step.ASK);
    }

    @Test
    void shouldLeaveARecordThatWaitedLongerThanTheBacklogAgeToTheInterval() {
        CommitPace.Waiting task = pace.waiting();
        assertThat(task.afterRecord(T0 - 201, T0)).isEqualTo(Step.NONE);
        assertThat(task.afterRecord(T0 - 200, T0)).as("exactly the backlog age is still fresh").isEqualTo(Step.ASK);
    }

    @Test
    void shouldLetARecordWaitForTheThreadsNextCommitWithinAGapOfItsLast() {
        CommitPace.Waiting task = pace.waiting();
        thread.committed(T0);
        assertThat(task.afterRecord(T0 + 10, T0 + 10)).isEqualTo(Step.REMIND);
        assertThat(task.afterRecord(T0 + 49, T0 + 49)).isEqualTo(Step.REMIND);
        assertThat(task.onReminder(T0 + 49)).as("the gap has not passed").isEqualTo(Step.REMIND);
        assertThat(task.onReminder(T0 + 50)).isEqualTo(Step.ASK);
        assertThat(task.onReminder(T0 + 60)).as("nothing waits any more").isEqualTo(Step.NONE);
    }

    @Test
    void shouldAskOnceTheGapHasPassedWhenTheNextRecordComes() {
        CommitPace.Waiting task = pace.waiting();
        thread.committed(T0);
        assertThat(task.afterRecord(T0 + 20, T0 + 20)).isEqualTo(Step.REMIND);
        assertThat(task.afterRecord(T0 + 50, T0 + 50)).isEqualTo(Step.ASK);
        assertThat(task.onReminder(T0 + 70)).as("the ask took the record that waited").isEqualTo(Step.NONE);
    }

    @Test
    void shouldNotAskForRecordsThatACommitOfTheThreadHasTaken() {
        CommitPace.Waiting first = pace.waiting();
        CommitPace.Waiting second = pace.waiting();
        thread.committed(T0);
        assertThat(first.afterRecord(T0 + 10, T0 + 10)).isEqualTo(Step.REMIND);
        assertThat(second.afterRecord(T0 + 20, T0 + 20)).isEqualTo(Step.REMIND);
        thread.committed(T0 + 30); // the commit interval, or an ask of another processor: every task of the thread
        assertThat(first.onReminder(T0 + 80)).isEqualTo(Step.NONE);
        assertThat(second.afterRecord(T0 - 500, T0 + 81)).as("an old record after the commit: nothing waits").isEqualTo(Step.NONE);
    }

    @Test
    void shouldKeepAFreshRecordWaitingThroughABacklogUntilItsCommitComes() {
        CommitPace.Waiting task = pace.waiting();
        thread.committed(T0);
        assertThat(task.afterRecord(T0 + 10, T0 + 10)).isEqualTo(Step.REMIND);
        assertThat(task.afterRecord(T0 - 500, T0 + 20)).as("an old record does not forget the fresh one").isEqualTo(Step.REMIND);
        assertThat(task.onReminder(T0 + 60)).isEqualTo(Step.ASK);
    }

    @Test
    void shouldKeepTheCommitsOfEachStreamThreadApart() throws InterruptedException {
        ThreadCommits mine = ThreadCommits.ofThisThread();
        ThreadCommits[] theirs = new ThreadCommits[1];
        Thread other = new Thread(() -> theirs[0] = ThreadCommits.ofThisThread());
        other.start();
        other.join();
        assertThat(theirs[0]).isNotNull().isNotSameAs(mine);
        assertThat(ThreadCommits.ofThisThread()).isSameAs(mine);
    }

    @Test
    void shouldTakeItsGapAndBacklogAgeFromTheSettingsAndNeverAskWithAZeroGap() {
        CommitPace configured = CommitPace.of(ScovilleConfig.from(Map.of("FRESH_COMMIT_MS", "30", "BACKLOG_AGE_MS", "400")));
        assertThat(configured.gap()).isEqualTo(Duration.ofMillis(30));
        CommitPace sameHere = new CommitPace(configured.gap(), Duration.ofMillis(400), () -> thread);
        thread.committed(T0);
        CommitPace.Waiting task = sameHere.waiting();
        assertThat(task.afterRecord(T0 + 29, T0 + 29)).isEqualTo(Step.REMIND);
        assertThat(task.afterRecord(T0 - 370, T0 + 30)).isEqualTo(Step.ASK);
        assertThat(CommitPace.of(ScovilleConfig.from(Map.of("FRESH_COMMIT_MS", "0"))).asksForCommits()).isFalse();
        assertThat(CommitPace.defaults().asksForCommits()).isTrue();
        assertThatThrownBy(() -> new CommitPace(Duration.ofMillis(-1), Duration.ZERO)).isInstanceOf(IllegalArgumentException.class);
    }
}
