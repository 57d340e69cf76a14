package com.scoville.bench;

import java.lang.management.ManagementFactory;

/** The machine a run measured: the figures mean little without it. */
record Machine(int cores, long memoryBytes, long maxHeapBytes, String javaVersion, String javaVm, String jvmArguments,
               String os, double loadAverageAtStart, double loadAverageAtEnd) {
    /**
     * Whether this JVM never compiles with C2 (stops at C1 or earlier). In a fresh JVM running broker, Streams, Jetty and the load generator, C2 keeps
     * compiling for minutes (35-50% of two cores in a one-minute run), so such a run measures the compiler, not the
     * service.
     */
    static boolean withoutC2() {
        return ManagementFactory.getRuntimeMXBean().getInputArguments().stream()
                .anyMatch(a -> a.equals(JitFork.C1_ONLY) || a.equals("-XX:TieredStopAtLevel=0"));
    }

    /** The 1-minute load average: other work on the machine (a build, a test run) skews every figure. */
    static double loadAverage() {
        return Math.round(ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage() * 100) / 100.0;
    }

    static Machine current(double loadAverageAtStart) {
        long memory = -1;
        if (ManagementFactory.getOperatingSystemMXBean() instanceof com.sun.management.OperatingSystemMXBean os) {
            memory = os.getTotalMemorySize();
        }
        return new Machine(Runtime.getRuntime().availableProcessors(), memory, Runtime.getRuntime().maxMemory(),
                System.getProperty("java.version"), System.getProperty("java.vm.name") + " " + System.getProperty("java.vm.version"),
                String.join(" ", ManagementFactory.getRuntimeMXBean().getInputArguments()),
                System.getProperty("os.name") + " " + System.getProperty("os.version") + " " + System.getProperty("os.arch"),
                loadAverageAtStart, loadAverage());
    }
}
