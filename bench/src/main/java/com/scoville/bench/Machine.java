package com.scoville.bench;

import java.lang.management.ManagementFactory;

/** The machine a run measured: the figures mean little without it. */
record Machine(int cores, long memoryBytes, long maxHeapBytes, String javaVersion, String javaVm, String jvmArguments,
               String os, double loadAverageAtStart, double loadAverageAtEnd) {
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
