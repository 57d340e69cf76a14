package com.scoville.bench;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class JitForkTest {
    private static final String[] EMBEDDED = {"flash-sale", "--embedded", "--report", "x.json"};

    @Test
    void anEmbeddedRunWithoutAChosenJitIsForkedToC1() {
        assertThat(JitFork.wanted(EMBEDDED, List.of("-Xmx2g"))).isTrue();
    }

    @Test
    void aJitChosenByTheCallerIsKept() {
        assertThat(JitFork.wanted(EMBEDDED, List.of(JitFork.C1_ONLY))).isFalse();
        assertThat(JitFork.wanted(EMBEDDED, List.of("-XX:TieredStopAtLevel=4"))).isFalse();
        assertThat(JitFork.wanted(EMBEDDED, List.of("-XX:-TieredCompilation"))).isFalse();
    }

    @Test
    void aRunAgainstARunningServiceIsNotForked() {
        assertThat(JitFork.wanted(new String[]{"intake", "--target", "http://127.0.0.1:7070"}, List.of())).isFalse();
    }

    @Test
    void onlyARunThatNeverReachesC2CountsAsWithoutC2() {
        assertThat(JitFork.withoutC2(List.of(JitFork.C1_ONLY))).isTrue();
        assertThat(JitFork.withoutC2(List.of("-XX:TieredStopAtLevel=3"))).isTrue();
        assertThat(JitFork.withoutC2(List.of())).isFalse();
        assertThat(JitFork.withoutC2(List.of("-XX:TieredStopAtLevel=4"))).isFalse();
        assertThat(JitFork.withoutC2(List.of(JitFork.C1_ONLY, "-XX:TieredStopAtLevel=4"))).isFalse();
        assertThat(JitFork.withoutC2(List.of("-XX:-TieredCompilation"))).isFalse();
    }
}
