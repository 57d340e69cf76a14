package com.scoville.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM spent over the load, and what it means per order. With {@code --embedded} the JVM is the whole
 * stack (broker, Kafka Streams, HTTP server and the load generator), so under a flat-out load the cost per order
 * turns into a ceiling: what this machine could process if every core did nothing else.
 */
final class CpuMeter {
    /** Figures of one run; {@code ceilingPerSecond} is null unless the run bounds throughput (see {@link #stop}). */
    record Usage(String scope, double cpuSeconds, double wallSeconds, double coresBusy, Double msPerUnit, String unit,
                 Double ceilingPerSecond) { }

    private final long cpuAtStart;
    private final long wallAtStart;

    private CpuMeter(long cpuAtStart, long wallAtStart) {
        this.cpuAtStart = cpuAtStart;
        this.wallAtStart = wallAtStart;
    }

    static CpuMeter start() {
        return new CpuMeter(processCpuNanos(), System.nanoTime());
    }

    /**
     * The usage since {@link #start}, per {@code units} (orders processed, or requests/records for a baseline).
     * {@code bounding}: this JVM is the whole stack and the load ran flat out, so the cost per unit gives a ceiling.
     */
    Usage stop(long units, String unit, boolean bounding) {
        long now = processCpuNanos();
        return usage(now < 0 || cpuAtStart < 0 ? -1 : now - cpuAtStart, System.nanoTime() - wallAtStart, units, unit, bounding,
                Runtime.getRuntime().availableProcessors());
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
