package com.scoville.bench;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class CpuMeterTest {
    private static final long SECOND = 1_000_000_000L;

    @Test
    void theCostPerUnitBecomesACeilingWhenThisJvmIsTheWholeStackUnderAFlatOutLoad() {
        CpuMeter.Usage u = CpuMeter.usage(30 * SECOND, 20 * SECOND, 10_000, "order decided", true, 2);

        assertThat(u.coresBusy()).isEqualTo(1.5);
        assertThat(u.msPerUnit()).isEqualTo(3.0);
        assertThat(u.ceilingPerSecond()).isEqualTo(667.0); // 2 cores × 1000 ms / 3 ms
    }

    @Test
    void aServiceElsewhereOrAPacedLoadGivesNoCeiling() {
        CpuMeter.Usage u = CpuMeter.usage(2 * SECOND, 10 * SECOND, 1_000, "request answered", false, 2);

        assertThat(u.msPerUnit()).isEqualTo(2.0);
        assertThat(u.ceilingPerSecond()).isNull();
        assertThat(u.scope()).contains("no ceiling");
    }

    @Test
    void nothingDoneOrNoCpuClockGivesNoCostPerUnit() {
        assertThat(CpuMeter.usage(5 * SECOND, 10 * SECOND, 0, "order decided", true, 2).msPerUnit()).isNull();
        CpuMeter.Usage noClock = CpuMeter.usage(-1, 10 * SECOND, 100, "order decided", true, 2);
        assertThat(noClock.msPerUnit()).isNull();
        assertThat(noClock.ceilingPerSecond()).isNull();
    }

    @Test
    void theCpuOfOtherProcessesServingTheLoadIsAddedToThisJvms() {
        // given a database that spends 4 s of CPU between start and stop
        long[] database = {10 * SECOND};
        CpuMeter meter = CpuMeter.startWith(() -> database[0], "this JVM and the database");
        database[0] += 4 * SECOND;

        CpuMeter.Usage u = meter.stop(1_000, "order decided", false);

        assertThat(u.cpuSeconds()).isGreaterThanOrEqualTo(4.0);
        assertThat(u.msPerUnit()).isGreaterThanOrEqualTo(4.0);
        assertThat(u.scope()).isEqualTo("this JVM and the database");
    }

    @Test
    void otherProcessesWhoseCpuCannotBeReadGiveNoCostPerUnit() {
        CpuMeter meter = CpuMeter.startWith(() -> -1, "this JVM and the database");

        assertThat(meter.stop(1_000, "order decided", true).msPerUnit()).isNull();
    }
}
