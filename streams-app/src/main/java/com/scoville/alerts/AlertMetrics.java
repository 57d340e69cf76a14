package com.scoville.alerts;

import com.scoville.avro.AlertKind;
import org.apache.kafka.common.MetricName;
import org.apache.kafka.common.metrics.Sensor;
import org.apache.kafka.common.metrics.stats.CumulativeCount;
import org.apache.kafka.streams.StreamsMetrics;

import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Alerts raised, by kind, counted by the task that raised them and exported with Kafka Streams' metrics (group
 * {@code stream-scoville-alerts-metrics}, so {@code kafka_stream_scoville_alerts_raised_total{kind=...}} in
 * Prometheus): each alert is raised by exactly one task, so the sum across tasks and instances is the total.
 */
public final class AlertMetrics {
    public static final String GROUP = "stream-scoville-alerts-metrics";
    public static final String RAISED = "raised-total";

    private final StreamsMetrics metrics;
    private final Map<AlertKind, Sensor> raised = new EnumMap<>(AlertKind.class);

    public AlertMetrics(StreamsMetrics metrics, String processor, String taskId, AlertKind... kinds) {
        this.metrics = metrics;
        for (AlertKind kind : kinds) {
            Map<String, String> tags = new LinkedHashMap<>();
            tags.put("thread-id", Thread.currentThread().getName());
            tags.put("task-id", taskId);
            tags.put("processor-node-id", processor);
            tags.put("kind", kind.name());
            // the sensor's name is unique per task and kind: Streams keeps sensors per thread
            Sensor sensor = metrics.addSensor("scoville-alerts." + taskId + "." + processor + "." + kind, Sensor.RecordingLevel.INFO);
            sensor.add(new MetricName(RAISED, GROUP, "Alerts raised, by kind", tags), new CumulativeCount());
            raised.put(kind, sensor);
        }
    }

    public void raised(AlertKind kind) {
        Sensor sensor = raised.get(kind);
        if (sensor != null) {
            sensor.record();
        }
    }

    /** Takes the sensors away with the task (a task that comes back makes them again). */
    public void close() {
        raised.values().forEach(metrics::removeSensor);
        raised.clear();
    }
}
