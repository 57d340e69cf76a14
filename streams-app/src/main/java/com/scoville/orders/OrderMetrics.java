package com.scoville.orders;

import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.streams.StreamsMetrics;

/**
 * The order counters, recorded where orders are decided and exported with Kafka Streams' own metrics
 * (group {@code stream-scoville-orders-metrics}): each task counts its own partitions, so the sums across
 * instances are the totals.
 */
public final class OrderMetrics {
    private static final String SCOPE = "scoville-orders";

    private final Sensor accepted;
    private final Sensor reserved;
    private final Sensor rejected;
    private final Sensor expired;
    private final Sensor reservationLatency;

    public OrderMetrics(StreamsMetrics metrics, String taskId) {
        accepted = metrics.addRateTotalSensor(SCOPE, taskId, "accepted", Sensor.RecordingLevel.INFO);
        reserved = metrics.addRateTotalSensor(SCOPE, taskId, "reserved", Sensor.RecordingLevel.INFO);
        rejected = metrics.addRateTotalSensor(SCOPE, taskId, "rejected", Sensor.RecordingLevel.INFO);
        expired = metrics.addRateTotalSensor(SCOPE, taskId, "expired", Sensor.RecordingLevel.INFO);
        reservationLatency = metrics.addLatencyRateTotalSensor(SCOPE, taskId, "reservation", Sensor.RecordingLevel.INFO);
    }

    public void accepted() {
        accepted.record();
    }

    /** A decision, with the milliseconds from intake to it. */
    public void decided(boolean wasReserved, long latencyMs) {
        (wasReserved ? reserved : rejected).record();
        reservationLatency.record(latencyMs);
    }

    public void expired() {
        expired.record();
    }
}
