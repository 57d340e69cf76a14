package com.scoville.bench;

import java.util.List;

/** Other heavy work on this machine (a Maven build, a test JVM): on 2 cores it skews every figure, so the report says so. */
final class Contention {
    private static final List<String> HEAVY = List.of("surefire", "failsafe", "plexus-classworlds", "scoville.jar");

    private Contention() { }

    /** The other processes that look like a build, a test run or another Scoville, as "pid name". */
    static List<String> others() {
        long self = ProcessHandle.current().pid();
        return ProcessHandle.allProcesses()
                .filter(p -> p.pid() != self)
                .map(p -> p.pid() + " " + p.info().commandLine().orElse(""))
                .filter(line -> HEAVY.stream().anyMatch(line::contains))
                .map(line -> line.length() > 120 ? line.substring(0, 120) + "…" : line)
                .toList();
    }
}
