package com.scoville.bench;

import java.lang.management.ManagementFactory;

/**
 * CPU time this JVM spent over the load, and what it means per order. With {@code --embedded} the JVM is the whole
 * stack (broker, Kafka Streams, HTTP server and the load generator), so the cost per order turns into a ceiling:
 * what this machine could process if every core did nothing else.
 */
final class CpuMeter {
    /** Figures of one run; {@code ceilingPerSecond} is null when the service runs elsewhere. */
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

    /** The usage since {@link #start}, per {@code units} (orders processed, or requests/records for a baseline). */
    Usage stop(long units, String unit, boolean wholeStack) {
        long now = processCpuNanos();
        return usage(now < 0 || cpuAtStart < 0 ? -1 : now - cpuAtStart, System.nanoTime() - wallAtStart, units, unit, wholeStack,
                Runtime.getRuntime().availableProcessors());
    }

    static Usage usage(long cpuNanos, long wallNanos, long units, String unit, boolean wholeStack, int cores) {
        double cpu = Math.max(0, cpuNanos) / 1e9;
        double wall = wallNanos / 1e9;
        Double perUnit = units > 0 && cpuNanos >= 0 ? round(cpu * 1000 / units, 3) : null;
        Double ceiling = wholeStack && perUnit != null && perUnit > 0 ? round(cores * 1000 / perUnit, 0) : null;
        String scope = wholeStack ? "this JVM: broker, Kafka Streams, HTTP server and load generator"
                : "this JVM: the load generator only (the service runs elsewhere)";
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
