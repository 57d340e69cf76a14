package com.scoville.bench;

import com.fasterxml.jackson.databind.JsonNode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The fault bench as a user runs it, shortened: a cluster of three brokers and three instances (each its own
 * process), orders at a steady rate spread over the instances, one broker killed with SIGKILL and started again,
 * then one instance. Its audit must pass, and its report must say so in its own fields.
 * <p>
 * On two cores shared by eight JVMs and the build, a killed broker's writes (acks=all: every write waits until the
 * controller fences it) once stood still for two whole seconds; on a machine running at half its usual speed, the
 * instances answered 503 for up to seven seconds after the broker's kill (3 and 6 seconds without an acknowledgement
 * after it in two runs of this test, 1 in a third), and a CI run once went 14 seconds without one (the killed broker led
 * the KRaft quorum: a new controller must be elected before it fences the dead broker and moves its partitions, and an
 * order with a line in one of them waits for that). This shortened run tolerates twenty, and its channel retries
 * 8 times (pauses doubling from 0.2 s to 5 s: about 16 s of them), so that a failover that slow still leaves no order
 * unacknowledged; the bench itself, with its defaults, tolerates none (README, Reliability), and every other
 * assertion here is about integrity and holds at any speed.
 * <p>
 * The warm-up is 100 orders: after 20, a cluster on a machine running at half its usual speed still answered in 1–4 s,
 * and the load's first seconds went without an acknowledgement before any fault (seconds 1 and 3 of a CI run).
 * <p>
 * How fast a killed instance is back is the bench's to measure (its default bound is 30 s), not a test's: on a
 * machine slowed by others a restart took 46 s. This run asks that every killed part comes back (within 2 minutes).
 */
class FaultsBenchIT {

    @Test
    void ordersSurviveAKilledInstanceAndAKilledBrokerAndTheReportSaysHowLongEachTookToComeBack(@TempDir Path out) throws Exception {
        Path report = out.resolve("faults.json");

        int exit = BenchMain.commandLine().execute("faults", "--duration", "40s", "--rate", "20", "--kill-every", "20s",
                "--broker-kill-at", "6s", "--broker-down-for", "5s", "--max-empty-seconds", "20", "--attempts", "8", "--ready-within", "120", "--warmup", "100", "--data", out.resolve("cluster").toString(),
                "--report", report.toString());

        JsonNode r = Api.JSON.readTree(Files.readString(report));
        assertThat(exit).as("exit code; audit problems: " + r.path("audit").path("problems")).isZero();
        assertThat(r.path("audit").path("lostOrders").asLong()).isZero();
        assertThat(r.path("audit").path("duplicatedOrders").asLong()).isZero();
        assertThat(r.path("audit").path("stuckOrders").asLong()).isZero();
        assertThat(r.path("audit").path("oversoldSkus")).isEmpty();
        assertThat(r.path("audit").path("stockMismatchSkus")).isEmpty();
        assertThat(r.path("acknowledgedShare").asDouble()).isGreaterThanOrEqualTo(0.99);
        assertThat(r.path("longestGapSeconds").isNumber()).isTrue();
        assertThat(r.path("extras").path("reads").path("wrong").asLong()).isZero();
        assertThat(r.path("extras").path("reads").path("right").asLong()).as("reads answered while faults happened").isPositive();
        List<String> targets = r.path("kills").findValuesAsText("target");
        assertThat(targets).containsExactly("broker-2", "instance-1");
        for (JsonNode kill : r.path("kills")) {
            assertThat(kill.path("readyAgainSeconds").asDouble()).as(kill.toString()).isPositive().isLessThanOrEqualTo(120);
        }
        assertThat(r.path("timeline").findValuesAsText("failedPerSecond")).isNotEmpty();
        assertThat(out.resolve("faults.png")).exists();
    }
}
