package com.scoville.bench.twin;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class PostgresCpuTest {
    @Test
    void shouldReadParentAndTimesAfterACommandNameWithSpacesAndParentheses() {
        String stat = "4242 (postgres: (wal) writer ) S 4200 4200 4200 0 -1 4194624 120 0 0 0 31 17 5 3 20 0 1 0 900 0 0";

        long[] fields = PostgresCpu.parse(stat);

        assertThat(fields).containsExactly(4200, 31, 17, 5, 3);
    }

    @Test
    void shouldCountNothingWhereThereIsNoServer() {
        assertThat(new PostgresCpu(java.nio.file.Path.of("/nonexistent-data-dir")).nanos()).isEqualTo(-1);
    }
}
