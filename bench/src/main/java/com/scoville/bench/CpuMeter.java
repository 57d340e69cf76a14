package com.scoville.bench;

import java.lang.management.ManagementFactory;
import java.util.function.LongSupplier;

/**
 * CPU time this JVM spent over the load, and what it means per order. With {@code --embedded} the JVM is the whole
 * stack (broker, Kafka Streams, HTTP server and the load generator), so under a flat-out load the cost per order
 * turns into a ceiling: what this machine could process if every core did nothing else.
 */
final class CpuMeter {
    /** Figures of one run; {@code ceilingPerSecond} is null unless the run bounds throughput (see {@link #stop}). */
    record Usage(String scope, double cpuSeconds, double wallSeconds, double coresBusy, Double msPerUnit, String unit,
                 Double ceilingPerSecond) { }

    private final LongSupplier cpuNanos;
    private final String scope;
    private final long cpuAtStart;
    private final long wallAtStart;

    private CpuMeter(LongSupplier cpuNanos, String scope) {
        this.cpuNanos = cpuNanos;
        this.scope = scope;
        this.cpuAtStart = cpuNanos.getAsLong();
        this.wallAtStart = System.nanoTime();
    }

    static CpuMeter start() {
        return new CpuMeter(CpuMeter::processCpuNanos, null);
    }

    /**
     * This JVM and other processes that serve the load beside it ({@code otherCpuNanos}: their CPU time so far, -1 when
     * unknown), e.g. a database server; {@code scope} says what is counted.
     */
    static CpuMeter startWith(LongSupplier otherCpuNanos, String scope) {
        return new CpuMeter(() -> {
            long own = processCpuNanos();
            long other = otherCpuNanos.getAsLong();
            return own < 0 || other < 0 ? -1 : own + other;
        }, scope);
    }

    /**
     * The usage since {@link #start}, per {@code units} (orders processed, or requests/records for a baseline).
     * {@code bounding}: this JVM is the whole stack and the load ran flat out, so the cost per unit gives a ceiling.
     */
    Usage stop(long units, String unit, boolean bounding) {
        long now = cpuNanos.getAsLong();
        Usage u = usage(now < 0 || cpuAtStart < 0 ? -1 : now - cpuAtStart, System.nanoTime() - wallAtStart, units, unit, bounding,
                Runtime.getRuntime().availableProcessors());
        return scope == null ? u : new Usage(scope, u.cpuSeconds(), u.wallSeconds(), u.coresBusy(), u.msPerUnit(), u.unit(), u.ceilingPerSecond());
    }

    static Usage usage(long cpuNanos, long wallNanos, long units, String unit, boolean bounding, int cores) {
        double cpu = Math.max(0, cpuNanos) / 1e9;
        double wall = wallNanos / 1e9;
        boolean measured = units > 0 && cpuNanos > 0;
        Double perUnit = measured ? round(cpu * 1000 / units, 4) : null;
        Double ceiling = bounding && measured ? round(cores * units / cpu, 0) : null;
        String scope = bounding ? "this JVM (broker, Kafka Streams, HTTP server and load generator) under a flat-out load"
                : "this JVM; no ceiling: the service runs elsewhere, or the load was paced";
        return new Usage(scope, round(cpu, 2), round(wall, 2), wall > 0 ? round(cpu / wall, 2) : 0, perUnit, unit, ceiling);
    }

    private static long processCpuNanos() {
        return ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os
                ? os.getProcessCpuTime() : -1;
    }

    private static double round(double v, int decimals) {
        double f = Math.pow(10, decimals);
        return Math.round(v * f) / f;
    }
}
