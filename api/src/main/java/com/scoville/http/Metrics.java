package com.scoville.http;

import io.javalin.config.RoutesConfig;
import io.javalin.http.Context;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.Timer;
import io.micrometer.core.instrument.binder.jvm.ClassLoaderMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmGcMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmMemoryMetrics;
import io.micrometer.core.instrument.binder.jvm.JvmThreadMetrics;
import io.micrometer.core.instrument.binder.kafka.KafkaStreamsMetrics;
import io.micrometer.core.instrument.binder.system.ProcessorMetrics;
import io.micrometer.prometheusmetrics.PrometheusConfig;
import io.micrometer.prometheusmetrics.PrometheusMeterRegistry;
import org.apache.kafka.streams.KafkaStreams;

import java.util.function.ToDoubleFunction;
import java.util.function.Supplier;

/**
 * The service's metrics in Prometheus text at {@code GET /metrics}: the JVM, every HTTP route (count and
 * latency), Kafka Streams' own metrics (which carry the order counters and reservation latency the
 * topology records, and the records dropped to the dead-letter topic), and gauges given by the services.
 */
public final class Metrics implements AutoCloseable {
    private static final String START = "metrics.start";

    private final PrometheusMeterRegistry registry = new PrometheusMeterRegistry(PrometheusConfig.DEFAULT);
    private final KafkaStreamsMetrics streamsMetrics;
    private final JvmGcMetrics gcMetrics = new JvmGcMetrics();
    /**
     * How often the Kafka binder looks for new Kafka metrics besides after each rebalance ({@link #lookForNewKafkaMetrics}).
     * Each look walks thousands of them: every 20 s it took 5 % of a core during a flash sale in the bench's C1 JVM.
     */
    static final java.time.Duration KAFKA_METRICS_LOOK_INTERVAL = java.time.Duration.ofMinutes(5);

    private final RefreshOnDemand refresher = new RefreshOnDemand("metrics-refresh");

    public Metrics(KafkaStreams streams) {
        new JvmMemoryMetrics().bindTo(registry);
        gcMetrics.bindTo(registry);
        new JvmThreadMetrics().bindTo(registry);
        new ClassLoaderMetrics().bindTo(registry);
        new ProcessorMetrics().bindTo(registry);
        // Streams creates its task metrics (and our order sensors) as tasks start: looked for when it is RUNNING again
        // after a rebalance, and now and then.
        streamsMetrics = new KafkaStreamsMetrics(streams, java.util.List.of(), refresher, KAFKA_METRICS_LOOK_INTERVAL);
        streamsMetrics.bindTo(registry);
    }

    /** Looks for Kafka metrics that came since the last look (a rebalance's new tasks), soon, on the refresh thread. */
    public void lookForNewKafkaMetrics() {
        refresher.refreshNow();
    }

    /** A gauge read at scrape time. */
    public <T> void gauge(String name, String description, T source, ToDoubleFunction<T> value) {
        Gauge.builder(name, source, value).description(description).register(registry);
    }

    /** A gauge read at scrape time from a supplier. */
    public void gauge(String name, String description, Supplier<Number> value) {
        Gauge.builder(name, value).description(description).register(registry);
    }

    /** Times every matched HTTP route, tagged by method, route template and status, and serves /metrics. */
    public void register(RoutesConfig routes) {
        routes.beforeMatched(ctx -> ctx.attribute(START, System.nanoTime()));
        routes.afterMatched(this::record);
        routes.get("/metrics", ctx -> ctx.contentType("text/plain; version=0.0.4; charset=utf-8").result(registry.scrape()));
    }

    private void record(Context ctx) {
        Long start = ctx.attribute(START);
        io.javalin.router.Endpoint route = ctx.endpoints().matchedHttpEndpoint();
        if (start == null || route == null) {
            return;
        }
        Timer.builder("http.server.requests")
                .description("HTTP requests by route")
                .tag("method", ctx.method().name())
                .tag("route", route.path)
                .tag("status", String.valueOf(ctx.statusCode()))
                .publishPercentileHistogram()
                .register(registry)
                .record(System.nanoTime() - start, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    public PrometheusMeterRegistry registry() {
        return registry;
    }

    @Override
    public void close() {
        streamsMetrics.close();
        refresher.shutdownNow();
        gcMetrics.close();
        registry.close();
    }
}
